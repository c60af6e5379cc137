package dev.cobro.adapters.persistence.entity;

import jakarta.persistence.AttributeOverride;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.math.BigDecimal;

/**
 * A row of cobro.checkout_payment. Public to the adapter's other packages only: an ArchUnit rule keeps
 * the rest of Cobro off its public fields. Its provider and account are updatable, unlike an
 * authorization's: a routed payment moves to the next provider (and its account) of its route while
 * nothing reached the last.
 */
@Entity
@Table(name = "checkout_payment", schema = "cobro")
@AttributeOverride(name = "provider", column = @Column(name = "provider", nullable = false, length = 32))
@AttributeOverride(name = "account", column = @Column(name = "account", nullable = false, length = 32))
public class PaymentEntity extends AggregateEntity {

    @Column(name = "merchant_reference", updatable = false, nullable = false, length = 64)
    public String merchantReference;

    @Column(name = "customer_id", updatable = false, nullable = false, length = 64)
    public String customerId;

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

    @Column(name = "echo_mismatch", nullable = false)
    public boolean echoMismatch;

    @Column(name = "late_notification", nullable = false)
    public boolean lateNotification;

    /** Cobro chose the provider: the merchant reference alone is the payment's key (V13's indexes). */
    @Column(name = "routed", updatable = false, nullable = false)
    public boolean routed;

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

    public PaymentEntity() {
    }
}
