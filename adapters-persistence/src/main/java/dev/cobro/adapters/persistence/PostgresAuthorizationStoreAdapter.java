package dev.cobro.adapters.persistence;

import dev.cobro.application.port.out.AuthorizationStorePort;
import dev.cobro.application.port.out.ConcurrentUpdateException;
import dev.cobro.application.port.out.DuplicateKeyException;
import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.authorization.Authorization;
import dev.cobro.domain.authorization.AuthorizationId;
import dev.cobro.domain.authorization.AuthorizationStatus;
import dev.cobro.domain.authorization.OperationNumber;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.TransactionKind;
import jakarta.persistence.LockModeType;
import org.hibernate.Session;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/** Card authorizations in cobro.card_authorization, with their status changes and attempts. */
public final class PostgresAuthorizationStoreAdapter implements AuthorizationStorePort {

    private static final TransactionKind KIND = TransactionKind.CARD_AUTHORIZATION;

    private final Transactions tx;
    private final AuthorizationMapper mapper = AuthorizationMapper.INSTANCE;

    PostgresAuthorizationStoreAdapter(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public void insertRequested(Authorization authorization, ProviderAttempt attempt) {
        Objects.requireNonNull(attempt, "the write-ahead records the attempt with the authorization");
        long version = tx.call("insert authorization " + authorization.id(), s -> {
            AuthorizationEntity row = mapper.toNewEntity(authorization);
            s.persist(row);
            StatusChanges.appendAll(s, KIND, row.id, authorization.statusChanges());
            Attempts.insert(s, attempt);
            s.flush();
            return row.version;
        }, keys(authorization));
        authorization.markSaved(version);
    }

    @Override
    public void save(Authorization authorization, ProviderAttempt attempt) {
        long version = tx.call("save authorization " + authorization.id(), s -> {
            AuthorizationEntity row = s.find(AuthorizationEntity.class, authorization.id().value());
            if (row == null) {
                throw new IllegalStateException("authorization " + authorization.id()
                        + " is not stored: insertRequested comes first");
            }
            if (row.version != authorization.version()) {
                throw new ConcurrentUpdateException("authorization " + authorization.id()
                        + " was saved by someone else (stored version " + row.version + ", read at "
                        + authorization.version() + "); nothing was overwritten");
            }
            mapper.writeState(authorization, row);
            // A changed row is written now: UPDATE ... WHERE version = read version, which bumps it.
            s.flush();
            if (row.version == authorization.version()) {
                // Only an attempt changed (a reversal's write-ahead): the version moves all the same,
                // so two reversals of one authorization cannot both go ahead.
                s.lock(row, LockModeType.PESSIMISTIC_FORCE_INCREMENT);
            }
            StatusChanges.appendNew(s, KIND, row.id, authorization.statusChanges());
            if (attempt != null) {
                Attempts.insertOrUpdate(s, attempt);
            }
            s.flush();
            return row.version;
        }, keys(authorization));
        authorization.markSaved(version);
    }

    private static Function<String, RuntimeException> keys(Authorization authorization) {
        return constraint -> switch (constraint) {
            case "uq_card_authorization_operation_number", "card_authorization_pkey" -> new DuplicateKeyException(
                    "operation number " + authorization.operationNumber() + " of provider " + authorization.provider()
                            + " is already stored");
            default -> null;
        };
    }

    @Override
    public Optional<Authorization> findById(AuthorizationId id) {
        return tx.call("find authorization " + id, s -> {
            AuthorizationEntity row = s.find(AuthorizationEntity.class, id.value());
            return row == null ? Optional.<Authorization>empty() : Optional.of(restore(s, List.of(row)).get(0));
        });
    }

    @Override
    public Optional<Authorization> findByOperationNumber(ProviderId provider, OperationNumber operationNumber) {
        return tx.call("find authorization by operation number", s -> restore(s, s.createQuery(
                        "from AuthorizationEntity a where a.provider = :provider and a.operationNumber = :number",
                        AuthorizationEntity.class)
                .setParameter("provider", provider.value())
                .setParameter("number", operationNumber.value())
                .getResultList())).stream().findFirst();
    }

    @Override
    public List<Authorization> findByStatusUpdatedBefore(Set<AuthorizationStatus> statuses, Instant before, int limit) {
        if (statuses.isEmpty()) {
            return List.of();
        }
        return tx.call("find authorizations by status", s -> restore(s, s.createQuery(
                        "from AuthorizationEntity a where a.status in :statuses and a.updatedAt < :before"
                                + " order by a.updatedAt, a.id", AuthorizationEntity.class)
                .setParameter("statuses", statuses.stream().map(Enum::name).toList())
                .setParameter("before", Times.micros(before))
                .setMaxResults(limit)
                .getResultList()));
    }

    private List<Authorization> restore(Session s, List<AuthorizationEntity> rows) {
        Map<UUID, List<StatusChangeEntity>> changes = StatusChanges.of(s, rows.stream().map(r -> r.id).toList());
        return rows.stream().map(r -> mapper.restore(r, changes.getOrDefault(r.id, List.of()))).toList();
    }
}
