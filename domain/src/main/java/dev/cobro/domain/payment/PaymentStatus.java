package dev.cobro.domain.payment;

import dev.cobro.domain.shared.SendStatuses;
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
    UNKNOWN,
    /** Part of a SUCCEEDED payment's amount went back to the customer; more may follow. */
    PARTIALLY_REFUNDED,
    /** The whole amount went back to the customer. */
    REFUNDED,
    /** The customer's bank took the money back (a chargeback). */
    CHARGED_BACK;

    /** Where a checkout call that brings no checkout answer lands the payment. */
    static final SendStatuses<PaymentStatus> SEND = new SendStatuses<>(REQUESTED, REJECTED, NOT_SENT, UNKNOWN);

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
            // After success the money can only go back. A further partial refund is a change of its
            // own (PARTIALLY_REFUNDED again, with its event), so each refund is in the history.
            .from(SUCCEEDED, PARTIALLY_REFUNDED, REFUNDED, CHARGED_BACK)
            .from(PARTIALLY_REFUNDED, PARTIALLY_REFUNDED, REFUNDED, CHARGED_BACK)
            // REFUNDED and CHARGED_BACK are final. Once everything is refunded there is no money left
            // for a chargeback to take (a dispute of it is the provider's to refuse); once charged back,
            // nothing is left to refund, and a dispute the merchant later wins is followed in the
            // provider's dispute process, not by moving the payment back.
            .build();

    /** Statuses in which a notification may still arrive for the payment. */
    public static final Set<PaymentStatus> OPEN = EnumSet.of(REQUESTED, AWAITING_CUSTOMER, UNKNOWN);

    /** Statuses a provider's notification can settle a payment in. */
    public static final Set<PaymentStatus> SETTLED_BY_NOTIFICATION = EnumSet.of(SUCCEEDED, FAILED, CANCELLED, EXPIRED);

    /** Statuses after success that a provider's later report (refund, chargeback) moves a payment to. */
    public static final Set<PaymentStatus> AFTER_SUCCESS = EnumSet.of(PARTIALLY_REFUNDED, REFUNDED, CHARGED_BACK);

    /** Statuses in which part of the amount may still be refunded. */
    public static final Set<PaymentStatus> REFUNDABLE = EnumSet.of(SUCCEEDED, PARTIALLY_REFUNDED);

    /** Final statuses a later verified COMPLETED still moves to SUCCEEDED, flagged LATE. */
    public static final Set<PaymentStatus> LATE_SUCCESS_FROM = EnumSet.of(EXPIRED, FAILED, CANCELLED);

    public boolean isOpen() {
        return OPEN.contains(this);
    }
}
