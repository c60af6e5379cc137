package dev.cobro.domain.authorization;

import dev.cobro.domain.shared.SendStatuses;
import dev.cobro.domain.shared.TransitionTable;

/** The life of a card authorization, as ARCHITECTURE.md draws it. */
public enum AuthorizationStatus {
    REQUESTED,
    AUTHORIZED,
    DECLINED,
    REJECTED,
    NOT_SENT,
    UNKNOWN,
    REVERSED,
    NEEDS_REVIEW;

    public static final TransitionTable<AuthorizationStatus> TRANSITIONS =
            TransitionTable.of("authorization", AuthorizationStatus.class)
                    .from(REQUESTED, AUTHORIZED, DECLINED, REJECTED, NOT_SENT, UNKNOWN)
                    .from(AUTHORIZED, REVERSED)
                    // A timeout is resolved by a reversal, or by later evidence of the outcome.
                    .from(UNKNOWN, REVERSED, AUTHORIZED, DECLINED, NEEDS_REVIEW)
                    // Nothing reached the provider: the same idempotency key may send again.
                    .from(NOT_SENT, REQUESTED)
                    .build();

    /** Where a call to Pay-me that brings no authorization answer lands it. */
    static final SendStatuses<AuthorizationStatus> SEND = new SendStatuses<>(REQUESTED, REJECTED, NOT_SENT, UNKNOWN);
}
