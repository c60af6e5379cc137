package dev.cobro.adapters.http.eightyeightpay;

import dev.cobro.application.port.out.CheckoutCreated;
import dev.cobro.application.port.out.ProviderOutcome;
import dev.cobro.application.testing.CapturedLogs;
import dev.cobro.application.fakes.ControllableClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.cobro.adapters.http.support.CobroJson;
import dev.cobro.adapters.http.support.HttpTimeouts;
import dev.cobro.adapters.http.support.Redaction;
import dev.cobro.application.port.out.PreparedCharge;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.cobro.adapters.http.eightyeightpay.EightyEightPayStubs.API_KEY;
import static dev.cobro.adapters.http.eightyeightpay.EightyEightPayStubs.CHARGE_PATH;
import static dev.cobro.adapters.http.eightyeightpay.EightyEightPayStubs.MERCHANT_ID;
import static dev.cobro.adapters.http.eightyeightpay.EightyEightPayStubs.T0;
import static dev.cobro.adapters.http.eightyeightpay.EightyEightPayStubs.anyCharge;
import static dev.cobro.adapters.http.eightyeightpay.EightyEightPayStubs.chargeOf;
import static dev.cobro.adapters.http.eightyeightpay.EightyEightPayStubs.chargeRequests;
import static dev.cobro.adapters.http.eightyeightpay.EightyEightPayStubs.error;
import static dev.cobro.adapters.http.eightyeightpay.EightyEightPayStubs.okJson;
import static dev.cobro.adapters.http.eightyeightpay.EightyEightPayStubs.rateLimited;
import static dev.cobro.adapters.http.eightyeightpay.EightyEightPayStubs.resource;
import static dev.cobro.adapters.http.eightyeightpay.EightyEightPayStubs.seedCharge;
import static dev.cobro.adapters.http.eightyeightpay.EightyEightPayStubs.session;
import static dev.cobro.adapters.http.eightyeightpay.EightyEightPayStubs.stubToken;
import static dev.cobro.adapters.http.eightyeightpay.EightyEightPayStubs.token;
import static dev.cobro.adapters.http.eightyeightpay.EightyEightPayStubs.stubTokenSequence;
import static dev.cobro.adapters.http.eightyeightpay.EightyEightPayStubs.tokenOk;
import static dev.cobro.adapters.http.eightyeightpay.EightyEightPayStubs.chargeWithToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Seed "Token & Payment Flow", step 2: the charge body and how each answer ends. */
class EightyEightPayChargeIT {

    private static WireMockServer wm;
    private static CapturedLogs logs;

    private ControllableClock clock;
    private ClockAdvancingWaiter waiter;

    @BeforeAll
    static void startProviderAndCaptureLogs() {
        logs = CapturedLogs.attachToRoot();
        wm = new WireMockServer(options().dynamicPort());
        wm.start();
    }

    @AfterAll
    static void logsNeverShowTheKeyATokenOrASession() {
        wm.stop();
        logs.detach();
        EightyEightPayLogChecks.assertShowTrafficButNoSecret(logs.lines(), API_KEY);
    }

    @BeforeEach
    void freshProviderWithAToken() {
        wm.resetAll();
        stubToken(wm, "A");
        clock = new ControllableClock(T0);
        waiter = new ClockAdvancingWaiter(clock);
    }

    private EightyEightPayCheckoutAdapter adapter(Duration maxRateLimitWait) {
        return new EightyEightPayCheckoutAdapter(EightyEightPayStubs.settings(wm, maxRateLimitWait),
                new RecordingLedger(clock), clock, waiter);
    }

    private ProviderOutcome<CheckoutCreated> chargeAnswered(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer) {
        wm.stubFor(anyCharge().willReturn(answer));
        EightyEightPayCheckoutAdapter adapter = adapter(Duration.ZERO);
        return adapter.charge(adapter.prepareCharge(seedCharge()));
    }

