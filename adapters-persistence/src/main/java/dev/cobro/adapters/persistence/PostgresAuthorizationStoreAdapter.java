package dev.cobro.adapters.persistence;

import dev.cobro.adapters.persistence.entity.AuthorizationEntity;
import dev.cobro.adapters.persistence.mapping.AuthorizationMapper;
import dev.cobro.adapters.persistence.mapping.EventSubject;
import dev.cobro.adapters.persistence.support.StoreCalls;
import dev.cobro.application.port.out.AuthorizationStorePort;
import dev.cobro.domain.authorization.Authorization;
import dev.cobro.domain.authorization.AuthorizationId;
import dev.cobro.domain.authorization.AuthorizationStatus;
import dev.cobro.domain.authorization.OperationNumber;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.StatusChange;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Card authorizations in cobro.card_authorization, with their status changes and attempts: the
 * writes and the sweep's read are {@link AggregateStore}'s, keyed by (provider, account, operation
 * number).
 */
public final class PostgresAuthorizationStoreAdapter
        extends AggregateStore<Authorization, AuthorizationEntity, AuthorizationStatus>
        implements AuthorizationStorePort {

    private static final AuthorizationMapper MAPPER = AuthorizationMapper.INSTANCE;

    PostgresAuthorizationStoreAdapter(StoreCalls calls) {
        super(calls, "authorization", AuthorizationEntity.class, AuthorizationStatus::valueOf,
                Set.of("uq_card_authorization_operation_number", "card_authorization_pkey"));
    }

    @Override
    Authorization restore(AuthorizationEntity row, List<StatusChange<AuthorizationStatus>> changes) {
        return Authorization.restore(MAPPER.toSnapshot(row, changes));
    }

    @Override
    Written written(Authorization a) {
        return new Written(a.id().value(), a.version(), MAPPER.toEntity(a.snapshot()), EventSubject.of(a),
                a.statusChanges(), a.savedStatusChangeCount(),
                "operation number " + a.operationNumber() + " of provider " + a.provider(), a::markSaved);
    }

    @Override
    public Optional<Authorization> findById(AuthorizationId id) {
        return findById(id.value());
    }

    @Override
    public Optional<Authorization> findByOperationNumber(ProviderId provider, AccountId account,
                                                         OperationNumber operationNumber) {
        return findByKey("find authorization by operation number", provider, account, "operationNumber",
                operationNumber.value());
    }
}
