package dev.cobro.application.service;

import dev.cobro.application.port.in.PaymentView;
import dev.cobro.application.port.in.AuthorizationView;
import dev.cobro.application.port.in.RecordPaymentNotificationCommand;
import dev.cobro.application.port.in.ResolutionReport;
import dev.cobro.application.port.in.ResolutionReport.Change;
import dev.cobro.application.port.in.ResolveUnknownOutcomesCommand;
import dev.cobro.application.port.in.ReversalResult;
import dev.cobro.application.port.in.ReverseAuthorizationCommand;
import dev.cobro.application.port.out.ProviderConfigurationException;
import dev.cobro.application.port.out.StoreUnavailableException;
import dev.cobro.domain.attempt.AttemptOperation;
import dev.cobro.domain.attempt.AttemptStatus;
import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.authorization.Authorization;
import dev.cobro.domain.authorization.AuthorizationStatus;
import dev.cobro.domain.payment.NotificationOutcome;
import dev.cobro.domain.payment.Payment;
import dev.cobro.domain.payment.PaymentFlag;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.TransactionKind;
import dev.cobro.application.port.out.TransactionStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static dev.cobro.application.fakes.CardAuthorizationBuilder.aCardAuthorization;
import static dev.cobro.application.fakes.CheckoutCommandBuilder.aCheckoutCommand;
import static dev.cobro.application.fakes.FakeCheckoutProvider.notificationBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

/** The resolver with {@link ServiceFixture#SETTINGS}: stale after 5 min, reversal after 1 min, review after 3 failures, 72 h checkouts. */
class ResolveUnknownOutcomesServiceTest {

    private static final Duration JUST_OVER_STALE = Duration.ofMinutes(5).plusSeconds(1);
    private static final Duration JUST_OVER_REVERSAL_DELAY = Duration.ofMinutes(1).plusSeconds(1);

    private final ServiceFixture f = new ServiceFixture();

    @Test
    void aChargeWhoseOutcomeWasNeverWrittenBecomesUnknownOnceStaleAndIsNotSentAgain() {
        Payment payment = chargeWhoseOutcomeIsLost();

        assertThat(resolve().changes()).isEmpty();
        f.clock.advance(JUST_OVER_STALE);
        ResolutionReport report = resolve();

        assertThat(report.changes()).extracting(Change::id, Change::kind, Change::from, Change::to)
                .containsExactly(tuple(payment.id().value(), TransactionKind.CHECKOUT_PAYMENT, TransactionStatus.REQUESTED,
                        TransactionStatus.UNKNOWN));
        assertThat(f.payments.findById(payment.id()).orElseThrow().status()).isEqualTo(PaymentStatus.UNKNOWN);
        assertThat(f.attempts.attemptsOf(payment.id().value())).extracting(ProviderAttempt::status)
                .containsExactly(AttemptStatus.UNKNOWN);
        assertThat(f.checkout.chargeCount()).isEqualTo(1);
    }

    @Test
    void anAuthorizationWhoseOutcomeWasNeverWrittenBecomesUnknownAndIsThenReversed() {
        f.authorizations.failWriteAfter(1);
        assertThatThrownBy(() -> f.authorizeCard.authorize(aCardAuthorization().build()))
                .isInstanceOf(StoreUnavailableException.class);
        Authorization lost = f.authorizations.all().get(0);

        f.clock.advance(JUST_OVER_STALE);
        resolve();
        assertThat(statusOf(lost)).isEqualTo(AuthorizationStatus.UNKNOWN);
        assertThat(f.cards.reverseCount()).isZero();

        f.clock.advance(JUST_OVER_REVERSAL_DELAY);
        resolve();
        assertThat(statusOf(lost)).isEqualTo(AuthorizationStatus.REVERSED);
        assertThat(f.attempts.attemptsOf(lost.id().value())).extracting(ProviderAttempt::operation, ProviderAttempt::status)
                .containsExactly(tuple(AttemptOperation.AUTHORIZE, AttemptStatus.UNKNOWN),
                        tuple(AttemptOperation.REVERSE, AttemptStatus.SUCCEEDED));
    }