    @Test
    void chargeBodyEqualsTheSeedExample() throws Exception {
        wm.stubFor(anyCharge().willReturn(okJson(resource("charge-response-seed.json"))));
        EightyEightPayCheckoutAdapter adapter = adapter(Duration.ZERO);

        adapter.charge(adapter.prepareCharge(seedCharge()));

        String sent = wm.findAll(postRequestedFor(urlEqualTo(CHARGE_PATH))).get(0).getBodyAsString();
        com.fasterxml.jackson.databind.node.ObjectNode expected =
                (com.fasterxml.jackson.databind.node.ObjectNode) CobroJson.mapper().readTree(resource("charge-request-seed.json"));
        com.fasterxml.jackson.databind.node.ObjectNode actual =
                (com.fasterxml.jackson.databind.node.ObjectNode) CobroJson.mapper().readTree(sent);
        // notification_url aside, field for field the seed's; it keeps the host's URL as its prefix
        // and adds Cobro's signature of the payment (ARCHITECTURE.md, Notifications: authenticity).
        assertThat(actual.get("notification_url").asText()).isEqualTo(EightyEightPayStubs.SIGNED_NOTIFICATION_URL)
                .startsWith(expected.get("notification_url").asText() + "?");
        expected.remove("notification_url");
        actual.remove("notification_url");
        assertThat(actual).isEqualTo(expected);
        assertThat(actual.size()).isEqualTo(9);
        // A JSON number at the currency's scale, not a string and not 100.0.
        assertThat(sent).contains("\"amount\":100.00");
    }

    @Test
    void amountKeepsTheCurrencyScale() throws Exception {
        wm.stubFor(anyCharge().willReturn(okJson(resource("charge-response-seed.json"))));
        EightyEightPayCheckoutAdapter adapter = adapter(Duration.ZERO);

        PreparedCharge pesos = adapter.prepareCharge(chargeOf("1500", "CLP"));
        PreparedCharge cents = adapter.prepareCharge(chargeOf("0.5", "COP"));

        assertThat(pesos.redactedRequest()).contains("\"amount\":1500,").contains("\"currency\":\"CLP\"");
        assertThat(cents.redactedRequest()).contains("\"amount\":0.50,");
    }

    @Test
    void preparedChargeKeepsItsRedactedBodyAndSessionButNeverShowsTheSession() throws Exception {
        EightyEightPayCheckoutAdapter adapter = adapter(Duration.ZERO);

        PreparedCharge prepared = adapter.prepareCharge(seedCharge());

        assertThat(CobroJson.mapper().readTree(prepared.redactedRequest()))
                .isEqualTo(CobroJson.mapper().readTree(resource("charge-request-seed.json").replace(
                        "\"notification_url\": \"https://merchant.example.com/notify\"",
                        "\"notification_url\": \"" + EightyEightPayStubs.SIGNED_NOTIFICATION_URL + "\"")));
        assertThat(prepared.sessionId()).isEqualTo(session("A"));
        assertThat(prepared.toString()).doesNotContain(session("A")).doesNotContain(token("A"));
        assertThat(adapter.toString()).contains(MERCHANT_ID).doesNotContain(API_KEY);
        assertThat(adapter.providerId().value()).isEqualTo("88pay");
    }

