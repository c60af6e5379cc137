package dev.cobro.adapters.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A row of cobro.checkout_payment. Package-private: its public fields are seen by this package only. */
@Entity
@Table(name = "checkout_payment", schema = "cobro")
class PaymentEntity {

    @Id
    @Column(name = "id")
    public UUID id;

    @Column(name = "provider", nullable = false, length = 32)
    public String provider;

    @Column(name = "account", nullable = false, length = 32)
    public String account;

    @Column(name = "merchant_reference", nullable = false, length = 64)
    public String merchantReference;

    @Column(name = "customer_id", nullable = false, length = 64)
    public String customerId;

    @Column(name = "amount", nullable = false)
    public BigDecimal amount;

    @Column(name = "currency", nullable = false, length = 3)
    public String currency;

    @Column(name = "country", nullable = false, length = 3)
    public String country;

    @Column(name = "method_code", nullable = false, length = 32)
    public String methodCode;

    @Column(name = "method_category", nullable = false, length = 16)
    public String methodCategory;

    @Column(name = "description", nullable = false, length = 50)
    public String description;

    @Column(name = "notification_url", nullable = false, length = 2048)
    public String notificationUrl;

    @Column(name = "return_url", nullable = false, length = 2048)
    public String returnUrl;

    @Column(name = "fingerprint", nullable = false, length = 64)
    public String fingerprint;

    @Column(name = "status", nullable = false, length = 24)
    public String status;

    @Column(name = "echo_mismatch", nullable = false)
    public boolean echoMismatch;

    @Column(name = "late_notification", nullable = false)
    public boolean lateNotification;

    @Column(name = "provider_session_id")
    public String providerSessionId;

    @Column(name = "provider_reference")
    public String providerReference;

    @Column(name = "checkout_url")
    public String checkoutUrl;

    @Column(name = "notification_key_id", length = 64)
    public String notificationKeyId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    @Column(name = "version", nullable = false)
    public long version;

    /** The whole row, as the write-ahead inserts it. */
    Row row() {
        Row row = new Row(48)
                .uuid("id", id)
                .text("provider", provider)
                .text("account", account)
                .text("merchant_reference", merchantReference)
                .text("customer_id", customerId)
                .number("amount", amount)
                .text("currency", currency)
                .text("country", country)
                .text("method_code", methodCode)
                .text("method_category", methodCategory)
                .text("description", description)
                .text("notification_url", notificationUrl)
                .text("return_url", returnUrl)
                .text("fingerprint", fingerprint);
        return state(row)
                .time("created_at", createdAt)
                .time("updated_at", updatedAt)
                // Seeded as Hibernate seeds a new entity's version: its own value unless negative.
                .bigint("version", Math.max(version, 0));
    }

    /** The columns a payment may change after its write-ahead ({@link PaymentMapper#writeState}). */
    Row stateRow() {
        return state(new Row()).time("updated_at", updatedAt);
    }

    private Row state(Row row) {
        return row
                .text("status", status)
                .bool("echo_mismatch", echoMismatch)
                .bool("late_notification", lateNotification)
                .text("provider_session_id", providerSessionId)
                .text("provider_reference", providerReference)
                .text("checkout_url", checkoutUrl)
                .text("notification_key_id", notificationKeyId);
    }

    PaymentEntity() {
    }
}
