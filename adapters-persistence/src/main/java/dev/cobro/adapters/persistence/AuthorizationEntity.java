package dev.cobro.adapters.persistence;

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
import jakarta.persistence.Version;
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
class AuthorizationEntity {

    @Id
    @Column(name = "id")
    public UUID id;

    @Column(name = "provider", nullable = false, length = 32)
    public String provider;

    @Column(name = "account", nullable = false, length = 32)
    public String account;

    @Column(name = "operation_number", nullable = false, length = 9)
    public String operationNumber;

    @Column(name = "channel", nullable = false, length = 1)
    public String channel;

    @Column(name = "amount", nullable = false)
    public BigDecimal amount;

    @Column(name = "currency", nullable = false, length = 3)
    public String currency;

    @Column(name = "instrument_kind", nullable = false, length = 5)
    public String instrumentKind;

    @Column(name = "instrument_masked", nullable = false, length = 19)
    public String instrumentMasked;

    @Column(name = "instrument_token_hash", length = 64)
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

    @Column(name = "description", length = 50)
    public String description;

    @Column(name = "customer_id", length = 64)
    public String customerId;

    @Column(name = "fingerprint", nullable = false, length = 64)
    public String fingerprint;

    @Column(name = "status", nullable = false, length = 24)
    public String status;

    @Embedded
    public ResponseColumns response;

    @Column(name = "failed_reversals", nullable = false)
    public int failedReversals;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    @Column(name = "version", nullable = false)
    public long version;

    /** The whole row, as the write-ahead inserts it. */
    Row row() {
        CardHolderColumns h = holder == null ? new CardHolderColumns() : holder;
        Row row = new Row(64)
                .uuid("id", id)
                .text("provider", provider)
                .text("account", account)
                .text("operation_number", operationNumber)
                .text("channel", channel)
                .number("amount", amount)
                .text("currency", currency)
                .text("instrument_kind", instrumentKind)
                .text("instrument_masked", instrumentMasked)
                .text("instrument_token_hash", instrumentTokenHash)
                .text("holder_first_name", h.firstName)
                .text("holder_last_name", h.lastName)
                .text("holder_email_address", h.emailAddress)
                .text("holder_identity_document_country", h.identityDocumentCountry)
                .text("holder_identity_document_type", h.identityDocumentType)
                .text("holder_identity_document_identifier", h.identityDocumentIdentifier)
                .address("billing", billing)
                .address("shipping", shipping)
                .text("description", description)
                .text("customer_id", customerId)
                .text("fingerprint", fingerprint)
                .text("status", status);
        return response(row)
                .integer("failed_reversals", failedReversals)
                .time("created_at", createdAt)
                .time("updated_at", updatedAt)
                // Seeded as Hibernate seeds a new entity's version: its own value unless negative.
                .bigint("version", Math.max(version, 0));
    }

    /** The rows of the additional fields, in their order. */
    List<Row> fieldRows() {
        List<Row> rows = new ArrayList<>();
        for (int position = 0; position < additionalFields.size(); position++) {
            AdditionalFieldColumns field = additionalFields.get(position);
            rows.add(new Row()
                    .uuid("authorization_id", id)
                    .integer("position", position)
                    .text("field_key", field.key)
                    .text("field_value", field.value));
        }
        return rows;
    }

    /** The columns an authorization may change after its write-ahead ({@link AuthorizationMapper#writeState}). */
    Row stateRow() {
        return response(new Row(16).text("status", status))
                .integer("failed_reversals", failedReversals)
                .time("updated_at", updatedAt);
    }

    /** The provider's answer's six columns, all null before there is one. */
    private Row response(Row row) {
        ResponseColumns r = response == null ? new ResponseColumns() : response;
        return row
                .text("provider_transaction_id", r.providerTransactionId)
                .text("authorization_code", r.authorizationCode)
                .text("response_code", r.responseCode)
                .text("response_message", r.message)
                .text("response_locale", r.locale)
                .text("provider_masked_pan", r.providerMaskedPan);
    }

    AuthorizationEntity() {
    }
}
