package dev.cobro.domain.payment;

import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.StatusChange;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A payment's whole state, as a store keeps it: what {@link Payment#snapshot()} gives and
 * {@link Payment#restore(PaymentSnapshot)} takes back. Named fields rather than a long positional
 * list, so a store (or a test) says which value is which. {@code notificationKeyId}: the key that
 * signed the notification URL, null when unsigned; {@code statusChanges}: the whole history, in order.
 */
public record PaymentSnapshot(PaymentId id, ProviderId provider, AccountId account,
                              MerchantReference merchantReference, CheckoutDetails details, String fingerprint,
                              PaymentStatus status, Set<PaymentFlag> flags, String providerSessionId,
                              String providerReference, String checkoutUrl, String notificationKeyId,
                              Instant createdAt, Instant updatedAt, List<StatusChange<PaymentStatus>> statusChanges,
                              long version) {

    public PaymentSnapshot {
        Objects.requireNonNull(account, "account");
        flags = flags == null ? Set.of() : Set.copyOf(flags);
        statusChanges = List.copyOf(Objects.requireNonNull(statusChanges, "statusChanges"));
    }
}