    @Test
    void acceptedChargeCarriesTheCheckoutUrlTheSessionAndTheEcho() {
        wm.stubFor(anyCharge().willReturn(okJson(resource("charge-response-seed.json"))));
        EightyEightPayCheckoutAdapter adapter = adapter(Duration.ZERO);

        PreparedCharge prepared = adapter.prepareCharge(seedCharge());
        ProviderOutcome<CheckoutCreated> outcome = adapter.charge(prepared);

        assertThat(outcome).isInstanceOf(ProviderOutcome.Succeeded.class);
        ProviderOutcome.Succeeded<CheckoutCreated> accepted = (ProviderOutcome.Succeeded<CheckoutCreated>) outcome;
        assertThat(prepared.sessionId()).isEqualTo(session("A"));
        assertThat(accepted.answer().reference()).as("an empty reference is none yet").isNull();
        assertThat(accepted.answer().checkoutUrl())
                .startsWith("https://checkout.tu-dominio.com/mex/cards?amount=100&currency=MXN");
        // 88Pay echoes 100 for 100.00: the core compares numerically.
        assertThat(accepted.answer().echoedAmount()).isEqualByComparingTo(new BigDecimal("100.00"));
        assertThat(accepted.answer().echoedCurrency()).isEqualTo("MXN");
        assertThat(accepted.exchange().httpStatus()).isEqualTo(200);
        assertThat(accepted.exchange().providerCode()).isEqualTo("200");
        assertThat(accepted.exchange().providerMessage()).isEqualTo("Method processed");
        assertThat(accepted.exchange().redactedResponse()).contains("urlCheckout");
        wm.verify(1, postRequestedFor(urlEqualTo(CHARGE_PATH))
                .withHeader("Authorization", equalTo("Bearer " + token("A")))
                .withHeader("x-session-id", equalTo(session("A")))
                .withHeader("Content-Type", equalTo("application/json")));
    }

    @Test
    void aReferenceGivenAtOnceIsKept() {
        ProviderOutcome<CheckoutCreated> outcome = chargeAnswered(okJson("{\"status\":\"Success\",\"code\":200,\"message\":\"Method processed\","
                + "\"data\":{\"urlCheckout\":\"https://checkout.example/x\",\"amount\":100,\"currency\":\"MXN\","
                + "\"reference\":\"TRX-889\",\"customer_id\":\"cust_987654\"}}"));

        assertThat(outcome).isInstanceOf(ProviderOutcome.Succeeded.class);
        assertThat(((ProviderOutcome.Succeeded<CheckoutCreated>) outcome).answer().reference()).isEqualTo("TRX-889");
    }

    @ParameterizedTest
    @CsvSource({
            "400, Invalid amount",
            "404, Method not found",
            "422, Method Not Available"})
    void clientErrorsAreRejectedWithTheProviderMessage(int status, String message) {
        ProviderOutcome<CheckoutCreated> outcome = chargeAnswered(error(status, message));

        assertThat(outcome).isInstanceOf(ProviderOutcome.Rejected.class);
        assertThat(outcome.reason()).contains(String.valueOf(status), message);
        assertThat(outcome.exchange().httpStatus()).isEqualTo(status);
        assertThat(outcome.exchange().providerCode()).isEqualTo(String.valueOf(status));
        assertThat(outcome.exchange().providerMessage()).isEqualTo(message);
        assertThat(chargeRequests(wm)).isEqualTo(1);
    }

    @Test
    void forbiddenIsRejectedNamingTheMerchantButNeverTheKey() {
        ProviderOutcome<CheckoutCreated> outcome = chargeAnswered(aResponse().withStatus(403));

        assertThat(outcome).isInstanceOf(ProviderOutcome.Rejected.class);
        assertThat(outcome.reason()).contains("403", MERCHANT_ID).doesNotContain(API_KEY);
        assertThat(outcome.exchange().httpStatus()).isEqualTo(403);
        assertThat(chargeRequests(wm)).isEqualTo(1);
    }

    @Test
    void rateLimitedChargeWaitsForRetryAfterAndIsSentOnceMore() {
        wm.stubFor(anyCharge().inScenario("charge").whenScenarioStateIs(STARTED)
                .willReturn(rateLimited("3", 3)).willSetStateTo("open"));
        wm.stubFor(anyCharge().inScenario("charge").whenScenarioStateIs("open")
                .willReturn(okJson(resource("charge-response-seed.json"))));
        EightyEightPayCheckoutAdapter adapter = adapter(Duration.ofSeconds(5));
        PreparedCharge prepared = adapter.prepareCharge(seedCharge());
        Instant sent = clock.instant();

        ProviderOutcome<CheckoutCreated> outcome = adapter.charge(prepared);

        assertThat(outcome).isInstanceOf(ProviderOutcome.Succeeded.class);
        assertThat(waiter.waits()).containsExactly(sent.plusSeconds(3));
        assertThat(chargeRequests(wm)).isEqualTo(2);
    }