    @Test
    void anUnknownAuthorizationIsReversedAfterTheDelay() {
        f.cards.willTimeOut();
        AuthorizationView unknown = f.authorizeCard.authorize(aCardAuthorization().build()).authorization();

        assertThat(resolve().changes()).isEmpty();
        assertThat(f.cards.reverseCount()).isZero();
        f.clock.advance(JUST_OVER_REVERSAL_DELAY);
        ResolutionReport report = resolve();

        assertThat(statusOf(unknown)).isEqualTo(AuthorizationStatus.REVERSED);
        assertThat(report.changes()).extracting(Change::id, Change::from, Change::to)
                .containsExactly(tuple(unknown.id().value(), TransactionStatus.UNKNOWN, TransactionStatus.REVERSED));
        assertThat(f.cards.reverseCalls().get(0).storedAttempts()).last()
                .satisfies(a -> assertThat(a.status()).isEqualTo(AttemptStatus.REQUESTED));
    }

    /**
     * A manual reversal while the resolver's reversal is on
     * the wire is answered from the record (in progress) and sends no second DELETE.
     */
    @Test
    void aManualReversalWhileTheResolverIsReversingSendsNothing() {
        f.cards.willTimeOut();
        AuthorizationView unknown = f.authorizeCard.authorize(aCardAuthorization().build()).authorization();
        f.clock.advance(JUST_OVER_REVERSAL_DELAY);
        AtomicReference<ReversalResult> manual = new AtomicReference<>();
        f.cards.duringReverse(() -> manual.compareAndSet(null,
                f.reverseAuthorization.reverse(new ReverseAuthorizationCommand(unknown.id()))));

        resolve();

        assertThat(manual.get()).isInstanceOf(ReversalResult.InProgress.class);
        assertThat(f.cards.reverseCount()).isEqualTo(1);
        assertThat(statusOf(unknown)).isEqualTo(AuthorizationStatus.REVERSED);
        assertThat(f.attempts.attemptsOf(unknown.id().value())).extracting(ProviderAttempt::operation,
                        ProviderAttempt::status)
                .containsExactly(tuple(AttemptOperation.AUTHORIZE, AttemptStatus.UNKNOWN),
                        tuple(AttemptOperation.REVERSE, AttemptStatus.SUCCEEDED));
    }

    /** A store error on one item is that item's problem; the rest of the run goes on. */
    @Test
    void aStoreErrorOnOneItemIsReportedAndTheRunGoesOn() {
        f.cards.willTimeOut().willTimeOut();
        AuthorizationView first = f.authorizeCard.authorize(aCardAuthorization().build()).authorization();
        f.clock.advance(Duration.ofSeconds(1));
        AuthorizationView second = f.authorizeCard.authorize(aCardAuthorization().build()).authorization();
        f.clock.advance(JUST_OVER_REVERSAL_DELAY);
        f.authorizations.failNextWrite();

        ResolutionReport report = resolve();

        assertThat(report.problems()).extracting(ResolutionReport.Problem::id).containsExactly(first.id().value());
        assertThat(report.changes()).extracting(Change::id, Change::to)
                .containsExactly(tuple(second.id().value(), TransactionStatus.REVERSED));
        assertThat(statusOf(first)).isEqualTo(AuthorizationStatus.UNKNOWN);
        assertThat(f.cards.reverseCount()).isEqualTo(1);
        assertThat(resolve().changes()).extracting(Change::id, Change::to)
                .containsExactly(tuple(first.id().value(), TransactionStatus.REVERSED));
    }

    /** One sweep at a time: a run started while another sweeps does nothing and says so. */
    @Test
    void aRunWhileAnotherSweepIsUnderWayIsSkipped() {
        f.cards.willTimeOut();
        AuthorizationView unknown = f.authorizeCard.authorize(aCardAuthorization().build()).authorization();
        f.clock.advance(JUST_OVER_REVERSAL_DELAY);
        AtomicReference<ResolutionReport> nested = new AtomicReference<>();
        f.cards.duringReverse(() -> nested.compareAndSet(null, resolve()));

        ResolutionReport report = resolve();

        assertThat(nested.get().skipped()).isTrue();
        assertThat(nested.get().changes()).isEmpty();
        assertThat(report.skipped()).isFalse();
        assertThat(report.changes()).extracting(Change::id).containsExactly(unknown.id().value());
        assertThat(f.cards.reverseCount()).isEqualTo(1);
    }

