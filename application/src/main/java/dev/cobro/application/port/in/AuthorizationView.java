package dev.cobro.application.port.in;

import dev.cobro.domain.authorization.Authorization.ProviderResponse;
import dev.cobro.domain.authorization.AuthorizationDetails;
import dev.cobro.domain.authorization.AuthorizationId;
import dev.cobro.domain.authorization.AuthorizationStatus;
import dev.cobro.domain.authorization.OperationNumber;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.StatusChange;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A card authorization as a host (or a card provider's adapter) sees it: a snapshot, read-only. The
 * card itself is only in its masked instrument; its data never outlives the call that sent it.
 *
 * @param response        what the provider answered ({@link ProviderResponse#NONE} before it answered)
 * @param failedReversals how many reversals the provider refused
 * @param statusChanges   every status the authorization went through, oldest first
 */
public record AuthorizationView(AuthorizationId id, ProviderId provider, AccountId account,
                                OperationNumber operationNumber, AuthorizationDetails details,
                                AuthorizationStatus status, ProviderResponse response, int failedReversals,
                                Instant createdAt, Instant updatedAt,
                                List<StatusChange<AuthorizationStatus>> statusChanges) {

    public AuthorizationView {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        response = response == null ? ProviderResponse.NONE : response;
        statusChanges = List.copyOf(statusChanges);
    }

    /** Why the authorization has its status: the reason of its last change. */
    public String statusReason() {
        return statusChanges.isEmpty() ? null : statusChanges.get(statusChanges.size() - 1).reason();
    }

    @Override
    public String toString() {
        return "Authorization[" + id + " " + provider + " op " + operationNumber + " " + details.money() + " "
                + details.instrument().masked() + " " + status + "]";
    }
}