    /**
     * A Retry-After of Long.MAX_VALUE seconds threw ArithmeticException out of charge()
     * (the payment then ended UNKNOWN, though a 429 means nothing was processed). It is the longest
     * wait, beyond the allowed one: NOT_SENT, no wait honoured, no exception.
     */
    @ParameterizedTest
    @ValueSource(strings = {"9223372036854775807", "99999999999999999999999", "Fri, 31 Dec 9999 23:59:59 GMT"})
    void anAbsurdRetryAfterIsNotSentAndNeverAnException(String retryAfter) {
        wm.stubFor(anyCharge().willReturn(rateLimited(retryAfter, null)));
        EightyEightPayCheckoutAdapter adapter = adapter(Duration.ofSeconds(5));

        ProviderOutcome<CheckoutCreated> outcome = adapter.charge(adapter.prepareCharge(seedCharge()));

        assertThat(outcome).isInstanceOf(ProviderOutcome.NotSent.class);
        assertThat(waiter.waits()).isEmpty();
        assertThat(chargeRequests(wm)).isEqualTo(1);
    }

    /** An honoured wait is capped by the setting however long the 429 asks for. */
    @Test
    void aRetryAfterLongerThanTheAllowedWaitIsNotWaitedFor() {
        wm.stubFor(anyCharge().willReturn(rateLimited("6", null)));
        EightyEightPayCheckoutAdapter adapter = adapter(Duration.ofSeconds(5));

        ProviderOutcome<CheckoutCreated> outcome = adapter.charge(adapter.prepareCharge(seedCharge()));

        assertThat(outcome).isInstanceOf(ProviderOutcome.NotSent.class);
        assertThat(waiter.waits()).isEmpty();
    }

    /**
     * A 200 whose body says status Error with a 5xx code was REJECTED; the server failed
     * while handling the charge, which may exist: UNKNOWN.
     */
    @Test
    void aSuccessfulStatusWhoseBodySaysErrorWithA5xxCodeIsUnknown() {
        ProviderOutcome<CheckoutCreated> outcome = chargeAnswered(okJson(
                "{\"status\":\"Error\",\"code\":503,\"message\":\"Service temporarily unavailable\"}"));

        assertThat(outcome).isInstanceOf(ProviderOutcome.Unknown.class);
        assertThat(outcome.exchange().httpStatus()).isEqualTo(200);
    }

    /**
     * In the adapter: after a 401 the charge is re-sent under a fresh token and session;
     * when that re-send times out (502 here), the prepared charge names the fresh session, not the refused one.
     */
    @Test
    void anUnknownOutcomeAfterA401ResendNamesTheSessionItWentOutUnder() {
        stubTokenSequence(wm, tokenOk("A"), tokenOk("B"));
        wm.stubFor(chargeWithToken("A").willReturn(error(401, "Unauthorized")));
        wm.stubFor(chargeWithToken("B").willReturn(error(502, "Bad Gateway")));
        EightyEightPayCheckoutAdapter adapter = adapter(Duration.ZERO);
        PreparedCharge prepared = adapter.prepareCharge(seedCharge());

        String preparedSession = prepared.sessionId();
        ProviderOutcome<CheckoutCreated> outcome = adapter.charge(prepared);

        assertThat(preparedSession).isEqualTo(session("A"));
        assertThat(outcome).isInstanceOf(ProviderOutcome.Unknown.class);
        assertThat(prepared.sessionId()).as("the session it last went out under").isEqualTo(session("B"));
        assertThat(outcome.toString()).doesNotContain(session("B"));
        assertThat(prepared.toString()).doesNotContain(session("B"));
    }

