package dev.cobro.application.service;

import dev.cobro.application.port.in.PaymentView;
import dev.cobro.application.fakes.CheckoutCommandBuilder;
import dev.cobro.application.fakes.FakeCheckoutProvider.ChargeCall;
import dev.cobro.application.port.in.CheckoutPaymentResult;
import dev.cobro.application.port.in.IdempotencyConflictException;
import dev.cobro.application.port.in.ProviderNotConfiguredException;
import dev.cobro.application.port.in.StartCheckoutPaymentCommand;
import dev.cobro.application.port.out.ProviderUnavailableException;
import dev.cobro.application.port.out.StoreUnavailableException;
import dev.cobro.domain.attempt.AttemptOperation;
import dev.cobro.domain.attempt.AttemptStatus;
import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.payment.Payment;
import dev.cobro.domain.payment.PaymentFlag;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.StatusChange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static dev.cobro.application.fakes.CheckoutCommandBuilder.aCheckoutCommand;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

class StartCheckoutPaymentServiceTest {

    private final ServiceFixture f = new ServiceFixture();

    @Test
    void thePaymentAndItsAttemptAreRecordedRequestedBeforeTheProviderIsCalled() {
        f.startCheckout.start(aCheckoutCommand().build());

        ChargeCall call = f.checkout.chargeCalls().get(0);
        assertThat(call.storedStatus()).isEqualTo(PaymentStatus.REQUESTED);
        assertThat(call.storedPayment().orElseThrow().providerSessionId()).isEqualTo(call.prepared().sessionId());
        assertThat(call.storedAttempts()).singleElement().satisfies(a -> {
            assertThat(a.status()).isEqualTo(AttemptStatus.REQUESTED);
            assertThat(a.operation()).isEqualTo(AttemptOperation.CHARGE);
            assertThat(a.request()).isEqualTo(call.prepared().redactedRequest());
        });
    }

    @Test
    void theOutcomeIsRecordedAfterTheCall() {
        CheckoutPaymentResult result = f.startCheckout.start(aCheckoutCommand().build());

        assertThat(result).isInstanceOf(CheckoutPaymentResult.Created.class);
        Payment stored = f.payments.findById(result.payment().id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
        assertThat(stored.checkoutUrl()).startsWith("https://checkout.fake/");
        assertThat(stored.providerReference()).isEqualTo("ref-1");
        assertThat(stored.statusChanges()).extracting(StatusChange::to)
                .containsExactly(PaymentStatus.REQUESTED, PaymentStatus.AWAITING_CUSTOMER);
        assertThat(f.attempts.attemptsOf(stored.id().value())).singleElement().satisfies(a -> {
            assertThat(a.status()).isEqualTo(AttemptStatus.SUCCEEDED);
            assertThat(a.httpStatus()).isEqualTo(200);
            assertThat(a.finishedAt()).isNotNull();
        });
    }

    @Test
    void aStoreFailureBeforeTheCallMeansTheProviderIsNeverCalled() {
        f.payments.failNextWrite();

        assertThatThrownBy(() -> f.startCheckout.start(aCheckoutCommand().build()))
                .isInstanceOf(StoreUnavailableException.class);

        assertThat(f.checkout.chargeCount()).isZero();
        assertThat(f.payments.all()).isEmpty();
        assertThat(f.attempts.all()).isEmpty();
    }

    @Test
    void aTimeoutBecomesUnknownNeverFailed() {
        f.checkout.willTimeOut();

        CheckoutPaymentResult result = f.startCheckout.start(aCheckoutCommand().build());

        assertThat(result.payment().status()).isEqualTo(PaymentStatus.UNKNOWN);
        Payment stored = f.payments.findById(result.payment().id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(PaymentStatus.UNKNOWN);
        assertThat(stored.statusChanges()).extracting(StatusChange::to)
                .doesNotContain(PaymentStatus.FAILED, PaymentStatus.REJECTED);
        assertThat(f.attempts.attemptsOf(stored.id().value())).extracting(ProviderAttempt::status)
                .containsExactly(AttemptStatus.UNKNOWN);
    }

    @Test
    void aRefusalIsAReturnedOutcomeNotAnException() {
        f.checkout.willReject("422 Method Not Available");

        CheckoutPaymentResult result = f.startCheckout.start(aCheckoutCommand().build());

        assertThat(result).isInstanceOf(CheckoutPaymentResult.Created.class);
        assertThat(result.payment().status()).isEqualTo(PaymentStatus.REJECTED);
        assertThat(f.attempts.attemptsOf(result.payment().id().value())).extracting(ProviderAttempt::status)
                .containsExactly(AttemptStatus.REJECTED);
    }

    @Test
    void theSameRequestAgainIsAnsweredFromTheRecordWithoutCallingTheProvider() {
        CheckoutCommandBuilder command = aCheckoutCommand();
        CheckoutPaymentResult first = f.startCheckout.start(command.build());

        CheckoutPaymentResult again = f.startCheckout.start(command.build());

        assertThat(again).isInstanceOf(CheckoutPaymentResult.Replayed.class);
        assertThat(again.payment().id()).isEqualTo(first.payment().id());
        assertThat(again.payment().checkoutUrl()).isEqualTo(first.payment().checkoutUrl());
        assertThat(f.checkout.chargeCount()).isEqualTo(1);
    }

    @Test
    void theSameRequestWhileTheFirstIsStillBeingSentIsInProgress() {
        StartCheckoutPaymentCommand command = aCheckoutCommand().build();
        AtomicReference<CheckoutPaymentResult> meanwhile = new AtomicReference<>();
        f.checkout.duringCharge(() -> meanwhile.compareAndSet(null, f.startCheckout.start(command)));

        f.startCheckout.start(command);

        assertThat(meanwhile.get()).isInstanceOf(CheckoutPaymentResult.InProgress.class);
        assertThat(meanwhile.get().payment().status()).isEqualTo(PaymentStatus.REQUESTED);
        assertThat(f.checkout.chargeCount()).isEqualTo(1);
    }

    @Test
    void manyThreadsRacingOneKeyCallTheProviderOnce() throws Exception {
        int threads = 8;
        StartCheckoutPaymentCommand command = aCheckoutCommand().build();
        // Every thread has looked the key up (and found nothing) before any of them writes.
        CountDownLatch allLookedUp = new CountDownLatch(threads);
        f.checkout.beforePrepare(() -> {
            allLookedUp.countDown();
            await(allLookedUp);
        });
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<CheckoutPaymentResult>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> f.startCheckout.start(command)));
            }
            List<CheckoutPaymentResult> results = new ArrayList<>();
            for (Future<CheckoutPaymentResult> future : futures) {
                results.add(future.get(20, TimeUnit.SECONDS));
            }

