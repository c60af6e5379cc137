package dev.cobro.application.port.in;

import dev.cobro.domain.attempt.AttemptOperation;
import dev.cobro.domain.attempt.AttemptStatus;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.TransactionKind;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One recorded provider call, read-only: what was sent and answered, both redacted as they were stored.
 *
 * @param number     the attempt's number for its subject, from 1
 * @param finishedAt when the answer (or the failure) came, or null while it has none
 */
public record AttemptView(UUID id, TransactionKind subjectKind, UUID subjectId, ProviderId provider,
                          AccountId account, AttemptOperation operation, int number, Instant startedAt,
                          String request, AttemptStatus status, Instant finishedAt, Integer httpStatus,
                          String providerCode, String providerMessage, String response) {

    public AttemptView {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
    }

    /** Time from start to finish, or null while the attempt has no outcome. */
    public Duration latency() {
        return finishedAt == null ? null : Duration.between(startedAt, finishedAt);
    }

    public boolean isFinished() {
        return finishedAt != null;
    }

    @Override
    public String toString() {
        return "ProviderAttempt[" + provider + " " + operation.code() + " #" + number + " " + status + "]";
    }
}
