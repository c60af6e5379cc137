package dev.cobro.adapters.persistence;

import dev.cobro.adapters.persistence.entity.AttemptEntity;
import dev.cobro.adapters.persistence.mapping.AttemptMapper;
import dev.cobro.adapters.persistence.mapping.TimestampColumns;
import dev.cobro.adapters.persistence.support.StoreCalls;
import dev.cobro.application.port.out.AttemptLogPort;
import dev.cobro.domain.attempt.AttemptOperation;
import dev.cobro.domain.attempt.AttemptStatus;
import dev.cobro.domain.attempt.ProviderAttempt;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Reads cobro.provider_attempt; the stores write it. */
public final class PostgresAttemptLogAdapter implements AttemptLogPort {

    private final StoreCalls calls;

    PostgresAttemptLogAdapter(StoreCalls calls) {
        this.calls = calls;
    }

    @Override
    public List<ProviderAttempt> attemptsOf(UUID subjectId) {
        return calls.read("read attempts of " + subjectId, s -> s.createQuery(
                        "from AttemptEntity a where a.subjectId = :id order by a.attemptNumber", AttemptEntity.class)
                .setParameter("id", subjectId)
                .getResultList()
                .stream().map(AttemptMapper.INSTANCE::restore).toList());
    }

    @Override
    public List<ProviderAttempt> findUnfinishedStartedBefore(Instant before, int limit) {
        return calls.read("find unfinished attempts", s -> s.createQuery(
                        "from AttemptEntity a where a.status = :status and a.startedAt < :before"
                                + " order by a.startedAt, a.id", AttemptEntity.class)
                .setParameter("status", AttemptStatus.REQUESTED.name())
                .setParameter("before", TimestampColumns.micros(before))
                .setMaxResults(limit)
                .getResultList()
                .stream().map(AttemptMapper.INSTANCE::restore).toList());
    }

    @Override
    public List<ProviderAttempt> findByOperationAndStatus(AttemptOperation operation, AttemptStatus status,
                                                          Instant before, int limit) {
        return calls.read("find attempts by operation and status", s -> s.createQuery(
                        "from AttemptEntity a where a.operation = :operation and a.status = :status"
                                + " and a.startedAt < :before order by a.startedAt, a.id", AttemptEntity.class)
                .setParameter("operation", operation.name())
                .setParameter("status", status.name())
                .setParameter("before", TimestampColumns.micros(before))
                .setMaxResults(limit)
                .getResultList()
                .stream().map(AttemptMapper.INSTANCE::restore).toList());
    }
}
