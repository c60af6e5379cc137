package dev.cobro.adapters.http.eightyeightpay;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.cobro.adapters.http.support.HttpTimeouts;
import dev.cobro.application.port.out.CheckoutCharge;
import dev.cobro.domain.payment.CheckoutDetails;
import dev.cobro.domain.payment.Country;
import dev.cobro.domain.payment.CustomerId;
import dev.cobro.domain.payment.MerchantReference;
import dev.cobro.domain.payment.PaymentId;
import dev.cobro.domain.payment.PaymentMethod;
import dev.cobro.domain.shared.Description;
import dev.cobro.domain.shared.HttpUrl;
import dev.cobro.domain.shared.Money;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/** 88Pay as the seed describes it, on WireMock; and the seed's example charge. */
final class EightyEightPayStubs {

    static final String API_KEY = "sk_test_MCH-COL-TEST-29ZTP4_d09d866c0ffee5ecret";
    static final String MERCHANT_ID = "MCH-COL-TEST-29ZTP4";
    /** Every access token of these tests starts so (a JWT's "eyJ"), every session id as 88Pay's "sess_". */
    static final String TOKEN_PREFIX = "eyJtest.";
    static final String SESSION_PREFIX = "sess_";
    static final String TOKEN_PATH = "/api/auth/token";
    static final PaymentId SEED_PAYMENT = PaymentId.of("5f0c1e7a-95a4-4a43-9d0e-2c1f3f0b8e11");
    /** The seed's notification_url as Cobro sends it: the host's URL, then Cobro's signature of the payment. */
    static final String SIGNED_NOTIFICATION_URL = "https://merchant.example.com/notify?cobro_pid=" + SEED_PAYMENT
            + "&cobro_sig=c2lnbmF0dXJlLW9mLXRoZS1zZWVkLXBheW1lbnQtZm9yLXRlc3Rz";
    static final String CHARGE_PATH = "/api/transactions/charges";
    static final Instant T0 = Instant.parse("2025-01-17T14:30:00Z");

    private EightyEightPayStubs() {
    }

    static String token(String name) {
        return TOKEN_PREFIX + name;
    }

    static String session(String name) {
        return SESSION_PREFIX + name;
    }

    static EightyEightPaySettings settings(WireMockServer wm, Duration maxRateLimitWait) {
        return new EightyEightPaySettings(wm.baseUrl(), API_KEY, MERCHANT_ID,
                // WireMock answers at once; a loaded 2-core machine may still stall a thread for seconds.
                new HttpTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30)), maxRateLimitWait);
    }

    /** The seed's token answer for token {@code name}, {@code expires_in} seconds. */
    static String tokenAnswer(String name, int expiresIn) {
        return "{\"status\":\"Success\",\"code\":200,\"message\":\"Token generated successfully\",\"data\":{"
                + "\"access_token\":\"" + token(name) + "\",\"expires_in\":" + expiresIn
                + ",\"session_id\":\"" + session(name) + "\"}}";
    }

    static MappingBuilder tokenRequest() {
        return post(urlEqualTo(TOKEN_PATH))
                .withHeader("x-api-key", equalTo(API_KEY))
                .withHeader("x-merchant-id", equalTo(MERCHANT_ID));
    }

    /** Every token request gets token {@code name}. */
    static void stubToken(WireMockServer wm, String name) {
        wm.stubFor(tokenRequest().willReturn(okJson(tokenAnswer(name, 60))));
    }

    /** Token requests get these answers in turn; the last one repeats. */
    static void stubTokenSequence(WireMockServer wm, ResponseDefinitionBuilder... answers) {
        for (int i = 0; i < answers.length; i++) {
            String state = i == 0 ? Scenario.STARTED : "token-" + i;
            String next = i + 1 < answers.length ? "token-" + (i + 1) : state;
            wm.stubFor(tokenRequest().inScenario("tokens").whenScenarioStateIs(state)
                    .willReturn(answers[i]).willSetStateTo(next));
        }
    }

    static ResponseDefinitionBuilder okJson(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    static ResponseDefinitionBuilder tokenOk(String name) {
        return okJson(tokenAnswer(name, 60));
    }

    /** The rate-limit guide's 429. */
    static ResponseDefinitionBuilder rateLimited(String retryAfterHeader, Integer retryAfterBody) {
        ResponseDefinitionBuilder answer = aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                .withBody("{\"status\":\"Error\",\"code\":429,\"message\":\"Rate limit exceeded. Please try again later.\""
                        + (retryAfterBody == null ? "" : ",\"retry_after\":" + retryAfterBody) + "}");
        return retryAfterHeader == null ? answer : answer.withHeader("Retry-After", retryAfterHeader);
    }

    static ResponseDefinitionBuilder error(int status, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"status\":\"Error\",\"code\":" + status + ",\"message\":\"" + message + "\"}");
    }

    static MappingBuilder chargeWithToken(String name) {
        return post(urlEqualTo(CHARGE_PATH))
                .withHeader("Authorization", equalTo("Bearer " + token(name)))
                .withHeader("x-session-id", equalTo(session(name)));
    }

    static MappingBuilder anyCharge() {
        return post(urlEqualTo(CHARGE_PATH));
    }

    static int tokenRequests(WireMockServer wm) {
        return wm.findAll(postRequestedFor(urlEqualTo(TOKEN_PATH))).size();
    }

    static int chargeRequests(WireMockServer wm) {
        return wm.findAll(postRequestedFor(urlEqualTo(CHARGE_PATH))).size();
    }

    /** The seed's example request: 100.00 MXN by card in Mexico for cust_987654, "Compra #3". */
    static CheckoutCharge seedCharge() {
        return new CheckoutCharge(SEED_PAYMENT, new MerchantReference("order-3"), new CheckoutDetails(
                new CustomerId("cust_987654"), Money.of("100.00", "MXN"), new Country("MEX"),
                PaymentMethod.of("CARDS", "CARD"), new Description("Compra #3"),
                new HttpUrl("https://merchant.example.com/notify"), new HttpUrl("https://merchant.example.com/notify")),
                SIGNED_NOTIFICATION_URL);
    }

    static CheckoutCharge chargeOf(String amount, String currency) {
        CheckoutCharge seed = seedCharge();
        CheckoutDetails d = seed.details();
        return new CheckoutCharge(seed.paymentId(), seed.merchantReference(), new CheckoutDetails(d.customerId(),
                Money.of(amount, currency), d.country(), d.method(), d.description(), d.notificationUrl(),
                d.returnUrl()), seed.notificationUrl());
    }

    static String resource(String name) {
        try (InputStream in = EightyEightPayStubs.class.getResourceAsStream("/eightyeightpay/" + name)) {
            if (in == null) {
                throw new IllegalStateException("test resource eightyeightpay/" + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A port nothing listens on: a socket was bound there and closed again. */
    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
