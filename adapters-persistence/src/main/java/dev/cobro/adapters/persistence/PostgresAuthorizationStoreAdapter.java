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

import java.util.Optional;
import java.util.Set;

/**
 * Card authorizations in cobro.card_authorization, with their status changes and attempts: the
 * writes and the sweep's read are {@link AggregateStore}'s, keyed by (provider, account, operation
 * number).
 */
public final class PostgresAuthorizationStoreAdapter
        extends AggregateStore<Authorization, AuthorizationId, AuthorizationEntity, AuthorizationStatus>
        implements AuthorizationStorePort {

    private static final AuthorizationMapper MAPPER = AuthorizationMapper.INSTANCE;

    PostgresAuthorizationStoreAdapter(StoreCalls calls) {
        super(calls, "authorization", AuthorizationEntity.class, AuthorizationStatus::valueOf,
                Set.of("uq_card_authorization_operation_number", "card_authorization_pkey"),
                AuthorizationId::value, a -> MAPPER.toEntity(a.snapshot()),
                (row, changes) -> Authorization.restore(MAPPER.toSnapshot(row, changes)),
                EventSubject::of, a -> "operation number " + a.operationNumber() + " of provider " + a.provider());
    }

    @Override
    public Optional<Authorization> findByOperationNumber(ProviderId provider, AccountId account,
                                                         OperationNumber operationNumber) {
        return findByKey("find authorization by operation number", provider, account, "operationNumber",
                operationNumber.value());
    }
}