    @Test
    void reversalsThatFailTheConfiguredNumberOfTimesLeaveTheAuthorizationForAPerson() {
        f.cards.willTimeOut().willFailReversing().willFailReversing().willFailReversing();
        AuthorizationView unknown = f.authorizeCard.authorize(aCardAuthorization().build()).authorization();

        for (int run = 1; run <= 2; run++) {
            f.clock.advance(JUST_OVER_REVERSAL_DELAY);
            resolve();
            assertThat(statusOf(unknown)).as("after run %d", run).isEqualTo(AuthorizationStatus.UNKNOWN);
        }
        f.clock.advance(JUST_OVER_REVERSAL_DELAY);
        ResolutionReport third = resolve();

        assertThat(statusOf(unknown)).isEqualTo(AuthorizationStatus.NEEDS_REVIEW);
        assertThat(third.changes()).extracting(Change::from, Change::to)
                .containsExactly(tuple(TransactionStatus.UNKNOWN, TransactionStatus.NEEDS_REVIEW));
        assertThat(f.authorizations.findById(unknown.id()).orElseThrow().failedReversals()).isEqualTo(3);

        f.clock.advance(JUST_OVER_REVERSAL_DELAY);
        resolve();
        assertThat(f.cards.reverseCount()).isEqualTo(3);
    }

    @Test
    void aReversalThatGotNoAnswerIsSentAgain() {
        AuthorizationView authorized = f.authorizeCard.authorize(aCardAuthorization().build()).authorization();
        f.cards.willTimeOutReversing();
        f.reverseAuthorization.reverse(new ReverseAuthorizationCommand(authorized.id()));
        assertThat(statusOf(authorized)).isEqualTo(AuthorizationStatus.AUTHORIZED);

        f.clock.advance(JUST_OVER_REVERSAL_DELAY);
        ResolutionReport report = resolve();

        assertThat(statusOf(authorized)).isEqualTo(AuthorizationStatus.REVERSED);
        assertThat(report.changes()).extracting(Change::from, Change::to)
                .containsExactly(tuple(TransactionStatus.AUTHORIZED, TransactionStatus.REVERSED));
        assertThat(f.cards.reverseCount()).isEqualTo(2);
        assertThat(f.attempts.attemptsOf(authorized.id().value())).extracting(ProviderAttempt::operation, ProviderAttempt::status)
                .containsExactly(tuple(AttemptOperation.AUTHORIZE, AttemptStatus.SUCCEEDED),
                        tuple(AttemptOperation.REVERSE, AttemptStatus.UNKNOWN),
                        tuple(AttemptOperation.REVERSE, AttemptStatus.SUCCEEDED));
    }

    @Test
    void aReversalWhoseOutcomeWasNeverWrittenIsClosedAsUnknownAndSentAgain() {
        AuthorizationView authorized = f.authorizeCard.authorize(aCardAuthorization().build()).authorization();
        f.authorizations.failWriteAfter(1);
        assertThatThrownBy(() -> f.reverseAuthorization.reverse(new ReverseAuthorizationCommand(authorized.id())))
                .isInstanceOf(StoreUnavailableException.class);

        f.clock.advance(JUST_OVER_STALE);
        resolve();

        assertThat(statusOf(authorized)).isEqualTo(AuthorizationStatus.REVERSED);
        assertThat(f.attempts.attemptsOf(authorized.id().value())).extracting(ProviderAttempt::status)
                .containsExactly(AttemptStatus.SUCCEEDED, AttemptStatus.UNKNOWN, AttemptStatus.SUCCEEDED);
    }

