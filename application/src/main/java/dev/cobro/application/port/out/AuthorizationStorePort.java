package dev.cobro.application.port.out;

import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.authorization.Authorization;
import dev.cobro.domain.authorization.AuthorizationId;
import dev.cobro.domain.authorization.AuthorizationStatus;
import dev.cobro.domain.authorization.OperationNumber;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.ProviderId;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Durable card authorizations; the same contract as {@link PaymentStorePort}. */
public interface AuthorizationStorePort
        extends AggregateStorePort<Authorization, AuthorizationId, AuthorizationStatus> {

    /**
     * The write-ahead: inserts a new REQUESTED authorization and its REQUESTED attempt in one
     * transaction. Throws {@link DuplicateKeyException} when (provider, account, operation number) is taken.
     */
    void insertRequested(Authorization authorization, ProviderAttempt attempt);

    /**
     * Saves the authorization's new state and inserts or updates {@code attempt} (may be null) in one
     * transaction; optimistic as {@link PaymentStorePort#save}. On success calls {@code markSaved}.
     */
    void save(Authorization authorization, ProviderAttempt attempt);

    Optional<Authorization> findById(AuthorizationId id);

    /** The authorization of the idempotency key (provider, account, operation number). */
    Optional<Authorization> findByOperationNumber(ProviderId provider, AccountId account,
                                                  OperationNumber operationNumber);

    /** The authorization of the provider's {@code default} account with this operation number. */
    default Optional<Authorization> findByOperationNumber(ProviderId provider, OperationNumber operationNumber) {
        return findByOperationNumber(provider, AccountId.DEFAULT, operationNumber);
    }

    /** Authorizations in one of {@code statuses} whose status last changed before {@code before}, oldest first. */
    List<Authorization> findByStatusUpdatedBefore(Set<AuthorizationStatus> statuses, Instant before, int limit);
}
