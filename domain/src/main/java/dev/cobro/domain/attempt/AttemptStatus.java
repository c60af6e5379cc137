package dev.cobro.domain.attempt;

/** How one provider call ended. REQUESTED: recorded before the call, no outcome yet. */
public enum AttemptStatus {
    REQUESTED,
    /** The provider answered and did what was asked (charge created, approved, reversed). */
    SUCCEEDED,
    /** The provider answered with a card decline. */
    DECLINED,
    /** The provider refused the request before processing it (validation, 4xx). */
    REJECTED,
    /** The provider answered that the operation failed (a reversal's code 01). */
    FAILED,
    /** Nothing reached the provider. */
    NOT_SENT,
    /** No answer: the request may or may not have been processed. */
    UNKNOWN
}
