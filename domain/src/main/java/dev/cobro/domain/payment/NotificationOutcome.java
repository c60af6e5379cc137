package dev.cobro.domain.payment;

/** What Cobro did with a provider's notification. The host answers 200 in every case. */
public enum NotificationOutcome {
    /** It matched one payment and moved it to the notified status. */
    APPLIED,
    /** It repeated one already applied: nothing changed. */
    DUPLICATE,
    /** No open payment, or several, matched it. */
    UNMATCHED,
    /** It matched, but its status is not one Cobro knows, or the move is not allowed. */
    IGNORED,
    /** It matched by reference or session, but its amount or currency differ from the payment's. */
    REJECTED
}
