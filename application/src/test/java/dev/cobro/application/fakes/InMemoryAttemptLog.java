package dev.cobro.application.fakes;

import dev.cobro.application.port.out.AttemptLogPort;
import dev.cobro.application.port.out.AttemptInProgressException;
import dev.cobro.application.port.out.ConcurrentUpdateException;
import dev.cobro.application.port.out.DuplicateKeyException;
import dev.cobro.domain.attempt.AttemptOperation;
import dev.cobro.domain.attempt.AttemptStatus;
import dev.cobro.domain.attempt.ProviderAttempt;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The provider attempts written by the in-memory stores. The stores that share one log also share
 * its lock, so a payment (or authorization) and its attempt change together or not at all.
 * Attempts are kept as copies: a caller that changes its object changes nothing stored.
 */
public final class InMemoryAttemptLog implements AttemptLogPort {

    private final Map<UUID, ProviderAttempt> attempts = new LinkedHashMap<>();

    @Override
    public synchronized List<ProviderAttempt> attemptsOf(UUID subjectId) {
        return attempts.values().stream()
                .filter(a -> a.subjectId().equals(subjectId))
                .sorted(Comparator.comparingInt(ProviderAttempt::number))
                .map(InMemoryAttemptLog::copy)
                .collect(Collectors.toList());
    }

    @Override
    public synchronized List<ProviderAttempt> findUnfinishedStartedBefore(Instant before, int limit) {
        return attempts.values().stream()
                .filter(a -> !a.isFinished() && a.startedAt().isBefore(before))
                .sorted(Comparator.comparing(ProviderAttempt::startedAt))
                .limit(limit)
                .map(InMemoryAttemptLog::copy)
                .collect(Collectors.toList());
    }

    @Override
    public synchronized List<ProviderAttempt> findByOperationAndStatus(AttemptOperation operation, AttemptStatus status,
                                                                       Instant before, int limit) {
        return attempts.values().stream()
                .filter(a -> a.operation() == operation && a.status() == status && a.startedAt().isBefore(before))
                .sorted(Comparator.comparing(ProviderAttempt::startedAt))
                .limit(limit)
                .map(InMemoryAttemptLog::copy)
                .collect(Collectors.toList());
    }

    /** Every attempt, in the order they were first written. */
    public synchronized List<ProviderAttempt> all() {
        return attempts.values().stream().map(InMemoryAttemptLog::copy).collect(Collectors.toList());
    }

    /**
     * Throws unless {@code attempt} may be inserted (new id, new number for its subject, and no other
     * REQUESTED attempt of the subject when it is REQUESTED: the partial unique index) or updated
     * (only while the stored one is REQUESTED: the guarded update).
     */
    synchronized void check(ProviderAttempt attempt, UUID subjectId, boolean mustBeNew) {
        if (!attempt.subjectId().equals(subjectId)) {
            throw new IllegalArgumentException("attempt " + attempt.id() + " belongs to " + attempt.subjectId()
                    + ", not to " + subjectId);
        }
        ProviderAttempt stored = attempts.get(attempt.id());
        if (stored == null) {
            boolean numberTaken = attempts.values().stream()
                    .anyMatch(a -> a.subjectId().equals(subjectId) && a.number() == attempt.number());
            if (numberTaken) {
                // As PostgreSQL's uq_provider_attempt_number: another caller recorded this step first.
                throw new ConcurrentUpdateException("attempt number " + attempt.number() + " of " + subjectId
                        + " is already stored");
            }
            boolean unfinished = attempts.values().stream()
                    .anyMatch(a -> a.subjectId().equals(subjectId) && !a.isFinished());
            if (unfinished && !attempt.isFinished()) {
                throw new AttemptInProgressException("attempt " + attempt.id() + ": " + subjectId
                        + " already has an unfinished provider call");
            }
            return;
        }
        if (mustBeNew) {
            throw new DuplicateKeyException("attempt " + attempt.id() + " is already stored");
        }
        if (stored.isFinished()) {
            throw new ConcurrentUpdateException("attempt " + attempt.id() + " already finished as " + stored.status()
                    + "; an attempt finishes once and is never overwritten");
        }
    }

    synchronized void put(ProviderAttempt attempt) {
        attempts.put(attempt.id(), copy(attempt));
    }

    static ProviderAttempt copy(ProviderAttempt a) {
        return ProviderAttempt.restore(a.snapshot());
    }
}
