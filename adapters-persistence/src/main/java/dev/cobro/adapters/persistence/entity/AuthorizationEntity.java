package dev.cobro.adapters.persistence.entity;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import org.hibernate.annotations.Fetch;
import org.hibernate.annotations.FetchMode;

import java.util.ArrayList;
import java.util.List;

/**
 * A row of cobro.card_authorization. It has no place for a PAN, a CVV or a token id: only the
 * instrument's kind, masked value and keyed hash ({@link InstrumentColumns}).
 */
@Entity
@Table(name = "card_authorization", schema = "cobro")
public class AuthorizationEntity extends AggregateEntity {

    @Column(updatable = false) public String operationNumber;
    @Column(updatable = false) public String channel;
    @Embedded public InstrumentColumns instrument;
    @Embedded public CardHolderColumns holder;
    @Embedded public AddressColumns billing;
    @Embedded public AddressColumns shipping;

    // Read with the authorization; for a list of them, in one query rather than one per row.
    @ElementCollection(fetch = FetchType.EAGER)
    @Fetch(FetchMode.SUBSELECT)
    @CollectionTable(name = "card_authorization_field", schema = "cobro",
            joinColumns = @JoinColumn(name = "authorization_id"))
    @OrderColumn(name = "position")
    public List<AdditionalFieldColumns> additionalFields = new ArrayList<>();

    @Column(updatable = false) public String description;
    @Column(updatable = false) public String customerId;
    @Embedded public ResponseColumns response;
    public int failedReversals;

    public AuthorizationEntity() {
    }
}
