package dev.cobro.application.service;

import dev.cobro.application.port.in.AggregateViews;
import dev.cobro.application.port.in.AuthorizationView;
import dev.cobro.application.port.in.ReversalResult;
import dev.cobro.application.port.out.AuthorizationStorePort;
import dev.cobro.application.port.out.CardAuthorizationProviderPort;
import dev.cobro.application.port.out.ProviderOutcome;
import dev.cobro.domain.attempt.AttemptOperation;
import dev.cobro.domain.authorization.Authorization;

import java.time.Clock;

/**
 * One reversal, as its own attempt, through the provider operation: what a reversal supplies (the
 * DELETE, and how its answer moves the authorization). Shared by the reverse use case and the
 * resolver, so both record it the same way and both meet the same guards: while another reversal
 * (or any call) of the authorization is unfinished, a second one is not sent but answered from the
 * record ({@link ReversalResult.InProgress}).
 */
final class ReverseOperation {

    private final ProviderRegistry<CardAuthorizationProviderPort> providers;
    private final AuthorizationStorePort authorizations;
    private final ProviderOperation operation;
    private final Clock clock;

    ReverseOperation(ProviderRegistry<CardAuthorizationProviderPort> providers, AuthorizationStorePort authorizations,
                     ProviderOperation operation, Clock clock) {
        this.providers = providers;
        this.authorizations = authorizations;
        this.operation = operation;
        this.clock = clock;
    }

    ReversalResult send(Authorization authorization, String reason) {
        CardAuthorizationProviderPort provider = providers.get(authorization.provider(), authorization.account());
        // The authorization's version moves on with the attempt: a stale copy cannot follow.
        ProviderOperation.Ran<Void> ran = operation.run(AuthorizeCardService.subject(authorization, authorizations),
                false, AttemptOperation.REVERSE, new ProviderOperation.Call<>(() -> provider.prepareReverse(AggregateViews.authorization(authorization)),
                        provider::reverse, (prepared, outcome) -> moveAs(authorization, outcome, reason)));
        if (ran instanceof ProviderOperation.Ran.Refused<Void> refused) {
            return new ReversalResult.InProgress(AggregateViews.authorization(
                    authorizations.findById(authorization.id()).orElseThrow(refused::why)));
        }
        return result(authorization, ((ProviderOperation.Ran.Sent<Void>) ran).outcome());
    }

    private void moveAs(Authorization authorization, ProviderOutcome<Void> outcome, String reason) {
        if (outcome instanceof ProviderOutcome.Succeeded) {
            authorization.reverse(reason, clock);
        } else if (outcome instanceof ProviderOutcome.Declined || outcome instanceof ProviderOutcome.Rejected) {
            authorization.reversalFailed(clock);
        }
        // NOT_SENT and UNKNOWN leave the authorization as it was: the resolver sends the reversal again.
    }

    /** How the reversal went, for the caller: the outcome, with the authorization it moved. */
    private static ReversalResult result(Authorization authorization, ProviderOutcome<Void> outcome) {
        AuthorizationView view = AggregateViews.authorization(authorization);
        if (outcome instanceof ProviderOutcome.Succeeded) {
            return new ReversalResult.Reversed(view);
        }
        if (outcome instanceof ProviderOutcome.Declined) {
            return new ReversalResult.Failed(view, outcome.exchange().providerCode(),
                    outcome.exchange().providerMessage());
        }
        if (outcome instanceof ProviderOutcome.Rejected) {
            return new ReversalResult.Rejected(view, outcome.reason());
        }
        if (outcome instanceof ProviderOutcome.NotSent) {
            return new ReversalResult.NotSent(view, outcome.reason());
        }
        return new ReversalResult.Unknown(view, outcome.reason());
    }
}
