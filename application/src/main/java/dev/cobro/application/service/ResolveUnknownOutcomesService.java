package dev.cobro.application.service;

import dev.cobro.application.port.in.ReversalResult;
import dev.cobro.application.port.in.ResolutionReport;
import dev.cobro.application.port.in.ResolutionReport.Change;
import dev.cobro.application.port.in.ResolveUnknownOutcomesCommand;
import dev.cobro.application.port.in.ResolveUnknownOutcomesUseCase;
import dev.cobro.application.port.in.ProviderNotConfiguredException;
import dev.cobro.application.port.out.AttemptLogPort;
import dev.cobro.application.port.out.AuthorizationStorePort;
import dev.cobro.application.port.out.CardAuthorizationProviderPort;
import dev.cobro.application.port.out.ConcurrentUpdateException;
import dev.cobro.application.port.out.ProviderConfigurationException;
import dev.cobro.application.port.out.PaymentStorePort;
import dev.cobro.application.port.out.ProviderUnavailableException;
import dev.cobro.domain.attempt.AttemptOperation;
import dev.cobro.domain.attempt.AttemptStatus;
import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.authorization.Authorization;
import dev.cobro.domain.authorization.AuthorizationId;
import dev.cobro.domain.authorization.AuthorizationStatus;
import dev.cobro.domain.payment.Payment;
import dev.cobro.domain.payment.PaymentId;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.TransactionKind;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Settles what was left unsettled, never by guessing: an attempt with no outcome becomes UNKNOWN;
 * an UNKNOWN authorization is reversed; an unanswered reversal is sent again; an old checkout
 * expires. Each item is handled on its own, so one failure does not stop the run.
 */
public final class ResolveUnknownOutcomesService implements ResolveUnknownOutcomesUseCase {

    private final PaymentStorePort payments;
    private final AuthorizationStorePort authorizations;
    private final AttemptLogPort attempts;
    private final Reversals reversals;
    private final ResolverSettings settings;
    private final Clock clock;

    public ResolveUnknownOutcomesService(ProviderRegistry<CardAuthorizationProviderPort> cardProviders,
                                         PaymentStorePort payments, AuthorizationStorePort authorizations,
                                         AttemptLogPort attempts, ResolverSettings settings, Supplier<UUID> ids,
                                         Clock clock) {
        this.payments = payments;
        this.authorizations = authorizations;
        this.attempts = attempts;
        this.settings = settings;
        this.clock = clock;
        this.reversals = new Reversals(cardProviders, authorizations, attempts, ids, clock);
    }

    @Override
    public ResolutionReport resolve(ResolveUnknownOutcomesCommand command) {
        List<Change> changes = new ArrayList<>();
        Instant now = clock.instant();
        closeAbandonedAttempts(now.minus(settings.staleAttemptAge()), command.limit(), changes);
        reverseUnknownAuthorizations(now.minus(settings.reversalDelay()), command.limit(), changes);
        resendUnansweredReversals(now.minus(settings.reversalDelay()), command.limit(), changes);
        expireCheckouts(now.minus(settings.checkoutLifetime()), command.limit(), changes);
        return new ResolutionReport(changes);
    }

    /** A REQUESTED attempt older than any timeout: the process died mid-call or could not write the outcome. */
    private void closeAbandonedAttempts(Instant before, int limit, List<Change> changes) {
        for (ProviderAttempt attempt : attempts.findUnfinishedStartedBefore(before, limit)) {
            String reason = "no outcome recorded for the " + attempt.operation().code() + " call started at "
                    + attempt.startedAt() + "; the provider may have processed it";
            try {
                if (attempt.subjectKind() == TransactionKind.CHECKOUT_PAYMENT) {
                    Optional<Payment> found = payments.findById(new PaymentId(attempt.subjectId()));
                    if (found.isEmpty()) {
                        continue;
                    }
                    Payment payment = found.get();
                    attempt.finish(AttemptStatus.UNKNOWN, null, null, reason, null, clock);
                    PaymentStatus from = payment.status();
                    if (from == PaymentStatus.REQUESTED) {
                        payment.unknown(reason, clock);
                    }
                    payments.save(payment, attempt);
                    changes.add(new Change(payment.id().value(), TransactionKind.CHECKOUT_PAYMENT, from.name(),
                            payment.status().name(), reason));
                } else {
                    Optional<Authorization> found = authorizations.findById(new AuthorizationId(attempt.subjectId()));
                    if (found.isEmpty()) {
                        continue;
                    }
                    Authorization authorization = found.get();
                    attempt.finish(AttemptStatus.UNKNOWN, null, null, reason, null, clock);
                    AuthorizationStatus from = authorization.status();
                    if (attempt.operation() == AttemptOperation.AUTHORIZE && from == AuthorizationStatus.REQUESTED) {
                        authorization.unknown(reason, clock);
                    }
                    authorizations.save(authorization, attempt);
                    changes.add(new Change(authorization.id().value(), TransactionKind.CARD_AUTHORIZATION, from.name(),
                            authorization.status().name(), reason));
                }
            } catch (ConcurrentUpdateException raced) {
                // Someone settled it meanwhile; the next run sees the new state.
            }
        }
    }

