package dev.cobro.domain.payment;

import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.StatusChange;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A payment's whole state, as a store keeps it: what {@link Payment#snapshot()} gives and
 * {@link Payment#restore(PaymentSnapshot)} takes back. Named fields rather than a long positional
 * list, so a store (or a test) says which value is which. {@code notificationKeyId}: the key that
 * signed the notification URL, null when unsigned; {@code statusChanges}: the whole history, in order;
 * {@code refundedAmount}: what went back to the customer so far (null or zero: nothing);
 * {@code providerPaymentId}: the provider's id of the payment that settled the checkout, when the
 * provider has one of its own (a refund names it), else null.
 */
public record PaymentSnapshot(PaymentId id, ProviderId provider, AccountId account,
                              MerchantReference merchantReference, CheckoutDetails details, String fingerprint,
                              PaymentStatus status, Set<PaymentFlag> flags, String providerSessionId,
                              String providerReference, String checkoutUrl, String notificationKeyId,
                              Instant createdAt, Instant updatedAt, List<StatusChange<PaymentStatus>> statusChanges,
                              long version, BigDecimal refundedAmount, String providerPaymentId) {

    /** A payment with nothing refunded and no provider payment id. */
    public PaymentSnapshot(PaymentId id, ProviderId provider, AccountId account, MerchantReference merchantReference,
                           CheckoutDetails details, String fingerprint, PaymentStatus status, Set<PaymentFlag> flags,
                           String providerSessionId, String providerReference, String checkoutUrl,
                           String notificationKeyId, Instant createdAt, Instant updatedAt,
                           List<StatusChange<PaymentStatus>> statusChanges, long version) {
        this(id, provider, account, merchantReference, details, fingerprint, status, flags, providerSessionId,
                providerReference, checkoutUrl, notificationKeyId, createdAt, updatedAt, statusChanges, version,
                null, null);
    }

    public PaymentSnapshot {
        Objects.requireNonNull(account, "account");
        flags = flags == null ? Set.of() : Set.copyOf(flags);
        statusChanges = List.copyOf(Objects.requireNonNull(statusChanges, "statusChanges"));
    }
}
