package dev.cobro.bootstrap.faults;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.cobro.application.port.in.AuthorizationResult;
import dev.cobro.application.port.in.CheckoutPaymentResult;
import dev.cobro.application.port.in.StartCheckoutPaymentCommand;
import dev.cobro.bootstrap.Cobro;
import dev.cobro.bootstrap.faults.CobroRows.AttemptRow;
import dev.cobro.db.testing.TestDatabase;
import dev.cobro.domain.authorization.AuthorizationStatus;
import dev.cobro.domain.payment.PaymentStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.cobro.application.fakes.CardAuthorizationBuilder.aCardAuthorization;
import static dev.cobro.application.fakes.CheckoutCommandBuilder.aCheckoutCommand;
import static dev.cobro.bootstrap.faults.ProviderStubs.CHARGES_88PAY;
import static dev.cobro.bootstrap.faults.ProviderStubs.CHARGES_PAYME;
import static dev.cobro.bootstrap.faults.ProviderStubs.NO_ANSWER_IN_TIME_MS;
import static dev.cobro.bootstrap.faults.ProviderStubs.charge88Pay;
import static dev.cobro.bootstrap.faults.ProviderStubs.chargePayme;
import static dev.cobro.bootstrap.faults.ProviderStubs.json;
import static dev.cobro.bootstrap.faults.ProviderStubs.requests;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the providers do wrong, over real HTTP (WireMock) into a real PostgreSQL: no answer in
 * time, a 500 after processing, a body that is not JSON, a refused connection. Each is judged
 * by the rule it must keep: no answer is UNKNOWN (never FAILED or DECLINED), an UNKNOWN charge
 * is never sent again, and only a call that never left may be sent again.
 */
class FaultProviderAnswersIT {

    private static final AtomicLong OPERATION_NUMBERS = new AtomicLong(100_000_000L);

    static WireMockServer wm;
    static TestDatabase.Handle db;
    static Cobro cobro;
    static CobroRows rows;

    @BeforeAll
    static void start() {
        wm = new WireMockServer(options().dynamicPort());
        wm.start();
        db = TestDatabase.freshDatabase();
        rows = new CobroRows(db.dataSource());
        cobro = Cobro.builder()
                .dataSource(db.dataSource())
                .eightyEightPay(ProviderStubs.eightyEightPay(wm))
                .payme(ProviderStubs.payme(wm))
                .build();
    }

    @AfterAll
    static void stop() {
        if (cobro != null) {
            cobro.close();
        }
        if (wm != null) {
            wm.stop();
        }
    }

    @BeforeEach
    void freshStubs() {
        wm.resetAll();
        ProviderStubs.stubTokens(wm);
    }

    @Test
    void aChargeThatGetsNoAnswerInTimeIsUnknownAndSoIsItsAttempt() {
        wm.stubFor(charge88Pay().willReturn(ProviderStubs.checkoutOpened().withFixedDelay(NO_ANSWER_IN_TIME_MS)));
        StartCheckoutPaymentCommand command = aCheckoutCommand().withAmount("101.00").build();

        CheckoutPaymentResult result = cobro.checkoutPayments().start(command);

        assertThat(result).isInstanceOf(CheckoutPaymentResult.Created.class);
        assertThat(result.payment().status()).isEqualTo(PaymentStatus.UNKNOWN);
        assertThat(rows.paymentStatus(command.merchantReference().value())).contains("UNKNOWN");
        assertThat(rows.attemptsOf(result.payment().id().value())).singleElement()
                .satisfies(attempt -> assertThat(attempt.status()).isEqualTo("UNKNOWN"));
        assertThat(requests(wm, CHARGES_88PAY)).isEqualTo(1);
    }

    @Test
    void anAuthorizationThatGetsNoAnswerInTimeIsUnknownNeverDeclined() {
        wm.stubFor(chargePayme().willReturn(ProviderStubs.authorized().withFixedDelay(NO_ANSWER_IN_TIME_MS)));
        String number = nextOperationNumber();

        AuthorizationResult result = cobro.cardAuthorizations().authorize(
                aCardAuthorization().withOperationNumber(number).build());

        assertThat(result.authorization().status()).isEqualTo(AuthorizationStatus.UNKNOWN);
        assertThat(rows.authorizationStatus(number)).contains("UNKNOWN");
        assertThat(rows.attemptsOf(result.authorization().id().value())).singleElement()
                .satisfies(attempt -> assertThat(attempt.status()).isEqualTo("UNKNOWN"));
    }

