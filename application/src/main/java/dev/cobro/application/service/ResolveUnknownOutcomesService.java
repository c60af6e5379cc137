package dev.cobro.application.service;

import dev.cobro.application.port.in.RefundResult;
import dev.cobro.application.port.in.ReversalResult;
import dev.cobro.application.port.in.ResolutionReport;
import dev.cobro.application.port.in.ResolutionReport.Change;
import dev.cobro.application.port.in.ResolutionReport.Problem;
import dev.cobro.application.port.in.ResolveUnknownOutcomesCommand;
import dev.cobro.application.port.in.ResolveUnknownOutcomesUseCase;
import dev.cobro.application.port.out.AttemptLogPort;
import dev.cobro.application.port.out.AuthorizationStorePort;
import dev.cobro.application.port.out.CardAuthorizationProviderPort;
import dev.cobro.application.port.out.ConcurrentUpdateException;
import dev.cobro.application.port.out.HostedCheckoutProviderPort;
import dev.cobro.application.port.out.MetricsPort;
import dev.cobro.application.port.out.PaymentStorePort;
import dev.cobro.application.port.out.ProviderExchange;
import dev.cobro.application.port.out.ProviderOutcome;
import dev.cobro.application.port.out.SweepLockPort;
import dev.cobro.application.port.out.TransactionStatus;
import dev.cobro.domain.attempt.AttemptOperation;
import dev.cobro.domain.attempt.AttemptStatus;
import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.authorization.Authorization;
import dev.cobro.domain.authorization.AuthorizationId;
import dev.cobro.domain.authorization.AuthorizationStatus;
import dev.cobro.domain.payment.Payment;
import dev.cobro.domain.payment.PaymentId;
import dev.cobro.domain.payment.PaymentRefund;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.TransactionKind;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Settles what was left unsettled, never by guessing: an attempt with no outcome becomes UNKNOWN;
 * an UNKNOWN authorization is reversed; an unanswered reversal is sent again; an unanswered refund is
 * sent again under its idempotency key ({@link RefundPaymentService#resendUnknown}); a checkout that stayed
 * open is looked up with a provider that can be asked ({@link OpenCheckoutLookup}); an old checkout
 * expires. Safe on any number of instances: one sweep at a time per database ({@link SweepLockPort});
 * every reversal and refund goes through the provider operation, whose guard (one unfinished call per subject)
 * keeps a manual reversal or refund and a resolver from both sending; and each item is handled on its own, so
 * a lost race or a store error on one is reported in the result and the run goes on.
 */
public final class ResolveUnknownOutcomesService implements ResolveUnknownOutcomesUseCase {

    /** The advisory lock's name: one resolver sweep per database. */
    static final String SWEEP = "cobro.resolve-unknown";

    private final PaymentStorePort payments;
    private final AuthorizationStorePort authorizations;
    private final AttemptLogPort attempts;
    private final ReverseOperation reversals;
    private final SweepLockPort sweepLock;
    private final ResolverSettings settings;
    private final Clock clock;
    /** Null when no checkout provider is given: open checkouts then only expire. */
    private final OpenCheckoutLookup lookups;
    /** Null when no checkout provider is given: there are then no refunds to settle. */
    private final RefundPaymentService refunds;
    /** When this process's previous run looked up open checkouts: each is asked at a few marks of its age. */
    private volatile Instant previousLookup;

    public ResolveUnknownOutcomesService(ProviderRegistry<CardAuthorizationProviderPort> cardProviders,
                                         PaymentStorePort payments, AuthorizationStorePort authorizations,
                                         AttemptLogPort attempts, SweepLockPort sweepLock, ResolverSettings settings,
                                         Supplier<UUID> ids, Clock clock) {
        this(cardProviders, payments, authorizations, attempts, sweepLock, settings, MetricsPort.NONE, ids, clock);
    }

    /** With the metrics every reversal the resolver sends is timed in (provider, account, operation, outcome). */
    public ResolveUnknownOutcomesService(ProviderRegistry<CardAuthorizationProviderPort> cardProviders,
                                         PaymentStorePort payments, AuthorizationStorePort authorizations,
                                         AttemptLogPort attempts, SweepLockPort sweepLock, ResolverSettings settings,
                                         MetricsPort metrics, Supplier<UUID> ids, Clock clock) {
        this(cardProviders, null, null, payments, authorizations, attempts, sweepLock, settings, metrics, ids, clock);
    }

    /**
     * With the hosted-checkout providers and the signer of their notification URLs: a checkout open
     * past {@link ResolverSettings#openCheckoutLookupDelay()} is looked up with its provider when that
     * one can be asked, and a checkout whose creation went unanswered is sent again when the provider
     * knows no payment of it (with the URL it was first signed with).
     */
    public ResolveUnknownOutcomesService(ProviderRegistry<CardAuthorizationProviderPort> cardProviders,
                                         ProviderRegistry<HostedCheckoutProviderPort> checkoutProviders,
                                         NotificationSigner signer, PaymentStorePort payments,
                                         AuthorizationStorePort authorizations, AttemptLogPort attempts,
                                         SweepLockPort sweepLock, ResolverSettings settings, MetricsPort metrics,
                                         Supplier<UUID> ids, Clock clock) {
        this.payments = payments;
        this.authorizations = authorizations;
        this.attempts = attempts;
        this.sweepLock = Objects.requireNonNull(sweepLock, "sweepLock");
        this.settings = settings;
        this.clock = clock;
        ProviderOperation operation = new ProviderOperation(attempts, metrics, ids, clock);
        this.reversals = new ReverseOperation(cardProviders, authorizations, operation, clock);
        this.lookups = checkoutProviders == null ? null
                : new OpenCheckoutLookup(checkoutProviders, payments, operation, signer,
                settings.checkoutLifetime(), clock);
        this.refunds = checkoutProviders == null ? null
                : new RefundPaymentService(checkoutProviders, payments, attempts, metrics, ids, clock);
    }

    /**
     * Without a sweep lock: for one process on its own (each sweep of it still meets the database's
     * per-subject guards). Several instances on one database use the constructor with a {@link SweepLockPort}.
     */
    public ResolveUnknownOutcomesService(ProviderRegistry<CardAuthorizationProviderPort> cardProviders,
                                         PaymentStorePort payments, AuthorizationStorePort authorizations,
                                         AttemptLogPort attempts, ResolverSettings settings, Supplier<UUID> ids,
                                         Clock clock) {
        this(cardProviders, payments, authorizations, attempts, new ProcessSweepLock(), settings, ids, clock);
    }

    @Override
    public ResolutionReport resolve(ResolveUnknownOutcomesCommand command) {
        return sweepLock.runAlone(SWEEP, () -> sweep(command))
                .orElseGet(ResolutionReport::skippedWhileAnotherSweepRuns);
    }

    private ResolutionReport sweep(ResolveUnknownOutcomesCommand command) {
        Run run = new Run();
        Instant now = clock.instant();
        closeAbandonedAttempts(now.minus(settings.staleAttemptAge()), command.limit(), run);
        reverseUnknownAuthorizations(now.minus(settings.reversalDelay()), command.limit(), run);
        resendUnansweredReversals(now.minus(settings.reversalDelay()), command.limit(), run);
        // After the abandoned attempts: a refund call abandoned REQUESTED is UNKNOWN by now, sent here too.
        resendUnknownRefunds(now.minus(settings.reversalDelay()), command.limit(), run);
        // Before expiry: a checkout paid while its notification was lost succeeds rather than expires.
        lookUpOpenCheckouts(now, command.limit(), run);
        expireCheckouts(now.minus(settings.checkoutLifetime()), command.limit(), run);
        return new ResolutionReport(run.changes, run.problems, false);
    }

    /** What one sweep changed and could not settle. */
    private static final class Run {
        final List<Change> changes = new ArrayList<>();
        final List<Problem> problems = new ArrayList<>();

        /** Runs one item; whatever it throws is that item's problem, not the run's end. */
        void item(UUID id, TransactionKind kind, Runnable work) {
            try {
                work.run();
            } catch (ConcurrentUpdateException raced) {
                problems.add(new Problem(id, kind, "changed by someone else meanwhile; the next run sees the new"
                        + " state (" + raced.getMessage() + ")"));
            } catch (RuntimeException e) {
                problems.add(new Problem(id, kind, e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
        }
    }

    /** A REQUESTED attempt older than any timeout: the process died mid-call or could not write the outcome. */
    private void closeAbandonedAttempts(Instant before, int limit, Run run) {
        for (ProviderAttempt attempt : attempts.findUnfinishedStartedBefore(before, limit)) {
            run.item(attempt.subjectId(), attempt.subjectKind(), () -> closeAbandoned(attempt, run));
        }
    }

    /**
     * Finishes the attempt UNKNOWN with its subject in one store call; the store writes it only while
     * it is still REQUESTED, so the original caller's late outcome and this cannot both land.
     */
    private void closeAbandoned(ProviderAttempt attempt, Run run) {
        String reason = "no outcome recorded for the " + attempt.operation().code() + " call started at "
                + attempt.startedAt() + "; the provider may have processed it";
        // An unanswered call, settled like any other outcome: through the provider operation's one table.
        ProviderOutcome<Void> abandoned = ProviderOutcome.unknown(reason,
                new ProviderExchange(null, null, reason, null));
        if (attempt.subjectKind() == TransactionKind.CHECKOUT_PAYMENT) {
            payments.findById(new PaymentId(attempt.subjectId())).ifPresent(payment -> close(attempt, abandoned, run,
                    () -> TransactionStatus.of(payment.status()), () -> {
                        if (payment.status() == PaymentStatus.REQUESTED) {
                            payment.unknown(reason, clock);
                        }
                        payments.save(payment, attempt);
                    }));
        } else {
            authorizations.findById(new AuthorizationId(attempt.subjectId())).ifPresent(authorization -> close(attempt,
                    abandoned, run, () -> TransactionStatus.of(authorization.status()), () -> {
                        // An abandoned reversal leaves the authorization as it was, like an unanswered one.
                        if (attempt.operation() == AttemptOperation.AUTHORIZE
                                && authorization.status() == AuthorizationStatus.REQUESTED) {
                            authorization.unknown(reason, clock);
                        }
                        authorizations.save(authorization, attempt);
                    }));
        }
    }

    /** Finishes the attempt through the settle table, moves and saves its subject, and reports the change. */
    private void close(ProviderAttempt attempt, ProviderOutcome<?> outcome, Run run, Supplier<TransactionStatus> status,
                       Runnable moveAndSave) {
        ProviderOperation.finish(attempt, outcome, clock);
        TransactionStatus from = status.get();
        moveAndSave.run();
        run.changes.add(new Change(attempt.subjectId(), attempt.subjectKind(), from, status.get(), outcome.reason()));
    }

    /** The timeout reversal card networks use: an authorization with no known outcome is reversed. */
    private void reverseUnknownAuthorizations(Instant before, int limit, Run run) {
        for (Authorization authorization : authorizations.findByStatusUpdatedBefore(
                EnumSet.of(AuthorizationStatus.UNKNOWN), before, limit)) {
            run.item(authorization.id().value(), TransactionKind.CARD_AUTHORIZATION, () -> reverse(authorization,
                    "timeout reversal of an authorization with no known outcome", run));
        }
    }

    /** A reversal that got no answer is sent again: Pay-me's DELETE is idempotent. */
    private void resendUnansweredReversals(Instant before, int limit, Run run) {
        for (ProviderAttempt attempt : attempts.findByOperationAndStatus(AttemptOperation.REVERSE,
                AttemptStatus.UNKNOWN, before, limit)) {
            run.item(attempt.subjectId(), TransactionKind.CARD_AUTHORIZATION, () -> {
                Optional<Authorization> found = authorizations.findById(new AuthorizationId(attempt.subjectId()));
                if (found.isEmpty() || found.get().status() != AuthorizationStatus.AUTHORIZED
                        || !isLatestAttempt(attempt)) {
                    return;
                }
                reverse(found.get(), "reversal sent again after no answer", run);
            });
        }
    }

    /**
     * A refund that got no answer is sent again under the same idempotency key: Mercado Pago (like any
     * provider whose adapter refunds) answers a repeated request under a key it has seen with the refund
     * it made and makes nothing new, so the re-send learns the outcome without refunding twice. A refund
     * is sent again from its current attempt only (an older UNKNOWN attempt of it was superseded), and
     * never while another call of its payment is still out: the write-ahead's guard refuses it, and it
     * is left to that call and the next run. A provider without refunds has no refund attempts.
     */
    private void resendUnknownRefunds(Instant before, int limit, Run run) {
        if (refunds == null) {
            return;
        }
        for (ProviderAttempt attempt : attempts.findByOperationAndStatus(AttemptOperation.REFUND,
                AttemptStatus.UNKNOWN, before, limit)) {
            run.item(attempt.subjectId(), TransactionKind.CHECKOUT_PAYMENT, () -> {
                PaymentId paymentId = new PaymentId(attempt.subjectId());
                Optional<PaymentRefund> unknown = payments.refundsOf(paymentId).stream()
                        .filter(r -> r.attemptId().equals(attempt.id()) && r.status() == AttemptStatus.UNKNOWN)
                        .findFirst();
                Optional<Payment> payment = payments.findById(paymentId);
                if (unknown.isEmpty() || payment.isEmpty()) {
                    return;
                }
                resendRefund(payment.get().status(), unknown.get(), run);
            });
        }
    }

    private void resendRefund(PaymentStatus from, PaymentRefund unknown, Run run) {
        UUID id = unknown.paymentId().value();
        RefundResult result = refunds.resendUnknown(unknown);
        String what = "refund " + unknown.key() + " of " + unknown.amount() + " sent again under its idempotency key";
        if (result.replayed()) {
            run.problems.add(new Problem(id, TransactionKind.CHECKOUT_PAYMENT, "another call of this payment is"
                    + " under way; refund " + unknown.key() + " is left to the next run"));
            return;
        }
        AttemptStatus ended = result.refund().status();
        if (ended == AttemptStatus.UNKNOWN) {
            run.problems.add(new Problem(id, TransactionKind.CHECKOUT_PAYMENT, what + " got no answer again ("
                    + result.reason() + "); its amount stays counted and the next run sends it again"));
            return;
        }
        String reason = what + ": " + ended + (ended == AttemptStatus.SUCCEEDED ? ""
                : ", its amount no longer counted (" + result.reason() + ")");
        run.changes.add(new Change(id, TransactionKind.CHECKOUT_PAYMENT, TransactionStatus.of(from),
                TransactionStatus.of(result.payment().status()), reason));
    }

    private boolean isLatestAttempt(ProviderAttempt attempt) {
        return attempts.attemptsOf(attempt.subjectId()).stream()
                .max(Comparator.comparingInt(ProviderAttempt::number))
                .map(latest -> latest.id().equals(attempt.id()))
                .orElse(false);
    }

    private void reverse(Authorization authorization, String reason, Run run) {
        AuthorizationStatus from = authorization.status();
        ReversalResult result = reversals.send(authorization, reason);
        if (result instanceof ReversalResult.InProgress) {
            // Another instance or a manual request is reversing it: nothing was sent from here.
            run.problems.add(new Problem(authorization.id().value(), TransactionKind.CARD_AUTHORIZATION,
                    "another call of this authorization is under way; left to it"));
            return;
        }
        if (!(result instanceof ReversalResult.Reversed) && from == AuthorizationStatus.UNKNOWN) {
            long failed = failedReversals(authorization);
            if (failed >= settings.maxReversals()) {
                authorization.needsReview("the timeout reversal failed " + failed + " times", clock);
                authorizations.save(authorization, null);
            }
        }
        if (authorization.status() != from) {
            run.changes.add(new Change(authorization.id().value(), TransactionKind.CARD_AUTHORIZATION,
                    TransactionStatus.of(from), TransactionStatus.of(authorization.status()), reason));
        }
    }

    /** Reversal attempts that did not reverse: refused, failed, unanswered or not sent. */
    private long failedReversals(Authorization authorization) {
        return attempts.attemptsOf(authorization.id().value()).stream()
                .filter(a -> a.operation() == AttemptOperation.REVERSE && a.isFinished()
                        && a.status() != AttemptStatus.SUCCEEDED)
                .count();
    }

    /**
     * Checkouts open past the lookup delay, each asked about at a few marks of its age
     * ({@link OpenCheckoutLookup#due}); one whose provider cannot be asked is left as it is.
     */
    private void lookUpOpenCheckouts(Instant now, int limit, Run run) {
        if (lookups == null) {
            return;
        }
        Duration delay = settings.openCheckoutLookupDelay();
        Instant previous = previousLookup;
        for (Payment payment : payments.findByStatusUpdatedBefore(
                EnumSet.of(PaymentStatus.AWAITING_CUSTOMER, PaymentStatus.UNKNOWN), now.minus(delay),
                limit)) {
            if (!OpenCheckoutLookup.due(payment.updatedAt(), now, delay, previous)) {
                continue;
            }
            run.item(payment.id().value(), TransactionKind.CHECKOUT_PAYMENT, () -> {
                PaymentStatus from = payment.status();
                OpenCheckoutLookup.Looked looked = lookups.lookUp(payment);
                if (looked.change() != null) {
                    run.changes.add(new Change(payment.id().value(), TransactionKind.CHECKOUT_PAYMENT,
                            TransactionStatus.of(from), TransactionStatus.of(payment.status()), looked.change()));
                } else if (looked.problem() != null) {
                    run.problems.add(new Problem(payment.id().value(), TransactionKind.CHECKOUT_PAYMENT,
                            looked.problem()));
                }
            });
        }
        previousLookup = now;
    }

    private void expireCheckouts(Instant createdBefore, int limit, Run run) {
        for (Payment payment : payments.findByStatusUpdatedBefore(
                EnumSet.of(PaymentStatus.AWAITING_CUSTOMER, PaymentStatus.UNKNOWN), createdBefore, limit)) {
            if (!payment.createdAt().isBefore(createdBefore)) {
                continue;
            }
            run.item(payment.id().value(), TransactionKind.CHECKOUT_PAYMENT, () -> {
                PaymentStatus from = payment.status();
                String reason = "no notification within the checkout lifetime of " + settings.checkoutLifetime();
                payment.expire(reason, clock);
                payments.save(payment, null);
                run.changes.add(new Change(payment.id().value(), TransactionKind.CHECKOUT_PAYMENT,
                        TransactionStatus.of(from), TransactionStatus.EXPIRED, reason));
            });
        }
    }
}
