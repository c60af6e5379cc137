package dev.cobro.domain.attempt;

import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.TransactionKind;

import java.time.Instant;
import java.util.UUID;

/**
 * A provider attempt's whole state, as the attempt log keeps it: what {@link ProviderAttempt#snapshot()}
 * gives and {@link ProviderAttempt#restore(AttemptSnapshot)} takes back. The outcome's fields
 * ({@code finishedAt} to {@code response}) are null while the attempt is REQUESTED.
 */
public record AttemptSnapshot(UUID id, TransactionKind subjectKind, UUID subjectId, ProviderId provider,
                              AccountId account, AttemptOperation operation, int number, Instant startedAt,
                              String request, AttemptStatus status, Instant finishedAt, Integer httpStatus,
                              String providerCode, String providerMessage, String response) {
}
