package dev.cobro.adapters.persistence;

import dev.cobro.application.port.in.AggregateViews;
import dev.cobro.application.fakes.ControllableClock;
import dev.cobro.application.fakes.FakeCardProvider;
import dev.cobro.application.fakes.FakeCheckoutProvider;
import dev.cobro.application.port.in.AuthorizationResult;
import dev.cobro.application.port.in.CheckoutPaymentResult;
import dev.cobro.application.port.in.ReversalResult;
import dev.cobro.application.port.in.ReverseAuthorizationCommand;
import dev.cobro.application.port.out.StoreUnavailableException;
import dev.cobro.db.testing.TestDatabase;
import dev.cobro.domain.attempt.AttemptOperation;
import dev.cobro.domain.attempt.AttemptStatus;
import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.authorization.Authorization;
import dev.cobro.domain.authorization.AuthorizationStatus;
import dev.cobro.domain.payment.Payment;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.ProviderId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** The write-ahead, seen from the database while the provider is being called. */
class WriteAheadIT {

    private static TestDatabase.Handle db;
    private static CobroPersistence persistence;
    private final ControllableClock clock = ControllableClock.ticking(TestData.START, java.time.Duration.ofNanos(1000));
    /** Each records what the database held for its subject while it was being called. */
    private final FakeCheckoutProvider checkoutProvider = new FakeCheckoutProvider(ProviderId.EIGHTY_EIGHT_PAY,
            persistence.payments(), persistence.attempts());
    private final FakeCardProvider cardProvider = new FakeCardProvider(ProviderId.PAYME, persistence.authorizations(),
            persistence.attempts());

    @BeforeAll
    static void start() {
        db = Databases.migrated();
        persistence = Databases.persistence(db);
    }

    @AfterAll
    static void stop() {
        persistence.close();
    }

    @Test
    void aCheckoutIsStoredRequestedBeforeTheProviderIsCalledAndItsOutcomeAfter() {
        CheckoutPaymentResult result = Services.checkout(persistence, checkoutProvider, clock)
                .start(TestData.checkout("wa-checkout-1", "250.00"));

        FakeCheckoutProvider.ChargeCall duringCall = checkoutProvider.chargeCalls().get(0);
        assertThat(duringCall.storedStatus()).isEqualTo(PaymentStatus.REQUESTED);
        assertThat(duringCall.storedPayment().orElseThrow().providerSessionId())
                .isEqualTo(persistence.payments().findById(result.payment().id()).orElseThrow().providerSessionId())
                .isNotNull();
        assertThat(duringCall.storedAttempts()).singleElement().satisfies(a -> {
            assertThat(a.status()).isEqualTo(AttemptStatus.REQUESTED);
            assertThat(a.request()).contains("wa-checkout-1");
            assertThat(a.finishedAt()).isNull();
        });
        Payment after = persistence.payments().findById(result.payment().id()).orElseThrow();
        assertThat(after.status()).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
        assertThat(after.checkoutUrl()).isEqualTo("https://checkout.fake/" + after.providerSessionId() + "/1");
        assertThat(AggregateViews.payment(after)).isEqualTo(result.payment());
        assertThat(persistence.attempts().attemptsOf(after.id().value())).singleElement().satisfies(a -> {
            assertThat(a.status()).isEqualTo(AttemptStatus.SUCCEEDED);
            assertThat(a.httpStatus()).isEqualTo(200);
            assertThat(a.response()).isEqualTo("{\"status\":\"Success\",\"reference\":\"ref-1\"}");
            assertThat(a.latency()).isPositive();
        });
        assertThat(Databases.single(db, "select latency_ms is not null from cobro.provider_attempt where subject_id = '"
                + after.id() + "'")).isEqualTo("t");
    }

    @Test
    void anAuthorizationIsStoredRequestedBeforeTheProviderIsCalledAndItsOutcomeAfter() {
        AuthorizationResult result = Services.authorize(persistence, cardProvider, clock)
                .authorize(TestData.cardAuthorization(null, "120.00"));

        assertThat(cardProvider.authorizeCalls()).singleElement()
                .satisfies(call -> assertThat(call.storedStatus()).isEqualTo(AuthorizationStatus.REQUESTED));
        assertThat(persistence.attempts().attemptsOf(result.authorization().id().value()))
                .singleElement().satisfies(a -> {
                    assertThat(a.operation()).isEqualTo(AttemptOperation.AUTHORIZE);
                    assertThat(a.status()).isEqualTo(AttemptStatus.SUCCEEDED);
                    assertThat(a.providerCode()).isEqualTo("00");
                });
        Authorization after = persistence.authorizations().findById(result.authorization().id()).orElseThrow();
        assertThat(after.status()).isEqualTo(AuthorizationStatus.AUTHORIZED);
        assertThat(after.details().instrument().masked()).isEqualTo("485951******0051");
        assertThat(AggregateViews.authorization(after)).isEqualTo(result.authorization());
    }

