package dev.cobro.application.port.out;

import dev.cobro.domain.attempt.AttemptOperation;
import dev.cobro.domain.attempt.AttemptStatus;
import dev.cobro.domain.attempt.ProviderAttempt;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Reads the provider attempts that the stores write. */
public interface AttemptLogPort {

    /** Every attempt for one payment or authorization, by attempt number. */
    List<ProviderAttempt> attemptsOf(UUID subjectId);

    /**
     * Attempts still REQUESTED that started before {@code before}: the process died mid-call, or
     * the outcome could not be written. Oldest first.
     */
    List<ProviderAttempt> findUnfinishedStartedBefore(Instant before, int limit);

    /** Attempts of {@code operation} that ended in {@code status} and started before {@code before}, oldest first. */
    List<ProviderAttempt> findByOperationAndStatus(AttemptOperation operation, AttemptStatus status, Instant before,
                                                   int limit);
}
