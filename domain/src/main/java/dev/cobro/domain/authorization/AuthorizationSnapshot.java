package dev.cobro.domain.authorization;

import dev.cobro.domain.authorization.Authorization.ProviderResponse;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.StatusChange;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An authorization's whole state, as a store keeps it: what {@link Authorization#snapshot()} gives
 * and {@link Authorization#restore(AuthorizationSnapshot)} takes back. {@code response} is
 * {@link ProviderResponse#NONE} (or null) before the provider answered; {@code statusChanges}: the
 * whole history, in order.
 */
public record AuthorizationSnapshot(AuthorizationId id, ProviderId provider, AccountId account,
                                    OperationNumber operationNumber, AuthorizationDetails details, String fingerprint,
                                    AuthorizationStatus status, ProviderResponse response, int failedReversals,
                                    Instant createdAt, Instant updatedAt,
                                    List<StatusChange<AuthorizationStatus>> statusChanges, long version) {

    public AuthorizationSnapshot {
        Objects.requireNonNull(account, "account");
        response = response == null ? ProviderResponse.NONE : response;
        statusChanges = List.copyOf(Objects.requireNonNull(statusChanges, "statusChanges"));
    }
}
