package dev.cobro.application.port.in;

import dev.cobro.domain.payment.CheckoutDetails;
import dev.cobro.domain.payment.MerchantReference;
import dev.cobro.domain.payment.PaymentFlag;
import dev.cobro.domain.payment.PaymentId;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.Money;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.StatusChange;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A checkout payment as a host sees it: a snapshot, read-only, taken when the use case answered. The
 * provider's session id is not in it: whoever reads it could forge the payment's notifications.
 *
 * @param notificationKeyId the id of the key that signed the payment's notification URL, or null
 * @param statusChanges     every status the payment went through, oldest first
 * @param refunded          what went back to the customer so far (zero when nothing did)
 */
public record PaymentView(PaymentId id, ProviderId provider, AccountId account, MerchantReference merchantReference,
                          CheckoutDetails details, PaymentStatus status, Set<PaymentFlag> flags,
                          String providerReference, String checkoutUrl, String notificationKeyId,
                          Instant createdAt, Instant updatedAt, List<StatusChange<PaymentStatus>> statusChanges,
                          Money refunded) {

    public PaymentView {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        // In the enum's order, so that whoever prints them prints them alike every time.
        flags = flags.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(flags));
        statusChanges = List.copyOf(statusChanges);
    }

    /** Why the payment has its status: the reason of its last change. */
    public String statusReason() {
        return statusChanges.isEmpty() ? null : statusChanges.get(statusChanges.size() - 1).reason();
    }

    @Override
    public String toString() {
        return "Payment[" + id + " " + provider + " " + merchantReference + " " + details.money() + " " + status + "]";
    }
}
