package dev.cobro.application.service;

import dev.cobro.application.port.in.ReversalResult;
import dev.cobro.application.port.out.AttemptLogPort;
import dev.cobro.application.port.out.AuthorizationStorePort;
import dev.cobro.application.port.out.CardAuthorizationProviderPort;
import dev.cobro.application.port.out.PreparedCall;
import dev.cobro.application.port.out.ProviderExchange;
import dev.cobro.application.port.out.ReverseOutcome;
import dev.cobro.application.port.out.StoreUnavailableException;
import dev.cobro.domain.attempt.AttemptOperation;
import dev.cobro.domain.attempt.AttemptStatus;
import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.authorization.Authorization;
import dev.cobro.domain.shared.TransactionKind;

import java.time.Clock;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Sends one reversal as its own write-ahead attempt. Shared by the reverse use case and the
 * resolver, so both record it the same way.
 */
final class Reversals {

    private final ProviderRegistry<CardAuthorizationProviderPort> providers;
    private final AuthorizationStorePort authorizations;
    private final AttemptLogPort attempts;
    private final Supplier<UUID> ids;
    private final Clock clock;

    Reversals(ProviderRegistry<CardAuthorizationProviderPort> providers, AuthorizationStorePort authorizations,
              AttemptLogPort attempts, Supplier<UUID> ids, Clock clock) {
        this.providers = providers;
        this.authorizations = authorizations;
        this.attempts = attempts;
        this.ids = ids;
        this.clock = clock;
    }

    ReversalResult send(Authorization authorization, String reason) {
        CardAuthorizationProviderPort provider = providers.get(authorization.provider());
        PreparedCall prepared = provider.prepareReverse(authorization);
        int number = attempts.attemptsOf(authorization.id().value()).size() + 1;
        ProviderAttempt attempt = ProviderAttempt.start(ids.get(), TransactionKind.CARD_AUTHORIZATION,
                authorization.id().value(), authorization.provider(), AttemptOperation.REVERSE, number,
                prepared.redactedRequest(), clock);
        // The write-ahead: the reversal attempt is stored (and the version taken) before the call.
        authorizations.save(authorization, attempt);

        ReverseOutcome outcome = provider.reverse(prepared);
        ReversalResult result;
        AttemptStatus status;
        if (outcome instanceof ReverseOutcome.Reversed) {
            authorization.reverse(reason, clock);
            status = AttemptStatus.SUCCEEDED;
            result = new ReversalResult.Reversed(authorization);
        } else if (outcome instanceof ReverseOutcome.Failed failed) {
            authorization.reversalFailed(clock);
            status = AttemptStatus.FAILED;
            result = new ReversalResult.Failed(authorization, failed.code(), failed.message());
        } else if (outcome instanceof ReverseOutcome.Rejected rejected) {
            authorization.reversalFailed(clock);
            status = AttemptStatus.REJECTED;
            result = new ReversalResult.Rejected(authorization, rejected.reason());
        } else if (outcome instanceof ReverseOutcome.NotSent notSent) {
            status = AttemptStatus.NOT_SENT;
            result = new ReversalResult.NotSent(authorization, notSent.reason());
        } else {
            status = AttemptStatus.UNKNOWN;
            result = new ReversalResult.Unknown(authorization, ((ReverseOutcome.Unknown) outcome).reason());
        }
        ProviderExchange exchange = outcome.exchange();
        attempt.finish(status, exchange.httpStatus(), exchange.providerCode(), exchange.providerMessage(),
                exchange.redactedResponse(), clock);
        try {
            authorizations.save(authorization, attempt);
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("the reversal of authorization " + authorization.id()
                    + " was sent but its outcome could not be recorded; resolve-unknown will settle it", e);
        }
        return result;
    }
}
