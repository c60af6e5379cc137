package dev.cobro.adapters.persistence.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A row of cobro.checkout_payment. Public to the adapter's other packages only: an ArchUnit rule keeps
 * the rest of Cobro off its public fields.
 */
@Entity
@Table(name = "checkout_payment", schema = "cobro")
public class PaymentEntity {

    @Id
    @Column(name = "id")
    public UUID id;

    @Column(name = "provider", updatable = false, nullable = false, length = 32)
    public String provider;

    @Column(name = "account", updatable = false, nullable = false, length = 32)
    public String account;

    @Column(name = "merchant_reference", updatable = false, nullable = false, length = 64)
    public String merchantReference;

    @Column(name = "customer_id", updatable = false, nullable = false, length = 64)
    public String customerId;

    @Column(name = "amount", updatable = false, nullable = false)
    public BigDecimal amount;

    @Column(name = "currency", updatable = false, nullable = false, length = 3)
    public String currency;

    @Column(name = "country", updatable = false, nullable = false, length = 3)
    public String country;

    @Column(name = "method_code", updatable = false, nullable = false, length = 32)
    public String methodCode;

    @Column(name = "method_category", updatable = false, nullable = false, length = 16)
    public String methodCategory;

    @Column(name = "description", updatable = false, nullable = false, length = 50)
    public String description;

    @Column(name = "notification_url", updatable = false, nullable = false, length = 2048)
    public String notificationUrl;

    @Column(name = "return_url", updatable = false, nullable = false, length = 2048)
    public String returnUrl;

    @Column(name = "fingerprint", updatable = false, nullable = false, length = 64)
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

    @Column(name = "refunded_amount", nullable = false)
    public BigDecimal refundedAmount;

    @Column(name = "provider_payment_id", length = 64)
    public String providerPaymentId;

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

    public PaymentEntity() {
    }
}
