package dev.cobro.adapters.http.payme;

import dev.cobro.application.port.out.AttemptLogPort;
import dev.cobro.application.port.out.AuthorizationStorePort;
import dev.cobro.application.port.out.ConcurrentUpdateException;
import dev.cobro.application.port.out.DuplicateKeyException;
import dev.cobro.domain.attempt.AttemptOperation;
import dev.cobro.domain.attempt.AttemptStatus;
import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.authorization.Authorization;
import dev.cobro.domain.authorization.AuthorizationId;
import dev.cobro.domain.authorization.AuthorizationStatus;
import dev.cobro.domain.authorization.OperationNumber;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.ProviderId;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The authorization and attempt stores in memory, with the ports' contract (unique key, optimistic versions). */
final class InMemoryAuthorizationStore implements AuthorizationStorePort, AttemptLogPort {

    private final Map<AuthorizationId, Authorization> authorizations = new LinkedHashMap<>();
    private final Map<AuthorizationId, Long> versions = new HashMap<>();
    private final Map<UUID, ProviderAttempt> attempts = new LinkedHashMap<>();

    @Override
    public synchronized void insertRequested(Authorization authorization, ProviderAttempt attempt) {
        if (findByOperationNumber(authorization.provider(), authorization.operationNumber()).isPresent()) {
            throw new DuplicateKeyException("operation number " + authorization.operationNumber() + " is taken");
        }
        authorizations.put(authorization.id(), authorization);
        versions.put(authorization.id(), authorization.version());
        attempts.put(attempt.id(), attempt);
    }

    @Override
    public synchronized void save(Authorization authorization, ProviderAttempt attempt) {
        Long stored = versions.get(authorization.id());
        if (stored == null || stored != authorization.version()) {
            throw new ConcurrentUpdateException("authorization " + authorization.id() + " was saved meanwhile");
        }
        long next = stored + 1;
        authorizations.put(authorization.id(), authorization);
        versions.put(authorization.id(), next);
        if (attempt != null) {
            attempts.put(attempt.id(), attempt);
        }
        authorization.markSaved(next);
    }

    @Override
    public synchronized Optional<Authorization> findById(AuthorizationId id) {
        return Optional.ofNullable(authorizations.get(id));
    }

    @Override
    public synchronized Optional<Authorization> findByOperationNumber(ProviderId provider, AccountId account,
                                                                      OperationNumber operationNumber) {
        return authorizations.values().stream()
                .filter(a -> a.provider().equals(provider) && a.account().equals(account)
                        && a.operationNumber().equals(operationNumber))
                .findFirst();
    }

    @Override
    public synchronized List<Authorization> findByStatusUpdatedBefore(Set<AuthorizationStatus> statuses,
                                                                      Instant before, int limit) {
        return authorizations.values().stream()
                .filter(a -> statuses.contains(a.status()) && a.updatedAt().isBefore(before))
                .sorted(Comparator.comparing(Authorization::updatedAt))
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized List<ProviderAttempt> attemptsOf(UUID subjectId) {
        return attempts.values().stream()
                .filter(a -> a.subjectId().equals(subjectId))
                .sorted(Comparator.comparingInt(ProviderAttempt::number))
                .toList();
    }

    @Override
    public synchronized List<ProviderAttempt> findUnfinishedStartedBefore(Instant before, int limit) {
        return attempts.values().stream()
                .filter(a -> !a.isFinished() && a.startedAt().isBefore(before))
                .sorted(Comparator.comparing(ProviderAttempt::startedAt))
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized List<ProviderAttempt> findByOperationAndStatus(AttemptOperation operation,
                                                                      AttemptStatus status, Instant before,
                                                                      int limit) {
        return attempts.values().stream()
                .filter(a -> a.operation() == operation && a.status() == status && a.startedAt().isBefore(before))
                .sorted(Comparator.comparing(ProviderAttempt::startedAt))
                .limit(limit)
                .toList();
    }
}