    /**
     * A TLS handshake that fails has sent nothing of the request: NOT_SENT (it was
     * UNKNOWN, so the charge was never sent again and waited 72 h).
     */
    @Test
    void aFailedTlsHandshakeIsNotSent() {
        WireMockServer tls = new WireMockServer(options().dynamicPort().dynamicHttpsPort());
        tls.start();
        try {
            EightyEightPaySettings untrusted = new EightyEightPaySettings("https://localhost:" + tls.httpsPort(),
                    API_KEY, MERCHANT_ID, new HttpTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(30)),
                    Duration.ZERO);
            EightyEightPayCheckoutAdapter adapter = new EightyEightPayCheckoutAdapter(untrusted,
                    new RecordingLedger(clock), clock, waiter);
            SessionToken token = new SessionToken(java.util.UUID.randomUUID(), token("A"), session("A"),
                    T0.plusSeconds(50));
            String body = resource("charge-request-seed.json");

            ProviderOutcome<CheckoutCreated> outcome = adapter.charge(new EightyEightPayPreparedCharge(new Redaction.Serialized(body, body), token));

            assertThat(outcome).isInstanceOf(ProviderOutcome.NotSent.class);
            assertThat(tls.getAllServeEvents()).isEmpty();
        } finally {
            tls.stop();
        }
    }

    @Test
    void rateLimitedTwiceIsNotSent() {
        wm.stubFor(anyCharge().willReturn(rateLimited("1", null)));
        EightyEightPayCheckoutAdapter adapter = adapter(Duration.ofSeconds(5));

        ProviderOutcome<CheckoutCreated> outcome = adapter.charge(adapter.prepareCharge(seedCharge()));

        assertThat(outcome).isInstanceOf(ProviderOutcome.NotSent.class);
        assertThat(waiter.waits()).hasSize(1);
        assertThat(chargeRequests(wm)).isEqualTo(2);
    }

    @Test
    void rateLimitBeyondTheAllowedWaitIsNotSent() {
        ProviderOutcome<CheckoutCreated> outcome = chargeAnswered(rateLimited("60", 60));

        assertThat(outcome).isInstanceOf(ProviderOutcome.NotSent.class);
        assertThat(outcome.reason()).contains("429");
        assertThat(outcome.exchange().httpStatus()).isEqualTo(429);
        assertThat(outcome.exchange().providerCode()).isEqualTo("429");
        assertThat(waiter.waits()).isEmpty();
        assertThat(chargeRequests(wm)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504})
    void serverErrorsAfterSendingAreUnknown(int status) {
        ProviderOutcome<CheckoutCreated> outcome = chargeAnswered(error(status, "Internal error"));

        assertThat(outcome).isInstanceOf(ProviderOutcome.Unknown.class);
        assertThat(outcome.exchange().httpStatus()).isEqualTo(status);
        assertThat(outcome.exchange().redactedResponse()).contains("Internal error");
        assertThat(chargeRequests(wm)).as("an UNKNOWN charge is never re-sent").isEqualTo(1);
    }

    @Test
    void readTimeoutAfterSendingIsUnknown() {
        // Far past the 300 ms read timeout, which only the charge meets, however loaded the machine.
        wm.stubFor(anyCharge().willReturn(okJson(resource("charge-response-seed.json")).withFixedDelay(60_000)));
        EightyEightPaySettings shortRead = EightyEightPayStubs.settings(wm, Duration.ZERO)
                .withTimeouts(new HttpTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300)));
        EightyEightPayCheckoutAdapter impatient = new EightyEightPayCheckoutAdapter(shortRead, new RecordingLedger(clock),
                clock, waiter);
        // Prepared with the usual timeouts, so that only the charge meets the short read timeout.
        PreparedCharge prepared = adapter(Duration.ZERO).prepareCharge(seedCharge());

        ProviderOutcome<CheckoutCreated> outcome = impatient.charge(prepared);

        assertThat(outcome).isInstanceOf(ProviderOutcome.Unknown.class);
        assertThat(outcome.exchange().httpStatus()).isNull();
        assertThat(outcome.reason()).containsIgnoringCase("timed out");
        assertThat(chargeRequests(wm)).isEqualTo(1);
    }

    @Test
    void connectionRefusedIsNotSent() {
        EightyEightPaySettings closed = new EightyEightPaySettings("http://127.0.0.1:" + EightyEightPayStubs.closedPort(),
                API_KEY, MERCHANT_ID, new HttpTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(30)), Duration.ZERO);
        EightyEightPayCheckoutAdapter adapter = new EightyEightPayCheckoutAdapter(closed, new RecordingLedger(clock), clock,
                waiter);
        // Prepared while 88Pay was reachable; by the time of the charge nothing listens any more.
        SessionToken token = new SessionToken(java.util.UUID.randomUUID(), token("A"), session("A"), T0.plusSeconds(50));
        String body = resource("charge-request-seed.json");
        PreparedCharge prepared = new EightyEightPayPreparedCharge(new Redaction.Serialized(body, body), token);

        ProviderOutcome<CheckoutCreated> outcome = adapter.charge(prepared);

        assertThat(outcome).isInstanceOf(ProviderOutcome.NotSent.class);
        assertThat(outcome.exchange().httpStatus()).isNull();
        assertThat(outcome.reason()).contains("nothing was sent");
    }

    @Test
    void malformedJsonIsUnknownWithTheRawTextKept() {
        ProviderOutcome<CheckoutCreated> outcome = chargeAnswered(aResponse().withStatus(200).withBody("{\"status\":\"Success\",\"data\":{"));

        assertThat(outcome).isInstanceOf(ProviderOutcome.Unknown.class);
        assertThat(outcome.exchange().httpStatus()).isEqualTo(200);
        assertThat(outcome.exchange().redactedResponse()).isEqualTo("{\"status\":\"Success\",\"data\":{");
    }

    @Test
    void htmlFromAProxyIsUnknownWithTheRawTextKept() {
        ProviderOutcome<CheckoutCreated> outcome = chargeAnswered(aResponse().withStatus(200).withBody("<html>gateway</html>"));

        assertThat(outcome).isInstanceOf(ProviderOutcome.Unknown.class);
        assertThat(outcome.exchange().redactedResponse()).isEqualTo("<html>gateway</html>");
    }

    @Test
    void emptyBodyIsUnknown() {
        ProviderOutcome<CheckoutCreated> outcome = chargeAnswered(aResponse().withStatus(200));

        assertThat(outcome).isInstanceOf(ProviderOutcome.Unknown.class);
        assertThat(outcome.exchange().httpStatus()).isEqualTo(200);
        assertThat(outcome.exchange().redactedResponse()).isEmpty();
    }

    @Test
    void successWithoutACheckoutUrlIsUnknown() {
        ProviderOutcome<CheckoutCreated> outcome = chargeAnswered(okJson("{\"status\":\"Success\",\"code\":200,\"message\":\"ok\"}"));

        assertThat(outcome).isInstanceOf(ProviderOutcome.Unknown.class);
        assertThat(outcome.exchange().providerMessage()).isEqualTo("ok");
    }

    @Test
    void okWithAnErrorEnvelopeIsRejectedWithItsMessage() {
        ProviderOutcome<CheckoutCreated> outcome = chargeAnswered(
                okJson("{\"status\":\"Error\",\"code\":422,\"message\":\"Method Not Available\"}"));

        assertThat(outcome).isInstanceOf(ProviderOutcome.Rejected.class);
        assertThat(outcome.reason()).contains("Method Not Available");
        assertThat(outcome.exchange().httpStatus()).isEqualTo(200);
        assertThat(outcome.exchange().providerCode()).isEqualTo("422");
    }

    @Test
    void chargesPreparedElsewhereAreRefused() {
        EightyEightPayCheckoutAdapter adapter = adapter(Duration.ZERO);

        PreparedCharge foreign = new PreparedCharge() {
            @Override
            public String sessionId() {
                return "other";
            }

            @Override
            public String redactedRequest() {
                return "{}";
            }
        };

        assertThatThrownBy(() -> adapter.charge(foreign)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only charges it prepared");
        assertThat(chargeRequests(wm)).isZero();
    }
}