            assertThat(f.checkout.chargeCount()).isEqualTo(1);
            assertThat(results).filteredOn(r -> r instanceof CheckoutPaymentResult.Created).hasSize(1);
            assertThat(results).extracting(r -> r.payment().id()).containsOnly(results.get(0).payment().id());
            assertThat(f.payments.all()).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theSameKeyWithOtherParametersIsAConflictAndSendsNothing() {
        CheckoutCommandBuilder command = aCheckoutCommand().withAmount("100.00");
        f.startCheckout.start(command.build());

        assertThatThrownBy(() -> f.startCheckout.start(command.withAmount("200.00").build()))
                .isInstanceOf(IdempotencyConflictException.class)
                .hasMessageContaining("merchant reference");

        assertThat(f.checkout.chargeCount()).isEqualTo(1);
        assertThat(f.payments.all()).singleElement()
                .satisfies(p -> assertThat(p.details().money().amount()).isEqualByComparingTo("100"));
    }

    @Test
    void aPaymentThatNeverReachedTheProviderIsSentAgainWithTheSameKey() {
        CheckoutCommandBuilder command = aCheckoutCommand();
        f.checkout.willFailBeforeSending();
        CheckoutPaymentResult first = f.startCheckout.start(command.build());
        assertThat(first.payment().status()).isEqualTo(PaymentStatus.NOT_SENT);

        CheckoutPaymentResult again = f.startCheckout.start(command.build());

        assertThat(again).isInstanceOf(CheckoutPaymentResult.Created.class);
        assertThat(again.payment().id()).isEqualTo(first.payment().id());
        assertThat(again.payment().status()).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
        assertThat(f.checkout.chargeCount()).isEqualTo(2);
        ChargeCall second = f.checkout.chargeCalls().get(1);
        assertThat(second.storedStatus()).isEqualTo(PaymentStatus.REQUESTED);
        assertThat(second.storedAttempts()).extracting(ProviderAttempt::number, ProviderAttempt::status)
                .containsExactly(tuple(1, AttemptStatus.NOT_SENT), tuple(2, AttemptStatus.REQUESTED));
        assertThat(f.attempts.attemptsOf(first.payment().id().value())).extracting(ProviderAttempt::status)
                .containsExactly(AttemptStatus.NOT_SENT, AttemptStatus.SUCCEEDED);
    }

    /**
     * After a 401 the charge went out again under a fresh session; when that re-send
     * ended UNKNOWN (or NOT_SENT, or REJECTED) the payment kept the refused session, so the next
     * payment of the same amount could take the fresh one and the first customer's notification
     * settled the second payment. The stored session is the one the charge last went out under.
     */
    @ParameterizedTest
    @ValueSource(strings = {"unknown", "not-sent", "rejected"})
    void theStoredSessionIsTheOneTheChargeLastWentOutUnderWhateverTheOutcome(String outcome) {
        f.checkout.willBeResentUnderAFreshSessionAndEnd(outcome);

        PaymentView first = f.startCheckout.start(aCheckoutCommand().withMerchantReference("order-1").build()).payment();

        assertThat(f.checkout.chargeCalls().get(0).prepared().preparedSession()).isEqualTo("sess-1");
        assertThat(f.payments.findById(first.id()).orElseThrow().providerSessionId()).isEqualTo("sess-2");
    }

