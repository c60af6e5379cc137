package dev.cobro.application.port.out;

/** Whether a charge may reuse the current provider session or must take a fresh one. */
public enum SessionPolicy {
    REUSE,
    /** Another open payment has the same (session, amount): a notification could not tell them apart. */
    FRESH
}