    @Test
    void credentialsRefusedForOneReversalDoNotStopTheRunForTheOthers() {
        f.cards.willTimeOut().willTimeOut();
        AuthorizationView refused = f.authorizeCard.authorize(aCardAuthorization().withOperationNumber("7001").build())
                .authorization();
        AuthorizationView reversed = f.authorizeCard.authorize(aCardAuthorization().withOperationNumber("7002").build())
                .authorization();
        AtomicBoolean first = new AtomicBoolean(true);
        f.cards.beforePrepare(() -> {
            if (first.getAndSet(false)) {
                throw new ProviderConfigurationException("Pay-me refused client id test-client (HTTP 403)");
            }
        });
        f.clock.advance(JUST_OVER_REVERSAL_DELAY);

        ResolutionReport report = resolve();

        assertThat(statusOf(refused)).isEqualTo(AuthorizationStatus.UNKNOWN);
        assertThat(statusOf(reversed)).isEqualTo(AuthorizationStatus.REVERSED);
        assertThat(report.changes()).extracting(Change::id, Change::to)
                .containsExactly(tuple(reversed.id().value(), TransactionStatus.REVERSED));
    }

    @Test
    void aCheckoutPastItsLifetimeExpires() {
        PaymentView waiting = f.startCheckout.start(aCheckoutCommand().build()).payment();

        f.clock.advance(Duration.ofHours(72));
        assertThat(resolve().changes()).isEmpty();
        f.clock.advance(Duration.ofSeconds(1));
        ResolutionReport report = resolve();

        assertThat(f.payments.findById(waiting.id()).orElseThrow().status()).isEqualTo(PaymentStatus.EXPIRED);
        assertThat(report.changes()).extracting(Change::kind, Change::from, Change::to)
                .containsExactly(tuple(TransactionKind.CHECKOUT_PAYMENT, TransactionStatus.AWAITING_CUSTOMER,
                        TransactionStatus.EXPIRED));
    }

    @Test
    void anUnknownCheckoutExpiresToo() {
        f.checkout.willTimeOut();
        PaymentView unknown = f.startCheckout.start(aCheckoutCommand().build()).payment();

        f.clock.advance(Duration.ofHours(72).plusSeconds(1));
        resolve();

        assertThat(f.payments.findById(unknown.id()).orElseThrow().status()).isEqualTo(PaymentStatus.EXPIRED);
    }

    @Test
    void aLateSuccessAfterExpiryIsAppliedAndFlagged() {
        // The stored payment: the test plays the provider, which knows the session id a view leaves out.
        Payment waiting = f.payments.findById(f.startCheckout.start(aCheckoutCommand().withAmount("100.00").build())
                .payment().id()).orElseThrow();
        f.clock.advance(Duration.ofHours(72).plusSeconds(1));
        resolve();

        var notification = f.recordNotification.record(new RecordPaymentNotificationCommand(
                ProviderId.EIGHTY_EIGHT_PAY, f.notificationUrlOf(waiting),
                notificationBody(waiting.providerSessionId(), null, "COMPLETED", "100", null), Map.of()));

        assertThat(notification.outcome()).isEqualTo(NotificationOutcome.APPLIED);
        Payment settled = f.payments.findById(waiting.id()).orElseThrow();
        assertThat(settled.status()).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(settled.flags()).containsExactly(PaymentFlag.LATE_NOTIFICATION);
    }

    @Test
    void aRunWithNothingToDoChangesNothing() {
        f.startCheckout.start(aCheckoutCommand().build());
        f.authorizeCard.authorize(aCardAuthorization().build());
        f.clock.advance(Duration.ofHours(1));

        assertThat(resolve().changes()).isEmpty();
        assertThat(f.cards.reverseCount()).isZero();
    }

    private Payment chargeWhoseOutcomeIsLost() {
        f.payments.failWriteAfter(1);
        assertThatThrownBy(() -> f.startCheckout.start(aCheckoutCommand().build()))
                .isInstanceOf(StoreUnavailableException.class);
        Payment lost = f.payments.all().get(0);
        assertThat(lost.status()).isEqualTo(PaymentStatus.REQUESTED);
        return lost;
    }

    private ResolutionReport resolve() {
        return f.resolver.resolve(ResolveUnknownOutcomesCommand.DEFAULT);
    }

    private AuthorizationStatus statusOf(AuthorizationView authorization) {
        return f.authorizations.findById(authorization.id()).orElseThrow().status();
    }

    private AuthorizationStatus statusOf(Authorization authorization) {
        return f.authorizations.findById(authorization.id()).orElseThrow().status();
    }
}
