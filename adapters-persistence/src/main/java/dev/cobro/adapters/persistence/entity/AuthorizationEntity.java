package dev.cobro.adapters.persistence.entity;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import org.hibernate.annotations.Fetch;
import org.hibernate.annotations.FetchMode;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A row of cobro.card_authorization. It has no place for a PAN, a CVV or a token id: only the
 * instrument's kind, masked value and keyed hash.
 */
@Entity
@Table(name = "card_authorization", schema = "cobro")
public class AuthorizationEntity {

    @Id
    @Column(name = "id")
    public UUID id;

    @Column(name = "provider", updatable = false, nullable = false, length = 32)
    public String provider;

    @Column(name = "account", updatable = false, nullable = false, length = 32)
    public String account;

    @Column(name = "operation_number", updatable = false, nullable = false, length = 9)
    public String operationNumber;

    @Column(name = "channel", updatable = false, nullable = false, length = 1)
    public String channel;

    @Column(name = "amount", updatable = false, nullable = false)
    public BigDecimal amount;

    @Column(name = "currency", updatable = false, nullable = false, length = 3)
    public String currency;

    @Column(name = "instrument_kind", updatable = false, nullable = false, length = 5)
    public String instrumentKind;

    @Column(name = "instrument_masked", updatable = false, nullable = false, length = 19)
    public String instrumentMasked;

    @Column(name = "instrument_token_hash", updatable = false, length = 64)
    public String instrumentTokenHash;

    @Embedded
    public CardHolderColumns holder;

    @Embedded
    public AddressColumns billing;

    @Embedded
    public AddressColumns shipping;

    // Read with the authorization; for a list of them, in one query rather than one per row.
    @ElementCollection(fetch = FetchType.EAGER)
    @Fetch(FetchMode.SUBSELECT)
    @CollectionTable(name = "card_authorization_field", schema = "cobro",
            joinColumns = @JoinColumn(name = "authorization_id"))
    @OrderColumn(name = "position")
    public List<AdditionalFieldColumns> additionalFields = new ArrayList<>();

    @Column(name = "description", updatable = false, length = 50)
    public String description;

    @Column(name = "customer_id", updatable = false, length = 64)
    public String customerId;

    @Column(name = "fingerprint", updatable = false, nullable = false, length = 64)
    public String fingerprint;

    @Column(name = "status", nullable = false, length = 24)
    public String status;

    @Embedded
    public ResponseColumns response;

    @Column(name = "failed_reversals", nullable = false)
    public int failedReversals;

    @Column(name = "created_at", updatable = false, nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /**
     * The optimistic guard of a save: a save writes over the row only while it is at the version the
     * aggregate was read at, and moves it on in the same statement ({@link dev.cobro.adapters.persistence.write.WriteBatch#versionedUpdate}).
     * Not updatable here because no write of Hibernate's own sets it.
     */
    @Column(name = "version", updatable = false, nullable = false)
    public long version;

    public AuthorizationEntity() {
    }
}