    /** The timeout reversal card networks use: an authorization with no known outcome is reversed. */
    private void reverseUnknownAuthorizations(Instant before, int limit, List<Change> changes) {
        for (Authorization authorization : authorizations.findByStatusUpdatedBefore(
                EnumSet.of(AuthorizationStatus.UNKNOWN), before, limit)) {
            reverse(authorization, "timeout reversal of an authorization with no known outcome", changes);
        }
    }

    /** A reversal that got no answer is sent again: Pay-me's DELETE is idempotent. */
    private void resendUnansweredReversals(Instant before, int limit, List<Change> changes) {
        for (ProviderAttempt attempt : attempts.findByOperationAndStatus(AttemptOperation.REVERSE,
                AttemptStatus.UNKNOWN, before, limit)) {
            Optional<Authorization> found = authorizations.findById(new AuthorizationId(attempt.subjectId()));
            if (found.isEmpty() || found.get().status() != AuthorizationStatus.AUTHORIZED
                    || !isLatestAttempt(attempt)) {
                continue;
            }
            reverse(found.get(), "reversal sent again after no answer", changes);
        }
    }

    private boolean isLatestAttempt(ProviderAttempt attempt) {
        return attempts.attemptsOf(attempt.subjectId()).stream()
                .max(Comparator.comparingInt(ProviderAttempt::number))
                .map(latest -> latest.id().equals(attempt.id()))
                .orElse(false);
    }

    private void reverse(Authorization authorization, String reason, List<Change> changes) {
        AuthorizationStatus from = authorization.status();
        try {
            ReversalResult result = reversals.send(authorization, reason);
            if (!(result instanceof ReversalResult.Reversed) && from == AuthorizationStatus.UNKNOWN) {
                long failed = failedReversals(authorization);
                if (failed >= settings.maxReversals()) {
                    authorization.needsReview("the timeout reversal failed " + failed + " times", clock);
                    authorizations.save(authorization, null);
                }
            }
            if (authorization.status() != from) {
                changes.add(new Change(authorization.id().value(), TransactionKind.CARD_AUTHORIZATION, from.name(),
                        authorization.status().name(), reason));
            }
        } catch (ConcurrentUpdateException | ProviderUnavailableException | ProviderConfigurationException
                 | ProviderNotConfiguredException e) {
            // Left for the next run (and for a person, when the credentials are refused): nothing was sent,
            // or someone else is handling it. One item must not stop the run.
        }
    }

    /** Reversal attempts that did not reverse: refused, failed, unanswered or not sent. */
    private long failedReversals(Authorization authorization) {
        return attempts.attemptsOf(authorization.id().value()).stream()
                .filter(a -> a.operation() == AttemptOperation.REVERSE && a.isFinished()
                        && a.status() != AttemptStatus.SUCCEEDED)
                .count();
    }

    private void expireCheckouts(Instant createdBefore, int limit, List<Change> changes) {
        for (Payment payment : payments.findByStatusUpdatedBefore(
                EnumSet.of(PaymentStatus.AWAITING_CUSTOMER, PaymentStatus.UNKNOWN), createdBefore, limit)) {
            if (!payment.createdAt().isBefore(createdBefore)) {
                continue;
            }
            PaymentStatus from = payment.status();
            String reason = "no notification within the checkout lifetime of " + settings.checkoutLifetime();
            try {
                payment.expire(reason, clock);
                payments.save(payment, null);
                changes.add(new Change(payment.id().value(), TransactionKind.CHECKOUT_PAYMENT, from.name(),
                        PaymentStatus.EXPIRED.name(), reason));
            } catch (ConcurrentUpdateException raced) {
                // A notification settled it meanwhile.
            }
        }
    }
}
