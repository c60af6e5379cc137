package dev.cobro.application.port.out;

import dev.cobro.domain.attempt.AttemptOperation;
import dev.cobro.domain.payment.NotificationOutcome;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.TransactionKind;

import java.time.Duration;

/**
 * What Cobro counts and times, for a host's metrics (ARCHITECTURE.md, "Observability"). Every argument is
 * a closed set of names (a provider id, an account id, a status, an outcome): never a PAN, a token,
 * a session id or a secret. {@link #NONE}, the default, records nothing.
 */
public interface MetricsPort {

    MetricsPort NONE = new MetricsPort() {
    };

    /** One provider call (charge, authorize, reverse), with its outcome in lower case (approved, unknown, error...). */
    default void providerCall(ProviderId provider, String account, AttemptOperation operation, String outcome,
                              Duration elapsed) {
    }

    /** One token request sent to a provider: issued, refused, rate_limited or failed. */
    default void tokenRequest(ProviderId provider, String account, String outcome) {
    }

    /** One status change, committed. {@code from} is null for a creation. */
    default void transition(TransactionKind kind, String from, String to) {
    }

    /** One notification stored, with what came of it. */
    default void notification(ProviderId provider, NotificationOutcome outcome) {
    }

    /** One change the resolver made. */
    default void resolverChange(TransactionKind kind, String to) {
    }
}
