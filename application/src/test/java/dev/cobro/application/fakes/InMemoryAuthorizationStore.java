package dev.cobro.application.fakes;

import dev.cobro.domain.authorization.AuthorizationSnapshot;
import dev.cobro.application.port.out.AuthorizationStorePort;
import dev.cobro.application.port.out.ConcurrentUpdateException;
import dev.cobro.application.port.out.DuplicateKeyException;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * {@link AuthorizationStorePort} in memory, with the contract of the real one: (provider, operation
 * number) is unique, saves are optimistic on the version, every call is atomic, and what is stored
 * is a copy. Thread-safe: every call holds the lock of the attempt log it shares with other stores.
 */
public final class InMemoryAuthorizationStore implements AuthorizationStorePort {

    private final InMemoryAttemptLog log;
    private final FaultSwitch faults = new FaultSwitch();
    private final Map<AuthorizationId, Authorization> authorizations = new LinkedHashMap<>();

    public InMemoryAuthorizationStore() {
        this(new InMemoryAttemptLog());
    }

    public InMemoryAuthorizationStore(InMemoryAttemptLog log) {
        this.log = Objects.requireNonNull(log, "log");
    }

    public InMemoryAttemptLog attemptLog() {
        return log;
    }

    @Override
    public void insertRequested(Authorization authorization, ProviderAttempt attempt) {
        synchronized (log) {
            faults.beforeWrite("insert authorization " + authorization.id());
            if (authorization.status() != AuthorizationStatus.REQUESTED || attempt.status() != AttemptStatus.REQUESTED) {
                throw new IllegalArgumentException("the write-ahead inserts a REQUESTED authorization and a REQUESTED "
                        + "attempt, not " + authorization.status() + " and " + attempt.status());
            }
            if (authorizations.containsKey(authorization.id())) {
                throw new DuplicateKeyException("authorization " + authorization.id() + " is already stored");
            }
            if (lookUp(authorization.provider(), authorization.account(), authorization.operationNumber()).isPresent()) {
                throw new DuplicateKeyException("operation number " + authorization.operationNumber()
                        + " of provider " + authorization.provider() + " is already stored");
            }
            log.check(attempt, authorization.id().value(), true);
            authorizations.put(authorization.id(), copy(authorization, authorization.version()));
            log.put(attempt);
        }
    }

    @Override
    public void save(Authorization authorization, ProviderAttempt attempt) {
        synchronized (log) {
            faults.beforeWrite("save authorization " + authorization.id());
            Authorization stored = authorizations.get(authorization.id());
            if (stored == null) {
                throw new IllegalStateException("authorization " + authorization.id() + " was never inserted");
            }
            if (stored.version() != authorization.version()) {
                throw new ConcurrentUpdateException("authorization " + authorization.id() + " is at version "
                        + stored.version() + ", not " + authorization.version() + ": someone saved it meanwhile");
            }
            if (attempt != null) {
                log.check(attempt, authorization.id().value(), false);
            }
            long next = authorization.version() + 1;
            authorizations.put(authorization.id(), copy(authorization, next));
            if (attempt != null) {
                log.put(attempt);
            }
            authorization.markSaved(next);
        }
    }

    @Override
    public Optional<Authorization> findById(AuthorizationId id) {
        synchronized (log) {
            faults.beforeRead("find authorization");
            return Optional.ofNullable(authorizations.get(id)).map(InMemoryAuthorizationStore::copyOf);
        }
    }

    @Override
    public Optional<Authorization> findByOperationNumber(ProviderId provider, AccountId account,
                                                         OperationNumber operationNumber) {
        synchronized (log) {
            faults.beforeRead("find authorization by operation number");
            return lookUp(provider, account, operationNumber).map(InMemoryAuthorizationStore::copyOf);
        }
    }

    @Override
    public List<Authorization> findByStatusUpdatedBefore(Set<AuthorizationStatus> statuses, Instant before, int limit) {
        synchronized (log) {
            faults.beforeRead("find authorizations by status");
            return authorizations.values().stream()
                    .filter(a -> statuses.contains(a.status()) && a.updatedAt().isBefore(before))
                    .sorted(Comparator.comparing(Authorization::updatedAt))
                    .limit(limit)
                    .map(InMemoryAuthorizationStore::copyOf)
                    .collect(Collectors.toList());
        }
    }

    // ----- for tests -----

    /** Puts an authorization (in any status) and its attempts straight in, as if an earlier run had stored them. */
    public void seed(Authorization authorization, ProviderAttempt... attempts) {
        synchronized (log) {
            authorizations.put(authorization.id(), copy(authorization, authorization.version()));
            for (ProviderAttempt attempt : attempts) {
                log.check(attempt, authorization.id().value(), true);
                log.put(attempt);
            }
        }
    }

    /** Every stored authorization, in insertion order. */
    public List<Authorization> all() {
        synchronized (log) {
            return select(a -> true);
        }
    }

    /** The next write throws {@code StoreUnavailableException} and changes nothing. */
    public void failNextWrite() {
        faults.failWriteAfter(0);
    }

    /** {@code goodWrites} writes succeed, then one fails. */
    public void failWriteAfter(int goodWrites) {
        faults.failWriteAfter(goodWrites);
    }

    /** While down, every read and write throws {@code StoreUnavailableException}. */
    public void unavailable(boolean down) {
        faults.unavailable(down);
    }

    private Optional<Authorization> lookUp(ProviderId provider, AccountId account, OperationNumber operationNumber) {
        return authorizations.values().stream()
                .filter(a -> a.provider().equals(provider) && a.account().equals(account)
                        && a.operationNumber().equals(operationNumber))
                .findFirst();
    }

    private List<Authorization> select(Predicate<Authorization> which) {
        return authorizations.values().stream().filter(which).map(InMemoryAuthorizationStore::copyOf)
                .collect(Collectors.toList());
    }

    private static Authorization copyOf(Authorization a) {
        return copy(a, a.version());
    }

    static Authorization copy(Authorization a, long version) {
        AuthorizationSnapshot s = a.snapshot();
        return Authorization.restore(new AuthorizationSnapshot(s.id(), s.provider(), s.account(), s.operationNumber(),
                s.details(), s.fingerprint(), s.status(), s.response(), s.failedReversals(), s.createdAt(),
                s.updatedAt(), s.statusChanges(), version));
    }
}
