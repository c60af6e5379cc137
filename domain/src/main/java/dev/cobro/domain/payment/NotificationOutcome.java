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
    /**
     * Matched without Cobro's signature (only when unverified notifications are accepted) by
     * reference or session, but its amount or currency differ from the payment's.
     */
    REJECTED,
    /**
     * It is not proven to come from the provider about the payment it names: Cobro's signature on
     * the notification URL is missing or wrong, or the provider's own proof (88Pay's bearer token)
     * is missing, wrong or stale. Nothing changes.
     */
    UNVERIFIED,
    /**
     * Its signature pins it to one payment, but its body does not match that payment (session or
     * reference, amount, currency), or it carries no amount. Nothing changes.
     */
    MISMATCHED
}
