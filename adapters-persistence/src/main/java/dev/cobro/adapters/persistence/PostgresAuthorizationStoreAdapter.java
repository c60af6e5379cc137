package dev.cobro.adapters.persistence;

import dev.cobro.adapters.persistence.entity.AuthorizationEntity;
import dev.cobro.adapters.persistence.entity.StatusChangeEntity;
import dev.cobro.adapters.persistence.history.StatusChangeRows;
import dev.cobro.adapters.persistence.mapping.AuthorizationMapper;
import dev.cobro.adapters.persistence.mapping.EventSubject;
import dev.cobro.adapters.persistence.mapping.StatusChangeMapper;
import dev.cobro.adapters.persistence.mapping.TimestampColumns;
import dev.cobro.adapters.persistence.support.StoreCalls;
import dev.cobro.application.port.out.AuthorizationStorePort;
import dev.cobro.application.port.out.ConcurrentUpdateException;
import dev.cobro.application.port.out.DuplicateKeyException;
import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.authorization.Authorization;
import dev.cobro.domain.authorization.AuthorizationId;
import dev.cobro.domain.authorization.AuthorizationStatus;
import dev.cobro.domain.authorization.OperationNumber;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.ProviderId;
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


    private final StoreCalls calls;
    private final AggregateWrites writes;
    private final AuthorizationMapper mapper = AuthorizationMapper.INSTANCE;

    PostgresAuthorizationStoreAdapter(StoreCalls calls) {
        this.calls = calls;
        this.writes = new AggregateWrites(calls, "AuthorizationEntity");
    }

    @Override
    public void insertRequested(Authorization authorization, ProviderAttempt attempt) {
        writes.insertRequested("insert authorization " + authorization.id(), mapper.toEntity(authorization.snapshot()),
                EventSubject.of(authorization), authorization.statusChanges(), attempt, keys(authorization));
        authorization.markSaved(authorization.version());
    }

    /**
     * Writes the authorization's state over its row if the row is still at the version it was read
     * at, and moves that version on, whether or not the state changed: so two reversals of one
     * authorization cannot both go ahead even when only an attempt changed.
     */
    @Override
    public void save(Authorization authorization, ProviderAttempt attempt) {
        authorization.markSaved(writes.save("save authorization " + authorization.id(), calls.batch(),
                authorization.id().value(), authorization.version(), mapper.toEntity(authorization.snapshot()),
                EventSubject.of(authorization), authorization.statusChanges(),
                authorization.savedStatusChangeCount(), attempt, keys(authorization)));
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
        return calls.read("find authorization " + id, s -> {
            AuthorizationEntity row = s.find(AuthorizationEntity.class, id.value());
            return row == null ? Optional.<Authorization>empty() : Optional.of(restore(s, List.of(row)).get(0));
        });
    }

    @Override
    public Optional<Authorization> findByOperationNumber(ProviderId provider, AccountId account,
                                                         OperationNumber operationNumber) {
        return calls.read("find authorization by operation number", s -> restore(s, s.createQuery(
                        "from AuthorizationEntity a where a.provider = :provider and a.account = :account"
                                + " and a.operationNumber = :number", AuthorizationEntity.class)
                .setParameter("provider", provider.value())
                .setParameter("account", account.value())
                .setParameter("number", operationNumber.value())
                .getResultList()).stream().findFirst());
    }

    @Override
    public List<Authorization> findByStatusUpdatedBefore(Set<AuthorizationStatus> statuses, Instant before, int limit) {
        if (statuses.isEmpty()) {
            return List.of();
        }
        return calls.read("find authorizations by status", s -> restore(s, s.createQuery(
                        "from AuthorizationEntity a where a.status in :statuses and a.updatedAt < :before"
                                + " order by a.updatedAt, a.id", AuthorizationEntity.class)
                .setParameter("statuses", statuses.stream().map(Enum::name).toList())
                .setParameter("before", TimestampColumns.micros(before))
                .setMaxResults(limit)
                .getResultList()));
    }

    private List<Authorization> restore(Session s, List<AuthorizationEntity> rows) {
        Map<UUID, List<StatusChangeEntity>> changes = StatusChangeRows.of(s, rows.stream().map(r -> r.id).toList());
        return rows.stream().map(r -> Authorization.restore(mapper.toSnapshot(r, StatusChangeMapper.INSTANCE.restore(
                changes.getOrDefault(r.id, List.of()), AuthorizationStatus::valueOf)))).toList();
    }
}
