package dev.cobro.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpServer;
import dev.cobro.adapters.http.support.CobroJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProviderSandboxIT {

    /** The seed\'s card (Pay-me example 3): approved by the sandbox like any other valid card. */
    private static final String SEED_CARD = "4859510000000051";

    private static final ObjectMapper JSON = CobroJson.mapper();
    private static final Instant START = Instant.parse("2025-01-17T14:30:45Z");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private ManualClock clock;
    private ProviderSandbox sandbox;

    @BeforeEach
    void startSandbox() {
        clock = new ManualClock(START);
        sandbox = ProviderSandbox.builder().port(0).clock(clock).noAnswerHold(Duration.ofSeconds(30)).start();
    }

    @AfterEach
    void stopSandbox() {
        sandbox.close();
    }

    // --- 88Pay: tokens -------------------------------------------------------------------------

    @Test
    void tokenRequestAnswersTheSeedEnvelopeWithASixtySecondTokenBoundToASession() throws Exception {
        // The seed writes X-Merchant-Id; header names are case-insensitive.
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri(sandbox.eightyEightPayBaseUrl() + "/api/auth/token"))
                .header("x-api-key", ProviderSandbox.DEFAULT_88PAY_API_KEY)
                .header("X-Merchant-Id", ProviderSandbox.DEFAULT_88PAY_MERCHANT_ID)
                .POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("status").asText()).isEqualTo("Success");
        assertThat(body.get("code").asInt()).isEqualTo(200);
        assertThat(body.get("message").asText()).isEqualTo("Token generated successfully");
        assertThat(body.at("/data/access_token").asText()).isNotBlank();
        assertThat(body.at("/data/expires_in").asInt()).isEqualTo(60);
        assertThat(body.at("/data/session_id").asText()).matches("sess_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(response.headers().firstValue("X-RateLimit-Limit")).contains("10");
        assertThat(response.headers().firstValue("X-RateLimit-Remaining")).contains("9");
        assertThat(sandbox.tokenRequests88Pay()).isEqualTo(1);
    }

    @Test
    void wrongApiKeyIsRefusedWithTheErrorEnvelope() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri(sandbox.eightyEightPayBaseUrl() + "/api/auth/token"))
                .header("x-api-key", "sk_test_wrong")
                .header("x-merchant-id", ProviderSandbox.DEFAULT_88PAY_MERCHANT_ID)
                .POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(response.body())).isEqualTo(JSON.readTree(
                "{\"status\":\"Error\",\"code\":401,\"message\":\"Invalid API key or merchant ID\"}"));
    }

    @Test
    void eleventhTokenInAMinuteIsRateLimitedUntilTheFirstLeavesTheWindow() throws Exception {
        for (int i = 0; i < 10; i++) {
            assertThat(tokenResponse().statusCode()).isEqualTo(200);
            clock.advance(Duration.ofSeconds(1));
        }

        HttpResponse<String> limited = tokenResponse();

        assertThat(limited.statusCode()).isEqualTo(429);
        // The first token was issued 10 s ago: the window frees up in 50 s.
        assertThat(limited.headers().firstValue("Retry-After")).contains("50");
        assertThat(limited.headers().firstValue("X-RateLimit-Limit")).contains("10");
        assertThat(limited.headers().firstValue("X-RateLimit-Remaining")).contains("0");
        assertThat(limited.headers().firstValue("X-RateLimit-Reset"))
                .contains(Long.toString(START.plusSeconds(60).getEpochSecond()));
        assertThat(JSON.readTree(limited.body())).isEqualTo(JSON.readTree("{\"status\":\"Error\",\"code\":429,"
                + "\"message\":\"Rate limit exceeded. Please try again later.\",\"retry_after\":50}"));

        clock.advance(Duration.ofSeconds(50));
        assertThat(tokenResponse().statusCode()).isEqualTo(200);
    }

    @Test
    void hundredAndFirstTokenInAnHourIsRateLimitedEvenWhenTheMinuteIsFree() throws Exception {
        for (int minute = 0; minute < 10; minute++) {
            for (int i = 0; i < 10; i++) {
                assertThat(tokenResponse().statusCode()).isEqualTo(200);
            }
            clock.advance(Duration.ofSeconds(61));
        }

        HttpResponse<String> limited = tokenResponse();

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("X-RateLimit-Limit")).contains("100");
        assertThat(limited.headers().firstValue("Retry-After")).contains(Long.toString(3600 - 610));
        assertThat(sandbox.tokenRequests88Pay()).isEqualTo(101);
    }

    // --- 88Pay: charges ------------------------------------------------------------------------

    @Test
    void chargeWithATokenOlderThanSixtySecondsIsRefusedWith401() throws Exception {
        JsonNode token = token();
        clock.advance(Duration.ofSeconds(59));
        assertThat(charge(token, token.get("session_id").asText(), chargeBody("100.00", "http://127.0.0.1:9/n")).statusCode())
                .isEqualTo(200);

        clock.advance(Duration.ofSeconds(2));
        HttpResponse<String> stale = charge(token, token.get("session_id").asText(), chargeBody("100.00", "http://127.0.0.1:9/n"));

        assertThat(stale.statusCode()).isEqualTo(401);
        JsonNode body = JSON.readTree(stale.body());
        assertThat(body.get("status").asText()).isEqualTo("Error");
        assertThat(body.get("code").asInt()).isEqualTo(401);
    }

    @Test
    void chargeWithTheSessionOfAnotherTokenIsRefusedWith401() throws Exception {
        JsonNode first = token();
        JsonNode second = token();

        HttpResponse<String> response = charge(first, second.get("session_id").asText(),
                chargeBody("100.00", "http://127.0.0.1:9/n"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(response.body()).get("code").asInt()).isEqualTo(401);
        assertThat(sandbox.charges88Pay()).isEqualTo(1);
    }

    @Test
    void chargeAnswersACheckoutUrlAndEchoesTheAmountWithoutTrailingZeros() throws Exception {
        JsonNode token = token();

        HttpResponse<String> response = charge(token, token.get("session_id").asText(),
                chargeBody("100.00", "https://merchant.example.com/notify"));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("status").asText()).isEqualTo("Success");
        assertThat(body.get("code").asInt()).isEqualTo(200);
        assertThat(body.get("message").asText()).isEqualTo("Method processed");
        JsonNode amount = body.at("/data/amount");
        assertThat(amount.isNumber()).isTrue();
        assertThat(amount.toString()).isEqualTo("100");
        assertThat(body.at("/data/currency").asText()).isEqualTo("MXN");
        assertThat(body.at("/data/reference").asText()).isEmpty();
        String checkout = body.at("/data/urlCheckout").asText();
        assertThat(checkout).startsWith(sandbox.eightyEightPayBaseUrl() + "/checkout/")
                .contains("?amount=100&currency=MXN&customer_id=cust_987654&description=Compra+%233");
        assertThat(send(HttpRequest.newBuilder(uri(checkout)).GET()).statusCode()).isEqualTo(200);
    }

    @Test
    void chargeMissingASeedFieldOrWithAWronglyTypedOneIsRefusedWith400() throws Exception {
        JsonNode token = token();
        ObjectNode body = (ObjectNode) JSON.readTree(chargeBody("100.00", "https://merchant.example.com/notify"));
        body.remove("notification_url");
        body.put("amount", "100.00");

        HttpResponse<String> response = charge(token, token.get("session_id").asText(), JSON.writeValueAsString(body));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.get("status").asText()).isEqualTo("Error");
        assertThat(answer.get("code").asInt()).isEqualTo(400);
        assertThat(answer.get("message").asText()).contains("notification_url").contains("amount");
    }

    // --- 88Pay: the webhook --------------------------------------------------------------------

    @Test
    void eachChargeOfASessionGetsItsOwnWebhookAtItsOwnNotificationUrlWithABearerToken() throws Exception {
        try (Receiver receiver = new Receiver()) {
            JsonNode token = token();
            String session = token.get("session_id").asText();
            String first = checkoutUrlOf(charge(token, session, chargeBody("100.00", receiver.url("/first?cobro_pid=1"))));
            charge(token, session, chargeBody("53.75", receiver.url("/second")));

            int status = sandbox.notifyPayment(first, "COMPLETED");

            assertThat(status).isEqualTo(200);
            Received delivery = receiver.last.get();
            assertThat(delivery.method()).isEqualTo("POST");
            assertThat(delivery.path()).isEqualTo("/first");
            assertThat(delivery.query()).isEqualTo("cobro_pid=1");
            JsonNode webhook = JSON.readTree(delivery.body());
            assertThat(fieldNames(webhook)).containsExactly("transaction_date", "transaction_status",
                    "transaction_id", "transaction_amount", "transaction_payment_method");
            assertThat(webhook.get("transaction_date").asText()).isEqualTo("2025-01-17 14:30:45");
            assertThat(webhook.get("transaction_status").asText()).isEqualTo("COMPLETED");
            assertThat(webhook.get("transaction_id").asText()).isEqualTo(session);
            assertThat(webhook.get("transaction_amount").isTextual()).isTrue();
            assertThat(webhook.get("transaction_amount").asText()).isEqualTo("100");
            assertThat(webhook.get("transaction_payment_method").asText()).isEqualTo("CREDIT_CARD");
            SandboxNotification same = sandbox.notification(first, "COMPLETED");
            assertThat(JSON.readTree(same.body())).isEqualTo(webhook);
            assertThat(same.url()).isEqualTo(receiver.url("/first?cobro_pid=1"));
            // The bearer is what Cobro's 88Pay adapter checks with the merchant's webhook secret.
            var proof = new dev.cobro.adapters.http.eightyeightpay.EightyEightPayNotificationAuthenticityAdapter(
                    ProviderSandbox.DEFAULT_88PAY_WEBHOOK_SECRET, clock);
            var parsed = new dev.cobro.application.port.out.ParsedNotification(session, null, "COMPLETED", null,
                    new java.math.BigDecimal("100.00"), null);
            assertThat(delivery.authorization()).startsWith("Bearer ");
            assertThat(proof.verify(parsed, java.util.Map.of("authorization", delivery.authorization())).isValid())
                    .isTrue();
        }
    }

    @Test
    void notifyControlEndpointDeliversTheWebhookAndReportsTheReceiverStatus() throws Exception {
        try (Receiver receiver = new Receiver()) {
            receiver.status.set(503);
            JsonNode token = token();
            String session = token.get("session_id").asText();
            String checkout = checkoutUrlOf(charge(token, session, chargeBody("100.00", receiver.url("/notify"))));

            HttpResponse<String> response = send(HttpRequest.newBuilder(uri(sandbox.eightyEightPayBaseUrl() + "/sandbox/notify"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"checkout_url\":\"" + checkout + "\",\"status\":\"canceled\",\"amount\":99.5}")));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(response.body()).at("/data/receiver_status").asInt()).isEqualTo(503);
            JsonNode webhook = JSON.readTree(receiver.last.get().body());
            assertThat(webhook.get("transaction_status").asText()).isEqualTo("canceled");
            assertThat(webhook.get("transaction_amount").asText()).isEqualTo("99.5");
        }
    }

    @Test
    void notifyingACheckoutThatWasNeverMadeIsRefused() {
        assertThatThrownBy(() -> sandbox.notifyPayment("http://127.0.0.1:9/88pay/checkout/chk_unknown", "COMPLETED"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String checkoutUrlOf(HttpResponse<String> chargeAnswer) throws IOException {
        return JSON.readTree(chargeAnswer.body()).at("/data/urlCheckout").asText();
    }

    // --- Pay-me: token -------------------------------------------------------------------------

    @Test
    void paymeTokenNeedsTheApiVersionHeaderAndTheRightClientSecret() throws Exception {
        String credentials = paymeTokenBody(ProviderSandbox.DEFAULT_PAYME_CLIENT_ID, ProviderSandbox.DEFAULT_PAYME_CLIENT_SECRET);
        HttpResponse<String> noVersion = send(HttpRequest.newBuilder(uri(sandbox.paymeAuthUrl() + "/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(credentials)));
        HttpResponse<String> wrongSecret = paymeTokenResponse(
                paymeTokenBody(ProviderSandbox.DEFAULT_PAYME_CLIENT_ID, "not-the-secret"));
        HttpResponse<String> granted = paymeTokenResponse(credentials);

        assertThat(noVersion.statusCode()).isEqualTo(400);
        assertThat(wrongSecret.statusCode()).isEqualTo(401);
        assertThat(granted.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(granted.body());
        assertThat(body.get("action").asText()).isEqualTo("authorize");
        assertThat(body.get("success").isBoolean()).isTrue();
        assertThat(body.get("success").asBoolean()).isTrue();
        assertThat(body.get("access_token").asText()).isNotBlank();
        assertThat(body.get("expires_in").asLong()).isEqualTo(86_400);
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.at("/authorization/meta/status/code").asText()).isEqualTo("00");
        assertThat(sandbox.paymeTokenRequests()).isEqualTo(3);
    }

    @Test
    void paymeChargeWithAnExpiredTokenIsRefusedWith401() throws Exception {
        String token = paymeToken();
        clock.advance(Duration.ofSeconds(86_401));

        HttpResponse<String> response = authorize(token, cardBody(SEED_CARD, "500114"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(response.body()).get("success").asText()).isEqualTo("false");
    }

    @Test
    void paymeChargeWithoutTheApiVersionHeaderIsRefusedWith400() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri(sandbox.paymeApiUrl() + "/charges"))
                .header("Authorization", "Bearer " + paymeToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(cardBody(SEED_CARD, "500114"))));

        assertThat(response.statusCode()).isEqualTo(400);
    }

    // --- Pay-me: authorize ---------------------------------------------------------------------

    @Test
    void seedCardIsApprovedWithTheTransactionEchoedAsInTheSeedResponse() throws Exception {
        HttpResponse<String> response = authorize(paymeToken(), cardBody(SEED_CARD, "500114"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).doesNotContain(SEED_CARD).doesNotContain("\"365\"");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("action").asText()).isEqualTo("authorize");
        assertThat(body.get("id").asText()).isNotBlank();
        assertThat(body.get("success").asText()).isEqualTo("true");
        assertThat(body.at("/transaction/currency").asText()).isEqualTo("604");
        assertThat(body.at("/transaction/amount").asText()).isEqualTo("1000000");
        JsonNode meta = body.at("/transaction/meta");
        assertThat(meta.get("internal_operation_number").asText()).isEqualTo("500114");
        assertThat(meta.get("description").asText()).isEqualTo("Descripcion de la transaccion");
        assertThat(meta.at("/processor/authorization/code").asText()).matches("[0-9]{6}");
        assertThat(meta.at("/processor/authorization/masked_pan").asText()).isEqualTo("485951******0051");
        assertThat(fieldNames(meta.get("additional_fields"))).containsExactlyInAnyOrder("reserved1", "2");
        assertThat(meta.at("/status/code").asText()).isEqualTo("00");
        assertThat(meta.at("/status/message_ilgn/0/locale").asText()).isEqualTo("es_PE");
        assertThat(meta.at("/status/message_ilgn/0/value").asText()).isEqualTo("Operacion Autorizada");
        assertThat(body.has("validations")).isTrue();
        assertThat(body.get("validations").isNull()).isTrue();
        assertThat(body.get("token").isNull()).isTrue();
        assertThat(sandbox.paymeAuthorizations()).isEqualTo(1);
    }

    @ParameterizedTest(name = "decline test card answers {1}")
    @CsvSource({"4000000000000002, 05", "4000000000009995, 51"})
    void declineTestCardsAnswerTheirResponseCode(String pan, String code) throws Exception {
        HttpResponse<String> response = authorize(paymeToken(), cardBody(pan, "700001"));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("success").asText()).isEqualTo("false");
        assertThat(body.at("/transaction/meta/status/code").asText()).isEqualTo(code);
        assertThat(body.at("/transaction/meta/status/message_ilgn/0/locale").asText()).isEqualTo("es_PE");
        assertThat(body.at("/transaction/meta/status/message_ilgn/0/value").asText()).isNotBlank();
        assertThat(body.at("/transaction/meta/processor").isMissingNode()).isTrue();
    }

    @Test
    void cardOnFileTokenEndingIn0051IsApprovedAndOneEndingIn0005IsDeclined() throws Exception {
        String token = paymeToken();

        JsonNode approved = JSON.readTree(authorize(token, cardOnFileBody("822a-748e-3z9h-0051", "800001")).body());
        JsonNode declined = JSON.readTree(authorize(token, cardOnFileBody("822a-748e-3z9h-0005", "800002")).body());

        assertThat(approved.at("/transaction/meta/status/code").asText()).isEqualTo("00");
        assertThat(approved.get("success").asText()).isEqualTo("true");
        assertThat(declined.at("/transaction/meta/status/code").asText()).isEqualTo("05");
        assertThat(declined.get("success").asText()).isEqualTo("false");
    }

    @Test
    void noAnswerCardLeavesTheClientWithoutAnswerUntilItsTimeout() throws Exception {
        String token = paymeToken();
        HttpRequest request = authorizeRequest(token, cardBody(ProviderSandbox.CARD_NO_ANSWER, "900001"))
                .timeout(Duration.ofMillis(300)).build();

        assertThatThrownBy(() -> http.send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        // Pay-me did approve it; the answer was lost, so the timeout reversal succeeds.
        assertThat(JSON.readTree(reverse(token, "900001").body()).at("/transaction/meta/status/code").asText())
                .isEqualTo("00");
    }

    @Test
    void closeDropsAHeldRequestAtOnce() throws Exception {
        HttpRequest request = authorizeRequest(paymeToken(), cardBody(ProviderSandbox.CARD_NO_ANSWER, "900003"))
                .timeout(Duration.ofSeconds(20)).build();
        CompletableFuture<HttpResponse<String>> answer = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        awaitCondition(() -> sandbox.paymeAuthorizations() == 1);

        long closing = System.nanoTime();
        sandbox.close();

        // "At once" next to the hold (30 s) and the request's own timeout (20 s), with room for a loaded machine.
        assertThatThrownBy(() -> answer.get(15, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IOException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void noAnswerHoldEndsByDroppingTheConnection() throws Exception {
        try (ProviderSandbox shortHold = ProviderSandbox.builder().clock(clock)
                .noAnswerHold(Duration.ofMillis(200)).start()) {
            String token = JSON.readTree(send(tokenRequest(shortHold.paymeAuthUrl())).body()).get("access_token").asText();
            HttpRequest request = HttpRequest.newBuilder(uri(shortHold.paymeApiUrl() + "/charges"))
                    .header("ALG-API-VERSION", ProviderSandbox.PAYME_API_VERSION)
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(20))
                    .POST(HttpRequest.BodyPublishers.ofString(cardBody(ProviderSandbox.CARD_NO_ANSWER, "900002")))
                    .build();

            assertThatThrownBy(() -> http.send(request, HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(IOException.class)
                    .isNotInstanceOf(HttpTimeoutException.class);
        }
    }

    @Test
    void bodyBreakingTheSeedStructureIsRefusedWithValidations() throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree(cardBody(SEED_CARD, "1234567890"));
        body.put("channel", "2");
        ((ObjectNode) body.get("transaction")).put("currency", "PEN").put("amount", "10.00");
        body.remove("card_holder");
        ((ObjectNode) body.get("address")).remove("billing");

        HttpResponse<String> response = authorize(paymeToken(), JSON.writeValueAsString(body));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.get("success").asText()).isEqualTo("false");
        assertThat(answer.get("validations").isObject()).isTrue();
        assertThat(fieldNames(answer.get("validations"))).contains("channel", "transaction.currency",
                "transaction.amount", "transaction.meta.internal_operation_number", "card_holder", "address.billing");
        assertThat(response.body()).doesNotContain(SEED_CARD);
    }

    @Test
    void repeatedOperationNumberGetsTheStoredAnswerAndNoNewAuthorization() throws Exception {
        String token = paymeToken();

        String first = authorize(token, cardBody(SEED_CARD, "123456")).body();
        String repeated = authorize(token, cardBody(ProviderSandbox.CARD_DECLINED, "123456")).body();

        assertThat(JSON.readTree(repeated)).isEqualTo(JSON.readTree(first));
        assertThat(JSON.readTree(repeated).at("/transaction/meta/status/code").asText()).isEqualTo("00");
    }

    // --- Pay-me: reverse -----------------------------------------------------------------------

    @Test
    void approvedAuthorizationIsReversedAndReversingItAgainStillAnswers00() throws Exception {
        String token = paymeToken();
        authorize(token, cardBody(ProviderSandbox.CARD_APPROVED_VISA, "654321"));

        JsonNode first = JSON.readTree(reverse(token, "654321").body());
        JsonNode again = JSON.readTree(reverse(token, "654321").body());

        for (JsonNode answer : List.of(first, again)) {
            assertThat(answer.get("action").asText()).isEqualTo("reverse");
            assertThat(answer.get("success").asText()).isEqualTo("true");
            assertThat(answer.at("/transaction/meta/commerce_id").asText()).isEqualTo("9011");
            assertThat(answer.at("/transaction/meta/internal_operation_number").asText()).isEqualTo("654321");
            assertThat(answer.at("/transaction/meta/status/code").asText()).isEqualTo("00");
        }
        assertThat(sandbox.paymeReversals()).isEqualTo(2);
    }

    @Test
    void reversingAnUnknownOrDeclinedOperationFailsWithCode01() throws Exception {
        String token = paymeToken();
        authorize(token, cardBody(ProviderSandbox.CARD_DECLINED, "111111"));

        for (String operationNumber : List.of("999999", "111111")) {
            HttpResponse<String> response = reverse(token, operationNumber);
            JsonNode answer = JSON.readTree(response.body());
            assertThat(answer.get("action").asText()).isEqualTo("reverse");
            assertThat(answer.get("success").asText()).isEqualTo("false");
            assertThat(answer.at("/transaction/meta/status/code").asText()).isEqualTo("01");
            assertThat(answer.at("/transaction/meta/status/message_ilgn/0/value").asText())
                    .isEqualTo("Ocurrio un problema durante el proceso");
        }
    }

    // --- latency -------------------------------------------------------------------------------

    @Test
    void configuredLatencyDelaysEveryProviderAnswer() throws Exception {
        try (ProviderSandbox slow = ProviderSandbox.builder().clock(clock).latency(Duration.ofMillis(300)).start()) {
            long started = System.nanoTime();
            HttpResponse<String> response = send(tokenRequest(slow.paymeAuthUrl()));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        }
    }

    // --- logging -------------------------------------------------------------------------------

    @Test
    void nothingSecretReachesTheLogEvenAtDebug() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger("dev.cobro.testkit");
        Level level = logger.getLevel();
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        logger.addAppender(events);
        logger.setLevel(Level.DEBUG);
        List<String> secrets = new ArrayList<>(List.of(ProviderSandbox.DEFAULT_88PAY_API_KEY,
                ProviderSandbox.DEFAULT_PAYME_CLIENT_SECRET, SEED_CARD, "\"365\""));
        try {
            JsonNode token = token();
            charge(token, token.get("session_id").asText(), chargeBody("100.00", "http://127.0.0.1:9/n"));
            String paymeToken = paymeToken();
            authorize(paymeToken, cardBody(SEED_CARD, "424242"));
            // A careless client putting a card number in the path.
            reverse(paymeToken, SEED_CARD);
            secrets.add(token.get("access_token").asText());
            secrets.add(paymeToken);
        } finally {
            logger.detachAppender(events);
            logger.setLevel(level);
        }

        List<String> lines = events.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).hasSize(5).contains("sandbox DELETE /payme/api/charges/485951******0051 -> 200");
        for (String secret : secrets) {
            assertThat(lines).noneMatch(line -> line.contains(secret));
        }
    }

    // --- helpers -------------------------------------------------------------------------------

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Waits for something the sandbox does on its own threads, checking every few milliseconds (a spin
     * would take a core from the threads it waits for); the bound is for a loaded machine.
     */
    private static void awaitCondition(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("condition not met within 60 s");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }

    private static URI uri(String url) {
        return URI.create(url);
    }

    private HttpResponse<String> tokenResponse() throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(sandbox.eightyEightPayBaseUrl() + "/api/auth/token"))
                .header("x-api-key", ProviderSandbox.DEFAULT_88PAY_API_KEY)
                .header("x-merchant-id", ProviderSandbox.DEFAULT_88PAY_MERCHANT_ID)
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** The {@code data} of a fresh 88Pay token: access_token and session_id. */
    private JsonNode token() throws IOException, InterruptedException {
        HttpResponse<String> response = tokenResponse();
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body()).get("data");
    }

    private HttpResponse<String> charge(JsonNode token, String session, String body)
            throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(sandbox.eightyEightPayBaseUrl() + "/api/transactions/charges"))
                .header("Authorization", "Bearer " + token.get("access_token").asText())
                .header("x-session-id", session)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** The seed's example request; the amount is written as given (100.00 stays 100.00 on the wire). */
    private static String chargeBody(String amount, String notificationUrl) {
        return """
                {"flow":"PAYIN","method_code":"CARDS","method_category":"CARD","country":"MEX","currency":"MXN",
                 "amount":%s,"description":"Compra #3","customer_id":"cust_987654",
                 "notification_url":"%s","return_url":"https://merchant.example.com/notify"}
                """.formatted(amount, notificationUrl);
    }

    private static String paymeTokenBody(String clientId, String clientSecret) {
        return """
                {"action":"authorize","grant_type":"client_credentials","audience":"https://api.dev.alignet.io",
                 "client_id":"%s","client_secret":"%s","scope":"create:token post:charges delete:charges"}
                """.formatted(clientId, clientSecret);
    }

    private static HttpRequest.Builder tokenRequest(String authUrl) {
        return HttpRequest.newBuilder(uri(authUrl + "/token"))
                .header("ALG-API-VERSION", ProviderSandbox.PAYME_API_VERSION)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(paymeTokenBody(ProviderSandbox.DEFAULT_PAYME_CLIENT_ID,
                        ProviderSandbox.DEFAULT_PAYME_CLIENT_SECRET)));
    }

    private HttpResponse<String> paymeTokenResponse(String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(sandbox.paymeAuthUrl() + "/token"))
                .header("ALG-API-VERSION", ProviderSandbox.PAYME_API_VERSION)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private String paymeToken() throws IOException, InterruptedException {
        HttpResponse<String> response = send(tokenRequest(sandbox.paymeAuthUrl()));
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body()).get("access_token").asText();
    }

    private HttpRequest.Builder authorizeRequest(String token, String body) {
        return HttpRequest.newBuilder(uri(sandbox.paymeApiUrl() + "/charges"))
                .header("ALG-API-VERSION", ProviderSandbox.PAYME_API_VERSION)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpResponse<String> authorize(String token, String body) throws IOException, InterruptedException {
        return send(authorizeRequest(token, body));
    }

    private HttpResponse<String> reverse(String token, String operationNumber) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(sandbox.paymeApiUrl() + "/charges/" + operationNumber))
                .header("ALG-API-VERSION", ProviderSandbox.PAYME_API_VERSION)
                .header("Authorization", "Bearer " + token)
                .DELETE());
    }

    /** The seed's example 3 (channel 1, card), closed as the seed's page forgot to. */
    private static String cardBody(String pan, String operationNumber) {
        return """
                {"action":"authorize","channel":"1",
                 "payment_method":{"card":[{"pan":"%s","expiry_date":"1220","security_code":"365"}]},
                 %s}
                """.formatted(pan, commonParts(operationNumber));
    }

    /** The seed's example 1 (channel 3, token only). */
    private static String cardOnFileBody(String tokenId, String operationNumber) {
        return """
                {"action":"authorize","channel":"3",
                 "payment_method":{"token":[{"id":"%s"}]},
                 %s}
                """.formatted(tokenId, commonParts(operationNumber));
    }

    private static String commonParts(String operationNumber) {
        return """
                "transaction":{"currency":"604","amount":"1000000",
                  "meta":{"internal_operation_number":"%s","description":"Descripcion de la transaccion",
                    "additional_fields":{"reserved1":"Ejemplo valor reservado 1","2":"Ejemplo valor reservado 2",
                      "plan":"00","cuota":"005"}}},
                 "address":{"billing":{"first_name":"Juan Diego","last_name":"Perez Sanchez","email":"juan.perez@gmail.com",
                   "phone":{"country_code":"51","subscriber":"987654321"},
                   "location":{"line_1":"Mi casa","line_2":"Mi casa","city":"LIMA","state":"LIMA","country":"PE","zip_code":"18"}}},
                 "card_holder":[{"first_name":"Juan Diego","last_name":"Perez Sanchez","email_address":"juan.perez@email.com",
                   "identity_document_country":"PER","identity_document_type":"DNI","identity_document_identifier":"87654321"}]
                """.formatted(operationNumber);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    /** A clock the test moves by hand, so token lifetimes and rate windows pass without waiting. */
    private static final class ManualClock extends Clock {
        private final AtomicReference<Instant> now;

        ManualClock(Instant start) {
            now = new AtomicReference<>(start);
        }

        void advance(Duration step) {
            now.updateAndGet(at -> at.plus(step));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the sandbox's clock stays in UTC");
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    private record Received(String method, String path, String query, String authorization, String body) {
    }

    /** The merchant's notification_url: a tiny server that keeps the last delivery. */
    private static final class Receiver implements AutoCloseable {
        final AtomicReference<Received> last = new AtomicReference<>();
        final AtomicInteger status = new AtomicInteger(200);
        private final HttpServer server;

        Receiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 8);
            server.createContext("/", exchange -> {
                try (InputStream in = exchange.getRequestBody()) {
                    last.set(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                            exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders().getFirst("Authorization"),
                            new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                }
                exchange.sendResponseHeaders(status.get(), -1);
                exchange.close();
            });
            server.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
