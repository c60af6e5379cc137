package dev.cobro.application.service;

import dev.cobro.application.port.in.AggregateViews;
import dev.cobro.application.port.in.ReversalResult;
import dev.cobro.application.port.out.AuthorizationStorePort;
import dev.cobro.application.port.out.CardAuthorizationProviderPort;
import dev.cobro.application.port.out.PreparedCall;
import dev.cobro.application.port.out.ReverseOutcome;
import dev.cobro.domain.attempt.AttemptOperation;
import dev.cobro.domain.attempt.AttemptStatus;
import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.authorization.Authorization;
import dev.cobro.domain.shared.TransactionKind;

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
        ProviderOperation.Subject subject = new ProviderOperation.Subject(TransactionKind.CARD_AUTHORIZATION,
                authorization.id().value(), authorization.provider(), authorization.account(), false,
                "authorization " + authorization.id());
        ReversalResult[] result = new ReversalResult[1];
        ProviderOperation.Ran<ReverseOutcome> ran = operation.run(subject, AttemptOperation.REVERSE,
                new ProviderOperation.Steps<PreparedCall, ReverseOutcome>() {
                    @Override
                    public PreparedCall prepare() {
                        return provider.prepareReverse(AggregateViews.authorization(authorization));
                    }

                    @Override
                    public void writeAhead(ProviderAttempt attempt) {
                        // The authorization's version moves on with the attempt: a stale copy cannot follow.
                        authorizations.save(authorization, attempt);
                    }

                    @Override
                    public ReverseOutcome call(PreparedCall prepared) {
                        return provider.reverse(prepared);
                    }

                    @Override
                    public ProviderOperation.Settlement settle(PreparedCall prepared, ReverseOutcome outcome) {
                        AttemptStatus status;
                        if (outcome instanceof ReverseOutcome.Reversed) {
                            authorization.reverse(reason, clock);
                            status = AttemptStatus.SUCCEEDED;
                            result[0] = new ReversalResult.Reversed(AggregateViews.authorization(authorization));
                        } else if (outcome instanceof ReverseOutcome.Failed failed) {
                            authorization.reversalFailed(clock);
                            status = AttemptStatus.FAILED;
                            result[0] = new ReversalResult.Failed(AggregateViews.authorization(authorization), failed.code(), failed.message());
                        } else if (outcome instanceof ReverseOutcome.Rejected rejected) {
                            authorization.reversalFailed(clock);
                            status = AttemptStatus.REJECTED;
                            result[0] = new ReversalResult.Rejected(AggregateViews.authorization(authorization), rejected.reason());
                        } else if (outcome instanceof ReverseOutcome.NotSent notSent) {
                            status = AttemptStatus.NOT_SENT;
                            result[0] = new ReversalResult.NotSent(AggregateViews.authorization(authorization), notSent.reason());
                        } else {
                            status = AttemptStatus.UNKNOWN;
                            result[0] = new ReversalResult.Unknown(AggregateViews.authorization(authorization),
                                    ((ReverseOutcome.Unknown) outcome).reason());
                        }
                        return new ProviderOperation.Settlement(status, outcome.exchange());
                    }

                    @Override
                    public void record(ProviderAttempt attempt) {
                        authorizations.save(authorization, attempt);
                    }
                });
        if (ran instanceof ProviderOperation.Ran.Refused<ReverseOutcome> refused) {
            Authorization stored = authorizations.findById(authorization.id()).orElseThrow(refused::why);
            return new ReversalResult.InProgress(AggregateViews.authorization(stored));
        }
        return result[0];
    }
}