    @Test
    void aConnectionResetAfterSendingIsUnknownNotNotSent() {
        wm.stubFor(chargePayme().willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        String number = nextOperationNumber();

        AuthorizationResult result = cobro.cardAuthorizations().authorize(
                aCardAuthorization().withOperationNumber(number).build());

        // The request left: Pay-me may have processed it, so it must not count as never sent.
        assertThat(result.authorization().status()).isEqualTo(AuthorizationStatus.UNKNOWN);
        assertThat(rows.attemptsOf(result.authorization().id().value())).singleElement()
                .satisfies(attempt -> assertThat(attempt.status()).isEqualTo("UNKNOWN"));
    }

    @Test
    void aChargeAnswered500AfterProcessingIsUnknownAndTheSameReferenceIsNotChargedAgain() {
        wm.stubFor(charge88Pay().willReturn(json(500,
                "{\"status\":\"Error\",\"code\":500,\"message\":\"Internal Server Error\"}")));
        StartCheckoutPaymentCommand command = aCheckoutCommand().withAmount("102.00").build();

        CheckoutPaymentResult first = cobro.checkoutPayments().start(command);
        // 88Pay is fine again: a second charge would succeed, and would leave two live checkout links.
        wm.stubFor(charge88Pay().willReturn(ProviderStubs.checkoutOpened()));
        CheckoutPaymentResult again = cobro.checkoutPayments().start(command);

        assertThat(first.payment().status()).isEqualTo(PaymentStatus.UNKNOWN);
        assertThat(again).isInstanceOf(CheckoutPaymentResult.Replayed.class);
        assertThat(again.payment().status()).isEqualTo(PaymentStatus.UNKNOWN);
        assertThat(requests(wm, CHARGES_88PAY)).isEqualTo(1);
        assertThat(rows.attemptsOf(first.payment().id().value())).singleElement().satisfies(attempt -> {
            assertThat(attempt.status()).isEqualTo("UNKNOWN");
            assertThat(attempt.httpStatus()).isEqualTo(500);
        });
    }

    @Test
    void anAuthorizationAnswered500IsUnknownAndTheSameOperationNumberIsNotSentAgain() {
        wm.stubFor(chargePayme().willReturn(json(500, "{\"message\":\"Internal Server Error\"}")));
        String number = nextOperationNumber();

        AuthorizationResult first = cobro.cardAuthorizations().authorize(
                aCardAuthorization().withOperationNumber(number).build());
        wm.stubFor(chargePayme().willReturn(ProviderStubs.authorized()));
        AuthorizationResult again = cobro.cardAuthorizations().authorize(
                aCardAuthorization().withOperationNumber(number).build());

        assertThat(first.authorization().status()).isEqualTo(AuthorizationStatus.UNKNOWN);
        assertThat(again).isInstanceOf(AuthorizationResult.Replayed.class);
        assertThat(again.authorization().status()).isEqualTo(AuthorizationStatus.UNKNOWN);
        assertThat(requests(wm, CHARGES_PAYME)).isEqualTo(1);
    }

    @Test
    void aMalformedChargeAnswerIsUnknownWithTheRawTextRedactedInTheAttempt() {
        // Cut off mid-body, and carrying what must never be stored: a card number and the bearer token.
        wm.stubFor(charge88Pay().willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"status\":\"Success\",\"code\":200,\"message\":\"upstream said 4111111111111111 for "
                        + "{{request.headers.Authorization}}\",\"data\":{\"urlCheckout\":\"https://checkout.exa")
                .withTransformers("response-template")));
        StartCheckoutPaymentCommand command = aCheckoutCommand().withAmount("103.00").build();

        CheckoutPaymentResult result = cobro.checkoutPayments().start(command);