    @Test
    void aDeclineIsRecordedAsAnOutcomeWithItsResponseCode() {
        cardProvider.willDecline("05", "No aceptada");

        AuthorizationResult result = Services.authorize(persistence, cardProvider, clock)
                .authorize(TestData.cardAuthorization(null, "10.00"));

        Authorization after = persistence.authorizations().findById(result.authorization().id()).orElseThrow();
        assertThat(after.status()).isEqualTo(AuthorizationStatus.DECLINED);
        assertThat(after.response().responseCode()).isEqualTo("05");
        assertThat(persistence.attempts().attemptsOf(after.id().value())).extracting(ProviderAttempt::status)
                .containsExactly(AttemptStatus.DECLINED);
    }

    @Test
    void aTimeoutIsRecordedUnknownNeverFailed() {
        checkoutProvider.willTimeOut();

        CheckoutPaymentResult result = Services.checkout(persistence, checkoutProvider, clock)
                .start(TestData.checkout("wa-timeout-1", "99.00"));

        Payment after = persistence.payments().findById(result.payment().id()).orElseThrow();
        assertThat(after.status()).isEqualTo(PaymentStatus.UNKNOWN);
        assertThat(persistence.attempts().attemptsOf(after.id().value())).extracting(ProviderAttempt::status)
                .containsExactly(AttemptStatus.UNKNOWN);
    }

    @Test
    void aRepeatedRequestIsAnsweredFromTheRecordWithoutCallingTheProviderAgain() {
        var service = Services.checkout(persistence, checkoutProvider, clock);
        service.start(TestData.checkout("wa-replay-1", "40.00"));

        CheckoutPaymentResult again = service.start(TestData.checkout("wa-replay-1", "40.00"));

        assertThat(again).isInstanceOf(CheckoutPaymentResult.Replayed.class);
        assertThat(checkoutProvider.chargeCount()).isEqualTo(1);
    }

    @Test
    void aReversalIsItsOwnAttemptWrittenAheadOfTheCall() {
        AuthorizationResult authorized = Services.authorize(persistence, cardProvider, clock)
                .authorize(TestData.tokenAuthorization(null, "75.00"));

        ReversalResult reversed = Services.reverse(persistence, cardProvider, clock)
                .reverse(new ReverseAuthorizationCommand(authorized.authorization().id()));

        assertThat(reversed).isInstanceOf(ReversalResult.Reversed.class);
        assertThat(persistence.authorizations().findById(authorized.authorization().id()).orElseThrow().status())
                .isEqualTo(AuthorizationStatus.REVERSED);
        assertThat(persistence.attempts().attemptsOf(authorized.authorization().id().value()))
                .extracting(ProviderAttempt::operation, ProviderAttempt::status)
                .containsExactly(tuple(AttemptOperation.AUTHORIZE, AttemptStatus.SUCCEEDED),
                        tuple(AttemptOperation.REVERSE, AttemptStatus.SUCCEEDED));
    }

    @Test
    void whenTheWriteAheadFailsNothingIsStoredAndTheProviderIsNotCalled() {
        Databases.execute(db, "alter table cobro.provider_attempt rename to provider_attempt_away");
        try {
            assertThatThrownBy(() -> Services.checkout(persistence, checkoutProvider, clock)
                    .start(TestData.checkout("wa-broken-1", "10.00")))
                    .isInstanceOf(StoreUnavailableException.class);
        } finally {
            Databases.execute(db, "alter table cobro.provider_attempt_away rename to provider_attempt");
        }
        assertThat(checkoutProvider.chargeCount()).isZero();
        assertThat(Databases.single(db, "select count(*) from cobro.checkout_payment where merchant_reference = 'wa-broken-1'"))
                .isEqualTo("0");
        assertThat(Databases.single(db, "select count(*) from cobro.status_change c join cobro.checkout_payment p"
                + " on p.id = c.subject_id where p.merchant_reference = 'wa-broken-1'")).isEqualTo("0");
    }
}
