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
@AttributeOverride(name = "provider", column = @Column)
@AttributeOverride(name = "account", column = @Column)
public class PaymentEntity extends AggregateEntity {

    @Column(updatable = false) public String merchantReference;
    @Column(updatable = false) public String customerId;
    @Column(updatable = false) public String country;
    @Column(updatable = false) public String methodCode;
    @Column(updatable = false) public String methodCategory;
    @Column(updatable = false) public String description;
    @Column(updatable = false) public String notificationUrl;
    @Column(updatable = false) public String returnUrl;
    public boolean echoMismatch;
    public boolean lateNotification;
    /** Cobro chose the provider: the merchant reference alone is the payment's key (V13's indexes). */
    @Column(updatable = false) public boolean routed;
    public String providerSessionId;
    public String providerReference;
    public String checkoutUrl;
    public String notificationKeyId;
    public BigDecimal refundedAmount;
    public String providerPaymentId;

    public PaymentEntity() {
    }
}
