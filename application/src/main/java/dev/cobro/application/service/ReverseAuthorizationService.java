package dev.cobro.application.service;

import dev.cobro.application.port.in.AggregateViews;
import dev.cobro.application.port.in.NotFoundException;
import dev.cobro.application.port.in.ReversalResult;
import dev.cobro.application.port.in.ReverseAuthorizationCommand;
import dev.cobro.application.port.in.ReverseAuthorizationUseCase;
import dev.cobro.application.port.out.AttemptLogPort;
import dev.cobro.application.port.out.AuthorizationStorePort;
import dev.cobro.application.port.out.CardAuthorizationProviderPort;
import dev.cobro.application.port.out.MetricsPort;
import dev.cobro.domain.authorization.Authorization;
import dev.cobro.domain.authorization.AuthorizationStatus;
import dev.cobro.domain.shared.IllegalTransitionException;

import java.time.Clock;
import java.util.UUID;
import java.util.function.Supplier;

/** Reverses an authorization on request; a repeated request for a REVERSED one is answered from the record. */
public final class ReverseAuthorizationService implements ReverseAuthorizationUseCase {

    private final AuthorizationStorePort authorizations;
    private final ReverseOperation reversals;

    public ReverseAuthorizationService(ProviderRegistry<CardAuthorizationProviderPort> providers,
                                       AuthorizationStorePort authorizations, AttemptLogPort attempts,
                                       Supplier<UUID> ids, Clock clock) {
        this(providers, authorizations, attempts, MetricsPort.NONE, ids, clock);
    }

    /** With the metrics every reversal call is timed in (provider, account, operation, outcome). */
    public ReverseAuthorizationService(ProviderRegistry<CardAuthorizationProviderPort> providers,
                                       AuthorizationStorePort authorizations, AttemptLogPort attempts,
                                       MetricsPort metrics, Supplier<UUID> ids, Clock clock) {
        this.authorizations = authorizations;
        this.reversals = new ReverseOperation(providers, authorizations,
                new ProviderOperation(attempts, metrics, ids, clock), clock);
    }

    @Override
    public ReversalResult reverse(ReverseAuthorizationCommand command) {
        Authorization authorization = authorizations.findById(command.authorizationId())
                .orElseThrow(() -> new NotFoundException("no authorization " + command.authorizationId()));
        if (authorization.status() == AuthorizationStatus.REVERSED) {
            return new ReversalResult.Reversed(AggregateViews.authorization(authorization));
        }
        if (!authorization.canMoveTo(AuthorizationStatus.REVERSED)) {
            throw new IllegalTransitionException("authorization", authorization.status(), AuthorizationStatus.REVERSED);
        }
        return reversals.send(authorization, "reversed on request");
    }
}