    @Test
    void anUnknownPaymentIsNeverSentAgain() {
        CheckoutCommandBuilder command = aCheckoutCommand();
        f.checkout.willTimeOut();
        f.startCheckout.start(command.build());

        CheckoutPaymentResult again = f.startCheckout.start(command.build());

        assertThat(again).isInstanceOf(CheckoutPaymentResult.Replayed.class);
        assertThat(again.payment().status()).isEqualTo(PaymentStatus.UNKNOWN);
        assertThat(f.checkout.chargeCount()).isEqualTo(1);
    }

    @Test
    void checkoutsOfOneAmountShareTheProvidersSession() {
        // 88Pay grants 10 tokens a minute: a best seller must not need a token per checkout.
        PaymentView first = f.startCheckout.start(aCheckoutCommand().withAmount("100.00").build()).payment();

        PaymentView second = f.startCheckout.start(aCheckoutCommand().withAmount("100").build()).payment();

        assertThat(sessionOf(second)).isEqualTo(sessionOf(first));
        assertThat(f.checkout.preparedCharges()).hasSize(2);
    }

    @Test
    void theChargeCarriesTheHostsNotificationUrlSignedForItsPayment() {
        PaymentView payment = f.startCheckout.start(aCheckoutCommand().build()).payment();

        String sent = f.checkout.preparedCharges().get(0).charge().notificationUrl();

        assertThat(sent).startsWith(payment.details().notificationUrl().value())
                .contains("cobro_pid=" + payment.id() + "&cobro_sig=");
        assertThat(f.signer.verify(payment.provider(), dev.cobro.domain.shared.AccountId.DEFAULT.value(), sent).paymentId())
                .isEqualTo(payment.id());
    }

    @Test
    void anotherAmountMayShareTheSession() {
        PaymentView first = f.startCheckout.start(aCheckoutCommand().withAmount("100.00").build()).payment();

        PaymentView second = f.startCheckout.start(aCheckoutCommand().withAmount("250.00").build()).payment();

        assertThat(sessionOf(second)).isEqualTo(sessionOf(first));
    }

    @Test
    void anEchoedAmountIsComparedNumerically() {
        f.checkout.willAcceptEchoing("100", "MXN");

        PaymentView payment = f.startCheckout.start(aCheckoutCommand().withAmount("100.00").build()).payment();

        assertThat(payment.flags()).isEmpty();
    }

    @Test
    void anEchoThatDiffersIsFlaggedNotTrusted() {
        f.checkout.willAcceptEchoing("10.00", "MXN");

        PaymentView payment = f.startCheckout.start(aCheckoutCommand().withAmount("100.00").build()).payment();

        assertThat(payment.status()).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
        assertThat(payment.flags()).containsExactly(PaymentFlag.ECHO_MISMATCH);
        assertThat(payment.details().money().amount()).isEqualByComparingTo("100");
    }

    @Test
    void anUnreachableProviderBeforeAnythingIsSentRecordsNothing() {
        f.checkout.willBeUnreachableWhenPreparing();

        assertThatThrownBy(() -> f.startCheckout.start(aCheckoutCommand().build()))
                .isInstanceOf(ProviderUnavailableException.class);

        assertThat(f.payments.all()).isEmpty();
        assertThat(f.checkout.chargeCount()).isZero();
    }

    @Test
    void anOutcomeThatCannotBeWrittenLeavesThePaymentRequestedForTheResolver() {
        f.payments.failWriteAfter(1);

        assertThatThrownBy(() -> f.startCheckout.start(aCheckoutCommand().build()))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("resolve-unknown");

        assertThat(f.checkout.chargeCount()).isEqualTo(1);
        assertThat(f.payments.all()).singleElement()
                .satisfies(p -> assertThat(p.status()).isEqualTo(PaymentStatus.REQUESTED));
        assertThat(f.attempts.all()).singleElement()
                .satisfies(a -> assertThat(a.status()).isEqualTo(AttemptStatus.REQUESTED));
    }

    @Test
    void aProviderThatIsNotConfiguredIsSaidSoAndNothingIsRecorded() {
        assertThatThrownBy(() -> f.startCheckout.start(aCheckoutCommand().withProvider("otherpay").build()))
                .isInstanceOf(ProviderNotConfiguredException.class)
                .hasMessageContaining("otherpay");

        assertThat(f.payments.all()).isEmpty();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(1, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the other threads did not arrive");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Read from the store: a host's view of a payment carries no session id. */
    private String sessionOf(PaymentView payment) {
        return f.payments.findById(payment.id()).orElseThrow().providerSessionId();
    }
}
