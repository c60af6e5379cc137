package dev.cobro.application.port.out;

import dev.cobro.domain.authorization.AuthorizationStatus;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.TransactionKind;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * One status change of a payment or an authorization, as the host's {@link OutcomeListener} receives
 * it. {@code id} orders the events of one subject and lets a listener drop a repeat (delivery is at
 * least once). {@code reference} is the merchant reference of a checkout payment or the operation
 * number of an authorization; {@code from} is null for the subject's creation. {@code flags} are the
 * subject's flags after the change ({@code LATE_NOTIFICATION}, {@code ECHO_MISMATCH}).
 * {@code deliveredAt} is null while pending; {@code deliveryTries} counts the listener's failures
 * and its success.
 */
public record OutcomeEvent(long id, TransactionKind kind, UUID subjectId, ProviderId provider, String account,
                           String reference, String from, String to, String reason, Set<String> flags,
                           Instant occurredAt, Instant deliveredAt, int deliveryTries, Instant nextAttemptAt) {

    public OutcomeEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subjectId, "subjectId");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(occurredAt, "occurredAt");
        flags = Set.copyOf(flags);
        reason = reason == null ? "" : reason;
    }

    /** The status a checkout payment moved to; only for events of kind checkout_payment. */
    public PaymentStatus paymentStatus() {
        if (kind != TransactionKind.CHECKOUT_PAYMENT) {
            throw new IllegalStateException("event " + id + " is about a " + kind.code() + ", not a checkout payment");
        }
        return PaymentStatus.valueOf(to);
    }

    /** The status a card authorization moved to; only for events of kind card_authorization. */
    public AuthorizationStatus authorizationStatus() {
        if (kind != TransactionKind.CARD_AUTHORIZATION) {
            throw new IllegalStateException("event " + id + " is about a " + kind.code() + ", not a card authorization");
        }
        return AuthorizationStatus.valueOf(to);
    }

    public boolean isDelivered() {
        return deliveredAt != null;
    }
}
