package dev.cobro.domain.payment;

import dev.cobro.domain.shared.TransitionTable;

import java.util.EnumSet;
import java.util.Set;

/** The life of a hosted-checkout payment, as ARCHITECTURE.md draws it. */
public enum PaymentStatus {
    REQUESTED,
    AWAITING_CUSTOMER,
    SUCCEEDED,
    FAILED,
    CANCELLED,
    EXPIRED,
    REJECTED,
    NOT_SENT,
    UNKNOWN;

    /** The whole state machine in one place. */
    public static final TransitionTable<PaymentStatus> TRANSITIONS = TransitionTable.of("payment", PaymentStatus.class)
            .from(REQUESTED, AWAITING_CUSTOMER, REJECTED, NOT_SENT, UNKNOWN)
            .from(AWAITING_CUSTOMER, SUCCEEDED, FAILED, CANCELLED, EXPIRED)
            .from(UNKNOWN, SUCCEEDED, FAILED, CANCELLED, EXPIRED)
            // A late verified COMPLETED: the customer's money did arrive, so it is accepted (and
            // flagged LATE), after Cobro expired the payment or the provider said it failed or was cancelled.
            .from(EXPIRED, SUCCEEDED)
            .from(FAILED, SUCCEEDED)
            .from(CANCELLED, SUCCEEDED)
            // Nothing reached the provider: the same idempotency key may send again.
            .from(NOT_SENT, REQUESTED)
            // A checkout whose creation went unanswered, sent again under the same idempotency key and
            // answered this time: the checkout exists with its URL. Nothing can have been paid meanwhile,
            // since no one had the URL and a checkout alone moves no money; any other answer leaves it UNKNOWN.
            .from(UNKNOWN, AWAITING_CUSTOMER)
            .build();

    /** Statuses in which a notification may still arrive for the payment. */
    public static final Set<PaymentStatus> OPEN = EnumSet.of(REQUESTED, AWAITING_CUSTOMER, UNKNOWN);

    /** Statuses a provider's notification can settle a payment in. */
    public static final Set<PaymentStatus> SETTLED_BY_NOTIFICATION = EnumSet.of(SUCCEEDED, FAILED, CANCELLED, EXPIRED);

    /** Final statuses a later verified COMPLETED still moves to SUCCEEDED, flagged LATE. */
    public static final Set<PaymentStatus> LATE_SUCCESS_FROM = EnumSet.of(EXPIRED, FAILED, CANCELLED);

    public boolean isOpen() {
        return OPEN.contains(this);
    }
}