        assertThat(result.payment().status()).isEqualTo(PaymentStatus.UNKNOWN);
        AttemptRow attempt = rows.attemptsOf(result.payment().id().value()).get(0);
        assertThat(attempt.status()).isEqualTo("UNKNOWN");
        assertThat(attempt.httpStatus()).isEqualTo(200);
        assertThat(attempt.response())
                .contains("upstream said", "https://checkout.exa")
                .doesNotContain("4111111111111111")
                .doesNotContain(ProviderStubs.EIGHTY_EIGHT_PAY_TOKEN_PREFIX);
    }

    @Test
    void aMalformedAuthorizationAnswerIsUnknownWithTheRawTextRedactedInTheAttempt() {
        wm.stubFor(chargePayme().willReturn(json(200,
                "{\"action\":\"authorize\",\"success\":\"true\",\"note\":\"card 4859510000000051 ok\","
                        + "\"transaction\":{\"meta\":{\"status\":{\"code\":\"00\"")));
        String number = nextOperationNumber();

        AuthorizationResult result = cobro.cardAuthorizations().authorize(
                aCardAuthorization().withOperationNumber(number).build());

        // Code 00 can be read in the text, but an unreadable answer is not an approval: the resolver reverses it.
        assertThat(result.authorization().status()).isEqualTo(AuthorizationStatus.UNKNOWN);
        AttemptRow attempt = rows.attemptsOf(result.authorization().id().value()).get(0);
        assertThat(attempt.status()).isEqualTo("UNKNOWN");
        assertThat(attempt.response()).contains("\"action\":\"authorize\"", "485951******0051")
                .doesNotContain("4859510000000051");
        assertThat(attempt.request()).doesNotContain("4859510000000051");
    }

    @Test
    void aRefusedConnectionIsNotSentAndTheSameOperationNumberSendsAgainLater() {
        // Pay-me's api host is down (nobody listens on its port) while its auth host answers.
        int apiPort = ProviderStubs.freePort();
        String number = nextOperationNumber();
        WireMockServer api = new WireMockServer(options().port(apiPort));
        try (Cobro refused = Cobro.builder()
                .dataSource(db.dataSource())
                .runMigrations(false)
                .payme(ProviderStubs.payme(wm.baseUrl() + "/auth", "http://127.0.0.1:" + apiPort + "/api"))
                .build()) {
            AuthorizationResult first = refused.cardAuthorizations().authorize(
                    aCardAuthorization().withOperationNumber(number).build());

            assertThat(first.authorization().status()).isEqualTo(AuthorizationStatus.NOT_SENT);

            api.start();
            api.stubFor(chargePayme().willReturn(ProviderStubs.authorized()));
            AuthorizationResult later = refused.cardAuthorizations().authorize(
                    aCardAuthorization().withOperationNumber(number).build());

            assertThat(later).isInstanceOf(AuthorizationResult.Created.class);
            assertThat(later.authorization().status()).isEqualTo(AuthorizationStatus.AUTHORIZED);
            assertThat(later.authorization().id()).isEqualTo(first.authorization().id());
            assertThat(requests(api, CHARGES_PAYME)).isEqualTo(1);
            List<AttemptRow> attempts = rows.attemptsOf(first.authorization().id().value());
            assertThat(attempts).extracting(AttemptRow::status).containsExactly("NOT_SENT", "SUCCEEDED");
            assertThat(rows.statusChangesOf(first.authorization().id().value()))
                    .extracting(CobroRows.ChangeRow::to)
                    .containsSubsequence("NOT_SENT", "REQUESTED", "AUTHORIZED");
        } finally {
            api.stop();
        }
    }

    @Test
    void aRefusedChargeConnectionIsNotSentAndTheSameReferenceSendsAgainLater() {
        // 88Pay's token and charges share one host: the token is fetched first, then the host goes away.
        int port = ProviderStubs.freePort();
        WireMockServer first = new WireMockServer(options().port(port));
        WireMockServer second = new WireMockServer(options().port(port));
        first.start();
        try (Cobro cobroOnPort = Cobro.builder()
                .dataSource(db.dataSource())
                .runMigrations(false)
                .eightyEightPay(ProviderStubs.eightyEightPay(first))
                .build()) {
            ProviderStubs.stubTokens(first);
            first.stubFor(charge88Pay().willReturn(ProviderStubs.checkoutOpened()));
            cobroOnPort.checkoutPayments().start(aCheckoutCommand().withAmount("104.00").build());
            first.stop();
            StartCheckoutPaymentCommand command = aCheckoutCommand().withAmount("105.00").build();

            CheckoutPaymentResult refused = cobroOnPort.checkoutPayments().start(command);

            assertThat(refused.payment().status()).isEqualTo(PaymentStatus.NOT_SENT);

            second.start();
            ProviderStubs.stubTokens(second);
            second.stubFor(charge88Pay().willReturn(ProviderStubs.checkoutOpened()));
            CheckoutPaymentResult later = cobroOnPort.checkoutPayments().start(command);

            assertThat(later).isInstanceOf(CheckoutPaymentResult.Created.class);
            assertThat(later.payment().status()).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
            assertThat(later.payment().id()).isEqualTo(refused.payment().id());
            assertThat(requests(second, CHARGES_88PAY)).isEqualTo(1);
            assertThat(rows.attemptsOf(refused.payment().id().value())).extracting(AttemptRow::status)
                    .containsExactly("NOT_SENT", "SUCCEEDED");
        } finally {
            first.stop();
            second.stop();
        }
    }

    private static String nextOperationNumber() {
        return Long.toString(OPERATION_NUMBERS.incrementAndGet());
    }
}
