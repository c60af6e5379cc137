package dev.cobro.testkit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.cobro.adapters.http.support.CobroJson;
import dev.cobro.testkit.MercadoPagoSimulator.Delivery;
import dev.cobro.testkit.MercadoPagoSimulator.Fault;
import dev.cobro.testkit.MercadoPagoSimulator.Outcome;
import dev.cobro.testkit.MercadoPagoSimulator.Webhook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Mercado Pago's sandbox over real loopback HTTP, against its published API. */
class MercadoPagoSandboxIT {

    private static final ObjectMapper JSON = CobroJson.mapper();
    private static final Instant START = Instant.parse("2026-02-10T15:00:00Z");
    private static final String TOKEN = ProviderSandbox.DEFAULT_MERCADOPAGO_ACCESS_TOKEN;
    private static final String SECRET = ProviderSandbox.DEFAULT_MERCADOPAGO_WEBHOOK_SECRET;
    /** Every ordinary request's bound: generous, for a loaded machine. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);
    /** What a client of the TIMEOUT fault waits: far below the sandbox's hold, so it always times out. */
    private static final Duration SHORT_CLIENT_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration TIMEOUT_FAULT_HOLD = Duration.ofSeconds(60);
    private static final Duration AWAIT = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(REQUEST_TIMEOUT).build();
    private ManualClock clock;
    private ProviderSandbox sandbox;
    private MercadoPagoSimulator mp;
    private Receiver receiver;

    @BeforeEach
    void start() throws IOException {
        clock = new ManualClock(START);
        sandbox = ProviderSandbox.builder().port(0).clock(clock).mercadoPagoTimeoutDelay(TIMEOUT_FAULT_HOLD).start();
        mp = sandbox.mercadoPago();
        receiver = new Receiver();
    }

    @AfterEach
    void stop() {
        sandbox.close();
        receiver.close();
    }

    // --- preferences -----------------------------------------------------------------------------

    @Test
    void preferenceAnswers201WithItsIdInitPointAndWhatWasSentEchoed() throws Exception {
        HttpResponse<String> response = createPreference(preferenceBody("order-1", "150.50", "MXN"), "pref-key-1");

        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode preference = JSON.readTree(response.body());
        String id = preference.get("id").asText();
        assertThat(id).matches(ProviderSandbox.DEFAULT_MERCADOPAGO_COLLECTOR_ID + "-[0-9a-f-]{36}");
        assertThat(preference.get("collector_id").asLong()).isEqualTo(ProviderSandbox.DEFAULT_MERCADOPAGO_COLLECTOR_ID);
        assertThat(preference.get("operation_type").asText()).isEqualTo("regular_payment");
        assertThat(preference.get("init_point").asText()).isEqualTo(sandbox.mercadoPagoBaseUrl() + "/checkout/v1/redirect?pref_id=" + id);
        assertThat(preference.get("sandbox_init_point").asText()).contains("pref_id=" + id);
        assertThat(preference.get("external_reference").asText()).isEqualTo("order-1");
        assertThat(preference.get("notification_url").asText()).isEqualTo(receiver.url("/mp?cobro_pid=p1&cobro_sig=abc"));
        assertThat(preference.at("/back_urls/success").asText()).isEqualTo("https://shop.example/ok");
        assertThat(preference.at("/back_urls/failure").asText()).isEqualTo("https://shop.example/ko");
        assertThat(preference.get("auto_return").asText()).isEqualTo("approved");
        assertThat(preference.get("expires").asBoolean()).isTrue();
        assertThat(preference.get("expiration_date_from").asText()).isEqualTo("2026-02-10T11:00:00.000-04:00");
        assertThat(preference.get("expiration_date_to").asText()).isEqualTo("2026-02-10T12:00:00.000-04:00");
        assertThat(preference.at("/items/0/unit_price").decimalValue()).isEqualByComparingTo("150.50");
        assertThat(preference.at("/items/0/currency_id").asText()).isEqualTo("MXN");
        assertThat(preference.get("date_created").asText()).isEqualTo("2026-02-10T15:00:00.000+00:00");
        assertThat(send(get(preference.get("init_point").asText(), null)).statusCode()).isEqualTo(200);
        HttpResponse<String> read = send(get(sandbox.mercadoPagoBaseUrl() + "/checkout/preferences/" + id, TOKEN));
        assertThat(JSON.readTree(read.body())).isEqualTo(preference);
        assertThat(mp.preferencesCreated()).isEqualTo(1);
    }

    @Test
    void sameIdempotencyKeyAndBodyAnswersTheSamePreferenceAndCreatesNoSecond() throws Exception {
        String body = preferenceBody("order-2", "99", "MXN");

        HttpResponse<String> first = createPreference(body, "cobro-attempt-42");
        HttpResponse<String> again = createPreference(body, "cobro-attempt-42");
        HttpResponse<String> otherBody = createPreference(preferenceBody("order-2", "98", "MXN"), "cobro-attempt-42");
        HttpResponse<String> noKey = createPreference(body, null);

        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(again.body()).get("id")).isEqualTo(JSON.readTree(first.body()).get("id"));
        assertThat(otherBody.statusCode()).isEqualTo(409);
        assertErrorShape(otherBody, 409, "conflict");
        // Without a key Mercado Pago cannot tell a retry: a second preference.
        assertThat(JSON.readTree(noKey.body()).get("id")).isNotEqualTo(JSON.readTree(first.body()).get("id"));
        assertThat(mp.preferencesCreated()).isEqualTo(2);
        assertThat(mp.preferenceRequests()).isEqualTo(4);
    }

    @Test
    void invalidPreferencesAnswer400WithTheDocumentedErrorShape() throws Exception {
        ObjectNode noItems = (ObjectNode) JSON.readTree(preferenceBody("o", "10", "MXN"));
        noItems.remove("items");
        ObjectNode noCurrency = (ObjectNode) JSON.readTree(preferenceBody("o", "10", "MXN"));
        ((ObjectNode) noCurrency.at("/items/0")).remove("currency_id");
        ObjectNode autoReturnWithoutSuccess = (ObjectNode) JSON.readTree(preferenceBody("o", "10", "MXN"));
        ((ObjectNode) autoReturnWithoutSuccess.get("back_urls")).remove("success");
        ObjectNode badDate = (ObjectNode) JSON.readTree(preferenceBody("o", "10", "MXN"));
        badDate.put("expiration_date_to", "2026-02-10 12:00");
        // Written by hand: the shared JSON setup writes decimals in plain notation, a billion digits.
        String hugeNumber = preferenceBody("o", "10", "MXN").replace("{\"cobro_payment_id\":\"p1\"}", "{\"n\":1e999999999}");

        Map<String, String> expected = new java.util.LinkedHashMap<>();
        expected.put(JSON.writeValueAsString(noItems), "invalid_items:items needed");
        expected.put(JSON.writeValueAsString(noCurrency), "invalid_items:currency_id needed");
        expected.put(preferenceBody("o", "1000.5", "COP"),
                "invalid_items:Prices in COP currency must be expressed with integer values");
        expected.put(preferenceBody("o", "10.005", "MXN"), "invalid_items:unit_price invalid");
        expected.put(JSON.writeValueAsString(autoReturnWithoutSuccess), "invalid_back_urls:back_url.success must be defined");
        expected.put(JSON.writeValueAsString(badDate), "invalid_expiration_date_to:expiration_date_to invalid");
        expected.put("{\"items\":[{\"title\":\"x\",\"quantity\":1.5,\"currency_id\":\"MXN\",\"unit_price\":1}]}",
                "invalid_items:quantity must be integer");
        expected.put(hugeNumber, "bad_request:a number in the body is out of range");

        for (Map.Entry<String, String> invalid : expected.entrySet()) {
            HttpResponse<String> response = createPreference(invalid.getKey(), "key-" + invalid.getValue().hashCode());
            assertThat(response.statusCode()).as(invalid.getValue()).isEqualTo(400);
            JsonNode error = assertErrorShape(response, 400, "bad_request");
            String[] codeAndText = invalid.getValue().split(":", 2);
            assertThat(error.at("/cause/0/code").asText()).as(invalid.getValue()).isEqualTo(codeAndText[0]);
            assertThat(error.at("/cause/0/description").asText()).isEqualTo(codeAndText[1]);
            assertThat(error.get("message").asText()).isEqualTo(codeAndText[1]);
        }
        assertThat(mp.preferencesCreated()).isZero();
        // CLP and COP take whole numbers.
        assertThat(createPreference(preferenceBody("o", "15000", "COP"), null).statusCode()).isEqualTo(201);
    }

    @Test
    void unknownOrExpiredAccessTokenIsRefusedWith401InTheErrorShape() throws Exception {
        HttpResponse<String> unknown = send(post(sandbox.mercadoPagoBaseUrl() + "/checkout/preferences",
                "APP_USR-not-a-token", preferenceBody("o", "10", "MXN"), null));
        HttpResponse<String> none = send(HttpRequest.newBuilder(URI.create(sandbox.mercadoPagoBaseUrl() + "/v1/payments/1")).GET());
        mp.expireAccessToken(TOKEN);
        HttpResponse<String> expired = createPreference(preferenceBody("o", "10", "MXN"), null);

        for (HttpResponse<String> refused : List.of(unknown, none, expired)) {
            assertThat(refused.statusCode()).isEqualTo(401);
            JsonNode error = assertErrorShape(refused, 401, "unauthorized");
            assertThat(error.at("/cause/0/code").asText()).isEqualTo("invalid_access_token");
        }
        assertThat(mp.preferencesCreated()).isZero();
    }

    // --- the payer and the webhook ---------------------------------------------------------------

    @Test
    void approvedPaymentIsNotifiedWithADocumentedWebhookWhoseSignatureVerifiesOverTheManifest() throws Exception {
        JsonNode preference = preference("order-3", "150.50", "MXN");

        long paymentId = mp.approve(preference.get("init_point").asText());

        Received webhook = receiver.only();
        assertThat(webhook.method()).isEqualTo("POST");
        assertThat(webhook.path()).isEqualTo("/mp");
        Map<String, String> query = queryOf(webhook.query());
        // Cobro's own parameters stay; Mercado Pago adds data.id and type.
        assertThat(query).containsEntry("cobro_pid", "p1").containsEntry("cobro_sig", "abc")
                .containsEntry("data.id", Long.toString(paymentId)).containsEntry("type", "payment");
        JsonNode body = JSON.readTree(webhook.body());
        assertThat(fieldNames(body)).containsExactly("action", "api_version", "data", "date_created", "id", "live_mode",
                "type", "user_id");
        assertThat(body.get("action").asText()).isEqualTo("payment.created");
        assertThat(body.get("type").asText()).isEqualTo("payment");
        assertThat(body.at("/data/id").isTextual()).isTrue();
        assertThat(body.at("/data/id").asText()).isEqualTo(Long.toString(paymentId));
        assertThat(body.get("user_id").asLong()).isEqualTo(ProviderSandbox.DEFAULT_MERCADOPAGO_COLLECTOR_ID);
        assertThat(body.get("live_mode").asBoolean()).isFalse();
        assertThat(body.get("date_created").asText()).isEqualTo("2026-02-10T15:00:00Z");
        assertThat(webhook.header("x-request-id")).isNotBlank();
        assertThat(webhook.header("X-Socket-Timeout")).isEqualTo("22000");
        Signature signature = Signature.parse(webhook.header("x-signature"));
        assertThat(signature.ts()).isEqualTo(Long.toString(START.toEpochMilli()));
        assertThat(signature.verifies(SECRET, query.get("data.id"), webhook.header("x-request-id"))).isTrue();
        assertThat(signature.verifies("another-secret", query.get("data.id"), webhook.header("x-request-id"))).isFalse();

        JsonNode payment = payment(paymentId);
        assertThat(payment.get("id").asLong()).isEqualTo(paymentId);
        assertThat(payment.get("status").asText()).isEqualTo("approved");
        assertThat(payment.get("status_detail").asText()).isEqualTo("accredited");
        assertThat(payment.get("transaction_amount").decimalValue()).isEqualByComparingTo("150.50");
        assertThat(payment.get("transaction_amount_refunded").decimalValue()).isEqualByComparingTo("0");
        assertThat(payment.get("currency_id").asText()).isEqualTo("MXN");
        assertThat(payment.get("external_reference").asText()).isEqualTo("order-3");
        assertThat(payment.get("date_approved").asText()).isEqualTo("2026-02-10T15:00:00.000+00:00");
        assertThat(payment.has("preference_id")).isFalse();
        assertThat(payment.at("/order/type").asText()).isEqualTo("mercadopago");
        // The payment names its merchant order, and the merchant order its preference.
        JsonNode order = JSON.readTree(send(get(sandbox.mercadoPagoBaseUrl() + "/merchant_orders/"
                + payment.at("/order/id").asText(), TOKEN)).body());
        assertThat(order.get("preference_id").asText()).isEqualTo(preference.get("id").asText());
        assertThat(order.get("order_status").asText()).isEqualTo("paid");
        assertThat(order.at("/payments/0/id").asLong()).isEqualTo(paymentId);
        assertThat(mp.deliveries()).singleElement().satisfies(d -> assertThat(d.receiverStatus()).isEqualTo(200));
    }

    @Test
    void rejectedThenApprovedPayerLeavesTwoPaymentsOnOnePreference() throws Exception {
        JsonNode preference = preference("order-4", "80", "BRL");

        long rejected = mp.reject(preference.get("id").asText());
        clock.advance(Duration.ofMinutes(2));
        long approved = mp.approve(preference.get("id").asText());

        assertThat(rejected).isNotEqualTo(approved);
        assertThat(payment(rejected).get("status").asText()).isEqualTo("rejected");
        assertThat(payment(rejected).get("status_detail").asText()).isEqualTo("cc_rejected_other_reason");
        assertThat(payment(rejected).get("date_approved").isNull()).isTrue();
        assertThat(payment(approved).get("status").asText()).isEqualTo("approved");
        assertThat(payment(rejected).at("/order/id")).isEqualTo(payment(approved).at("/order/id"));
        assertThat(receiver.received).extracting(r -> queryOf(r.query()).get("data.id"))
                .containsExactly(Long.toString(rejected), Long.toString(approved));
        JsonNode found = search("external_reference=order-4");
        assertThat(found.at("/paging/total").asInt()).isEqualTo(2);
        // Newest first by default.
        assertThat(found.at("/results/0/id").asLong()).isEqualTo(approved);
        assertThat(found.at("/results/1/id").asLong()).isEqualTo(rejected);
    }

    @Test
    void pendingPaymentIsNotifiedOnCreationAndAgainWhenApproved() throws Exception {
        JsonNode preference = preference("order-5", "300", "MXN");

        long paymentId = mp.leavePending(preference.get("id").asText());
        JsonNode pending = payment(paymentId);
        clock.advance(Duration.ofHours(3));
        mp.approvePending(paymentId);

        assertThat(pending.get("status").asText()).isEqualTo("pending");
        assertThat(pending.get("status_detail").asText()).isEqualTo("pending_waiting_payment");
        assertThat(pending.get("payment_type_id").asText()).isEqualTo("ticket");
        JsonNode approved = payment(paymentId);
        assertThat(approved.get("status").asText()).isEqualTo("approved");
        assertThat(approved.get("date_approved").asText()).isEqualTo("2026-02-10T18:00:00.000+00:00");
        assertThat(receiver.received).extracting(r -> JSON.readTree(r.body()).get("action").asText())
                .containsExactly("payment.created", "payment.updated");
        assertThatThrownBy(() -> mp.approvePending(paymentId)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void forgedSignatureAndStaleTsAreSentAsToldAndFailTheirChecks() throws Exception {
        JsonNode preference = preference("order-6", "10", "MXN");

        mp.pay(preference.get("id").asText(), Outcome.REJECTED, Webhook.FORGED_SIGNATURE);
        mp.pay(preference.get("id").asText(), Outcome.APPROVED, Webhook.STALE_TS);

        assertThat(receiver.received).hasSize(2);
        Received forged = receiver.received.get(0);
        assertThat(Signature.parse(forged.header("x-signature")).verifies(SECRET, queryOf(forged.query()).get("data.id"),
                forged.header("x-request-id"))).isFalse();
        Received stale = receiver.received.get(1);
        Signature staleSignature = Signature.parse(stale.header("x-signature"));
        // A correct HMAC: only the age of ts gives it away.
        assertThat(staleSignature.verifies(SECRET, queryOf(stale.query()).get("data.id"), stale.header("x-request-id"))).isTrue();
        assertThat(Long.parseLong(staleSignature.ts()))
                .isEqualTo(START.minus(MercadoPagoSimulator.STALE_TS_AGE).toEpochMilli());
    }

    @Test
    void droppedWebhookReachesNoOneAndSearchByExternalReferenceFindsThePayment() throws Exception {
        JsonNode preference = preference("order-7", "42.10", "ARS");
        preference("order-other", "5", "ARS");
        mp.approve(preferenceIdOfReference("order-other"));

        long paymentId = mp.pay(preference.get("id").asText(), Outcome.APPROVED, Webhook.DROPPED);

        assertThat(receiver.received).hasSize(1);
        assertThat(mp.deliveries()).last().satisfies(d -> {
            assertThat(d.mode()).isEqualTo(Webhook.DROPPED);
            assertThat(d.delivered()).isFalse();
            assertThat(d.receiverStatus()).isEqualTo(Delivery.NOT_SENT);
        });
        JsonNode found = search("external_reference=order-7&sort=date_created&criteria=desc&limit=10&offset=0");
        assertThat(found.get("paging").get("total").asInt()).isEqualTo(1);
        assertThat(found.get("paging").get("limit").asInt()).isEqualTo(10);
        assertThat(found.get("paging").get("offset").asInt()).isZero();
        assertThat(found.get("results")).hasSize(1);
        assertThat(found.at("/results/0/id").asLong()).isEqualTo(paymentId);
        assertThat(found.at("/results/0/status").asText()).isEqualTo("approved");
        assertThat(found.at("/results/0/transaction_amount").decimalValue()).isEqualByComparingTo("42.10");
        assertThat(mp.searchRequests()).isEqualTo(1);
        // The dropped webhook can still be sent by hand, as Mercado Pago's retry would.
        assertThat(mp.redeliver(paymentId).receiverStatus()).isEqualTo(200);
        assertThat(receiver.received).hasSize(2);
    }

    @Test
    void searchPagesWithItsDocumentedFieldsAndRefusesTooManyRows() throws Exception {
        JsonNode preference = preference("order-8", "10", "MXN");
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(mp.pay(preference.get("id").asText(), Outcome.REJECTED, Webhook.DROPPED));
            clock.advance(Duration.ofSeconds(1));
        }

        JsonNode page = search("external_reference=order-8&sort=date_created&criteria=asc&limit=2&offset=1");
        JsonNode none = search("external_reference=nobody");
        HttpResponse<String> tooMany = send(get(sandbox.mercadoPagoBaseUrl() + "/v1/payments/search?limit=1001", TOKEN));

        assertThat(page.at("/paging/total").asInt()).isEqualTo(3);
        assertThat(page.get("results")).hasSize(2);
        assertThat(page.at("/results/0/id").asLong()).isEqualTo(ids.get(1));
        assertThat(page.at("/results/1/id").asLong()).isEqualTo(ids.get(2));
        assertThat(none.at("/paging/total").asInt()).isZero();
        assertThat(none.get("results")).isEmpty();
        assertThat(none.at("/paging/limit").asInt()).isEqualTo(30);
        assertThat(assertErrorShape(tooMany, 400, "bad_request").at("/cause/0/code").asInt()).isEqualTo(1000);
    }

    @Test
    void payingAnExpiredPreferenceIsRefused() throws Exception {
        JsonNode preference = preference("order-9", "10", "MXN");
        clock.advance(Duration.ofHours(1));

        assertThatThrownBy(() -> mp.approve(preference.get("id").asText())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> mp.approve("no-such-preference")).isInstanceOf(IllegalArgumentException.class);
    }

    // --- refunds and chargebacks -----------------------------------------------------------------

    @Test
    void partialThenFullRefundWithRepeatedKeysNeverRefundsTwiceAndEachIsNotified() throws Exception {
        long paymentId = mp.approve(preference("order-10", "100", "MXN").get("id").asText());

        HttpResponse<String> partial = refund(paymentId, "{\"amount\":30.5}", "refund-key-1");
        HttpResponse<String> partialAgain = refund(paymentId, "{\"amount\":30.5}", "refund-key-1");
        JsonNode afterPartial = payment(paymentId);
        HttpResponse<String> reusedKey = refund(paymentId, "{\"amount\":10}", "refund-key-1");
        HttpResponse<String> full = refund(paymentId, "", "refund-key-2");
        HttpResponse<String> fullAgain = refund(paymentId, "", "refund-key-2");

        assertThat(partial.statusCode()).isEqualTo(201);
        JsonNode refund = JSON.readTree(partial.body());
        assertThat(refund.get("payment_id").asLong()).isEqualTo(paymentId);
        assertThat(refund.get("amount").decimalValue()).isEqualByComparingTo("30.5");
        assertThat(refund.get("status").asText()).isEqualTo("approved");
        assertThat(fieldNames(refund)).contains("id", "adjustment_amount", "refund_mode", "reason", "date_created",
                "unique_sequence_number", "source");
        assertThat(partialAgain.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(partialAgain.body())).isEqualTo(refund);
        assertThat(afterPartial.get("status").asText()).isEqualTo("approved");
        assertThat(afterPartial.get("status_detail").asText()).isEqualTo("partially_refunded");
        assertThat(afterPartial.get("transaction_amount_refunded").decimalValue()).isEqualByComparingTo("30.5");
        assertThat(afterPartial.get("refunds")).hasSize(1);
        assertThat(assertErrorShape(reusedKey, 409, "conflict")).isNotNull();
        assertThat(full.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(full.body()).get("amount").decimalValue()).isEqualByComparingTo("69.5");
        assertThat(JSON.readTree(fullAgain.body())).isEqualTo(JSON.readTree(full.body()));
        JsonNode refunded = payment(paymentId);
        assertThat(refunded.get("status").asText()).isEqualTo("refunded");
        assertThat(refunded.get("status_detail").asText()).isEqualTo("refunded");
        assertThat(refunded.get("transaction_amount_refunded").decimalValue()).isEqualByComparingTo("100");
        assertThat(refunded.get("refunds")).hasSize(2);
        assertThat(mp.refundsMade()).isEqualTo(2);
        assertThat(mp.refundRequests()).isEqualTo(5);
        JsonNode list = JSON.readTree(send(get(sandbox.mercadoPagoBaseUrl() + "/v1/payments/" + paymentId + "/refunds",
                TOKEN)).body());
        assertThat(list).hasSize(2);
        // payment.created, then one payment.updated per refund made (none for the replays).
        awaitCondition(() -> receiver.received.size() == 3);
        assertThat(receiver.received.subList(1, 3)).allSatisfy(r -> {
            assertThat(JSON.readTree(r.body()).get("action").asText()).isEqualTo("payment.updated");
            assertThat(queryOf(r.query()).get("data.id")).isEqualTo(Long.toString(paymentId));
        });
    }

    @Test
    void refundsAreBoundedByWhatRemainsAndNeedAKeyAndAnApprovedPayment() throws Exception {
        JsonNode preference = preference("order-11", "50", "MXN");
        long rejected = mp.reject(preference.get("id").asText());
        long approved = mp.approve(preference.get("id").asText());
        assertThat(refund(approved, "{\"amount\":20}", "k-1").statusCode()).isEqualTo(201);

        HttpResponse<String> over = refund(approved, "{\"amount\":30.01}", "k-2");
        HttpResponse<String> noKey = refund(approved, "{\"amount\":1}", null);
        HttpResponse<String> notApproved = refund(rejected, "", "k-3");
        HttpResponse<String> negative = refund(approved, "{\"amount\":-1}", "k-4");
        HttpResponse<String> notNumeric = refund(approved, "{\"amount\":\"ten\"}", "k-5");
        HttpResponse<String> unknown = refund(99L, "", "k-6");

        JsonNode overError = assertErrorShape(over, 400, "bad_request");
        assertThat(overError.at("/cause/0/code").asText()).isEqualTo("refund_amount_exceeds_available");
        assertThat(assertErrorShape(noKey, 400, "bad_request").at("/cause/0/code").asInt()).isEqualTo(4292);
        assertThat(assertErrorShape(notApproved, 400, "bad_request").at("/cause/0/code").asInt()).isEqualTo(2063);
        assertThat(assertErrorShape(negative, 400, "bad_request").at("/cause/0/code").asInt()).isEqualTo(4040);
        assertThat(assertErrorShape(notNumeric, 400, "bad_request").at("/cause/0/code").asInt()).isEqualTo(4041);
        assertThat(assertErrorShape(unknown, 404, "not_found").at("/cause/0/code").asInt()).isEqualTo(2000);
        // A refused request does not use up its key: k-2 with the right amount refunds the rest.
        assertThat(refund(approved, "{\"amount\":30}", "k-2").statusCode()).isEqualTo(201);
        assertThat(payment(approved).get("status").asText()).isEqualTo("refunded");
        assertThat(mp.refundsMade()).isEqualTo(2);
    }

    @Test
    void chargebackAndPanelRefundShowOnThePaymentAndAreNotified() throws Exception {
        JsonNode preference = preference("order-12", "70", "MXN");
        long chargedBack = mp.approve(preference.get("id").asText());
        long panelRefunded = mp.approve(preference.get("id").asText());

        mp.chargeback(chargedBack);
        mp.refundInPanel(panelRefunded, new BigDecimal("20"), Webhook.SIGNED);

        assertThat(payment(chargedBack).get("status").asText()).isEqualTo("charged_back");
        assertThat(payment(chargedBack).get("status_detail").asText()).isEqualTo("settled");
        assertThat(payment(panelRefunded).get("status_detail").asText()).isEqualTo("partially_refunded");
        assertThat(payment(panelRefunded).get("transaction_amount_refunded").decimalValue()).isEqualByComparingTo("20");
        assertThat(receiver.received).hasSize(4);
        assertThat(receiver.received.subList(2, 4)).extracting(r -> JSON.readTree(r.body()).get("action").asText())
                .containsOnly("payment.updated");
        assertThat(refund(chargedBack, "", "k-cb").statusCode()).isEqualTo(400);
    }

    // --- faults ----------------------------------------------------------------------------------

    @Test
    void serverErrorAndRateLimitAnswerWithoutCreatingAnything() throws Exception {
        mp.inject("POST", "/checkout/preferences", Fault.SERVER_ERROR, 1);
        mp.inject("POST", "/checkout/preferences", Fault.RATE_LIMITED, 1);
        String body = preferenceBody("order-13", "10", "MXN");

        HttpResponse<String> serverError = createPreference(body, "fault-key");
        HttpResponse<String> limited = createPreference(body, "fault-key");
        HttpResponse<String> created = createPreference(body, "fault-key");

        assertErrorShape(serverError, 500, "internal_server_error");
        assertErrorShape(limited, 429, "too_many_requests");
        assertThat(limited.headers().firstValue("Retry-After")).contains(Integer.toString(MercadoPagoSimulator.RETRY_AFTER_SECONDS));
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(mp.preferencesCreated()).isEqualTo(1);
        assertThat(mp.preferenceRequests()).isEqualTo(3);
    }

    @Test
    void timeoutFaultProcessesTheRequestButAnswersTooLateAndTheSameKeyThenAnswersIt() throws Exception {
        mp.inject("POST", "/checkout/preferences", Fault.TIMEOUT, 1);
        String body = preferenceBody("order-14", "10", "MXN");
        HttpRequest slow = post(sandbox.mercadoPagoBaseUrl() + "/checkout/preferences", TOKEN, body, "timeout-key")
                .timeout(SHORT_CLIENT_TIMEOUT).build();

        assertThatThrownBy(() -> http.send(slow, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        awaitCondition(() -> mp.preferencesCreated() == 1);
        HttpResponse<String> retried = createPreference(body, "timeout-key");

        assertThat(retried.statusCode()).isEqualTo(201);
        assertThat(mp.preferencesCreated()).isEqualTo(1);
        JsonNode found = JSON.readTree(send(get(sandbox.mercadoPagoBaseUrl() + "/checkout/preferences/"
                + JSON.readTree(retried.body()).get("id").asText(), TOKEN)).body());
        assertThat(found.get("external_reference").asText()).isEqualTo("order-14");
    }

    @Test
    void closeDropsAnAnswerHeldByTheTimeoutFaultAtOnce() throws Exception {
        mp.inject("GET", "/v1/payments/search", Fault.TIMEOUT, 1);
        java.util.concurrent.CompletableFuture<HttpResponse<String>> answer = http.sendAsync(
                get(sandbox.mercadoPagoBaseUrl() + "/v1/payments/search", TOKEN).timeout(REQUEST_TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        awaitCondition(() -> mp.searchRequests() == 1);

        long closing = System.nanoTime();
        sandbox.close();

        // "At once" next to the hold (60 s) and the request's own timeout (20 s), with room for a loaded machine.
        assertThatThrownBy(() -> answer.get(15, java.util.concurrent.TimeUnit.SECONDS))
                .isInstanceOf(java.util.concurrent.ExecutionException.class)
                .hasCauseInstanceOf(IOException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void refundWebhooksCanBeDroppedSoThatOnlyPollingFindsTheRefund() throws Exception {
        long paymentId = mp.approve(preference("order-19", "60", "MXN").get("id").asText());
        mp.apiChangeWebhooks(Webhook.DROPPED);

        assertThat(refund(paymentId, "{\"amount\":10}", "drop-key").statusCode()).isEqualTo(201);

        awaitCondition(() -> mp.deliveries().size() == 2);
        assertThat(mp.deliveries().get(1).mode()).isEqualTo(Webhook.DROPPED);
        assertThat(mp.deliveries().get(1).delivered()).isFalse();
        assertThat(receiver.received).hasSize(1);
        JsonNode found = search("external_reference=order-19");
        assertThat(found.at("/results/0/status_detail").asText()).isEqualTo("partially_refunded");
        assertThat(found.at("/results/0/transaction_amount_refunded").decimalValue()).isEqualByComparingTo("10");
    }

    @Test
    void connectionResetBeforeTheRequestIsReadProcessesNothing() throws Exception {
        long paymentId = mp.approve(preference("order-15", "10", "MXN").get("id").asText());
        // As many resets as the client may retry a GET on a fresh connection.
        mp.inject("*", "/v1/payments/", Fault.CONNECTION_RESET, 100);

        assertThatThrownBy(() -> send(post(sandbox.mercadoPagoBaseUrl() + "/v1/payments/" + paymentId + "/refunds", TOKEN,
                "", "reset-key"))).isInstanceOf(IOException.class).isNotInstanceOf(HttpTimeoutException.class);
        assertThatThrownBy(() -> payment(paymentId)).isInstanceOf(IOException.class);
        mp.clearFaults();

        assertThat(mp.refundsMade()).isZero();
        assertThat(mp.refundRequests()).isZero();
        assertThat(payment(paymentId).get("status").asText()).isEqualTo("approved");
    }

    // --- HTTP controls, accounts, ts unit, logs --------------------------------------------------

    @Test
    void httpControlsPayHandOverAWebhookAndInjectFaults() throws Exception {
        JsonNode preference = preference("order-16", "10", "MXN");

        HttpResponse<String> paid = send(post(sandbox.mercadoPagoBaseUrl() + "/sandbox/pay", null,
                "{\"init_point\":\"" + preference.get("init_point").asText() + "\",\"outcome\":\"approved\"}", null));
        long paymentId = JSON.readTree(paid.body()).get("payment_id").asLong();
        HttpResponse<String> handed = send(post(sandbox.mercadoPagoBaseUrl() + "/sandbox/notification", null,
                "{\"payment_id\":" + paymentId + "}", null));
        send(post(sandbox.mercadoPagoBaseUrl() + "/sandbox/faults", null,
                "{\"method\":\"GET\",\"path\":\"/v1/payments/\",\"fault\":\"server_error\",\"times\":1}", null));
        HttpResponse<String> faulted = send(get(sandbox.mercadoPagoBaseUrl() + "/v1/payments/" + paymentId, TOKEN));
        HttpResponse<String> unknown = send(post(sandbox.mercadoPagoBaseUrl() + "/sandbox/pay", null,
                "{\"preference_id\":\"nope\",\"outcome\":\"approved\"}", null));

        assertThat(paid.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(paid.body()).get("receiver_status").asInt()).isEqualTo(200);
        assertThat(receiver.received).hasSize(1);
        JsonNode notification = JSON.readTree(handed.body());
        assertThat(notification.get("url").asText()).startsWith(receiver.url("/mp?")).endsWith("&type=payment");
        assertThat(JSON.readTree(notification.get("body").asText()).get("action").asText()).isEqualTo("payment.updated");
        assertThat(Signature.parse(notification.at("/headers/x-signature").asText()).verifies(SECRET,
                Long.toString(paymentId), notification.at("/headers/x-request-id").asText())).isTrue();
        assertThat(faulted.statusCode()).isEqualTo(500);
        assertThat(payment(paymentId).get("status").asText()).isEqualTo("approved");
        assertThat(unknown.statusCode()).isEqualTo(400);
    }

    @Test
    void eachAccountSeesOnlyItsOwnPaymentsAndSignsWithItsOwnSecret() throws Exception {
        try (ProviderSandbox two = ProviderSandbox.builder().clock(clock).mercadoPagoTsInSeconds()
                .mercadoPagoAccount("APP_USR-second-account-token", "second-secret", 777_000_111L).start()) {
            String body = preferenceBody("order-17", "10", "MXN");
            JsonNode second = JSON.readTree(send(post(two.mercadoPagoBaseUrl() + "/checkout/preferences",
                    "APP_USR-second-account-token", body, "same-key")).body());
            JsonNode first = JSON.readTree(send(post(two.mercadoPagoBaseUrl() + "/checkout/preferences", TOKEN, body,
                    "same-key")).body());

            long paymentId = two.mercadoPago().approve(second.get("id").asText());

            // Keys are per account: the same key made one preference for each.
            assertThat(first.get("id").asText()).startsWith(ProviderSandbox.DEFAULT_MERCADOPAGO_COLLECTOR_ID + "-");
            assertThat(second.get("id").asText()).startsWith("777000111-");
            assertThat(send(get(two.mercadoPagoBaseUrl() + "/v1/payments/" + paymentId, TOKEN)).statusCode()).isEqualTo(404);
            assertThat(send(get(two.mercadoPagoBaseUrl() + "/v1/payments/" + paymentId, "APP_USR-second-account-token"))
                    .statusCode()).isEqualTo(200);
            Received webhook = receiver.only();
            assertThat(JSON.readTree(webhook.body()).get("user_id").asLong()).isEqualTo(777_000_111L);
            Signature signature = Signature.parse(webhook.header("x-signature"));
            assertThat(signature.ts()).isEqualTo(Long.toString(START.getEpochSecond()));
            assertThat(signature.verifies("second-secret", Long.toString(paymentId), webhook.header("x-request-id"))).isTrue();
            assertThat(signature.verifies(SECRET, Long.toString(paymentId), webhook.header("x-request-id"))).isFalse();
        }
    }

    @Test
    void neitherTheAccessTokenNorTheWebhookSecretReachesTheLogEvenAtDebug() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger("dev.cobro.testkit");
        Level level = logger.getLevel();
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        logger.addAppender(events);
        logger.setLevel(Level.DEBUG);
        try {
            long paymentId = mp.approve(preference("order-18", "10", "MXN").get("id").asText());
            refund(paymentId, "", "log-key");
            search("external_reference=order-18");
        } finally {
            logger.detachAppender(events);
            logger.setLevel(level);
        }

        List<String> lines = events.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).anyMatch(line -> line.contains("POST /mercadopago/checkout/preferences -> 201"));
        assertThat(lines).noneMatch(line -> line.contains(TOKEN) || line.contains(SECRET) || line.contains("order-18"));
    }

    // --- helpers ---------------------------------------------------------------------------------

    /**
     * A Checkout Pro preference as Cobro sends one: one item, the notification URL with Cobro's
     * own parameters, back URLs, and a validity window (open 15:00Z to 16:00Z, written at -04:00).
     */
    private String preferenceBody(String reference, String amount, String currency) {
        return """
                {"items":[{"id":"sku-1","title":"Order %s","description":"Order %s","quantity":1,
                           "currency_id":"%s","unit_price":%s}],
                 "external_reference":"%s",
                 "notification_url":"%s",
                 "back_urls":{"success":"https://shop.example/ok","pending":"https://shop.example/wait","failure":"https://shop.example/ko"},
                 "auto_return":"approved",
                 "expires":true,
                 "expiration_date_from":"2026-02-10T11:00:00.000-04:00",
                 "expiration_date_to":"2026-02-10T12:00:00.000-04:00",
                 "metadata":{"cobro_payment_id":"p1"}}
                """.formatted(reference, reference, currency, amount, reference, receiver.url("/mp?cobro_pid=p1&cobro_sig=abc"));
    }

    private final Map<String, String> preferenceByReference = new HashMap<>();

    private JsonNode preference(String reference, String amount, String currency) throws Exception {
        HttpResponse<String> response = createPreference(preferenceBody(reference, amount, currency), "pref-" + reference);
        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode preference = JSON.readTree(response.body());
        preferenceByReference.put(reference, preference.get("id").asText());
        return preference;
    }

    private String preferenceIdOfReference(String reference) {
        return preferenceByReference.get(reference);
    }

    private HttpResponse<String> createPreference(String body, String idempotencyKey) throws Exception {
        return send(post(sandbox.mercadoPagoBaseUrl() + "/checkout/preferences", TOKEN, body, idempotencyKey));
    }

    private HttpResponse<String> refund(long paymentId, String body, String idempotencyKey) throws Exception {
        return send(post(sandbox.mercadoPagoBaseUrl() + "/v1/payments/" + paymentId + "/refunds", TOKEN, body,
                idempotencyKey));
    }

    private JsonNode payment(long paymentId) throws Exception {
        HttpResponse<String> response = send(get(sandbox.mercadoPagoBaseUrl() + "/v1/payments/" + paymentId, TOKEN));
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private JsonNode search(String query) throws Exception {
        HttpResponse<String> response = send(get(sandbox.mercadoPagoBaseUrl() + "/v1/payments/search?" + query, TOKEN));
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static HttpRequest.Builder post(String url, String token, String body, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (idempotencyKey != null) {
            request.header("X-Idempotency-Key", idempotencyKey);
        }
        return request;
    }

    private static HttpRequest.Builder get(String url, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpRequest built = request.build();
        HttpRequest bounded = built.timeout().isPresent() ? built
                : HttpRequest.newBuilder(built, (name, value) -> true).timeout(REQUEST_TIMEOUT).build();
        return http.send(bounded, HttpResponse.BodyHandlers.ofString());
    }

    /** The v1 error body: message, error, an integer status, and a cause list. */
    private static JsonNode assertErrorShape(HttpResponse<String> response, int status, String error) throws IOException {
        assertThat(response.statusCode()).isEqualTo(status);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("message").asText()).isNotBlank();
        assertThat(body.get("error").asText()).isEqualTo(error);
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("cause").isArray()).isTrue();
        return body;
    }

    private static Map<String, String> queryOf(String rawQuery) {
        Map<String, String> values = new HashMap<>();
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            values.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void awaitCondition(BooleanSupplier condition) {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("condition not met within " + AWAIT);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }

    /**
     * An {@code x-signature} checked as Mercado Pago documents it, written here independently of the
     * sandbox: the manifest {@code id:<data.id>;request-id:<x-request-id>;ts:<ts>;}, HMAC-SHA256 in hex.
     */
    private record Signature(String ts, String v1) {

        static Signature parse(String header) {
            String ts = null;
            String v1 = null;
            for (String part : header.split(",")) {
                String[] keyValue = part.trim().split("=", 2);
                if (keyValue[0].equals("ts")) {
                    ts = keyValue[1];
                } else if (keyValue[0].equals("v1")) {
                    v1 = keyValue[1];
                }
            }
            return new Signature(ts, v1);
        }

        boolean verifies(String secret, String dataId, String requestId) throws Exception {
            String manifest = "id:" + dataId + ";request-id:" + requestId + ";ts:" + ts + ";";
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = mac.doFinal(manifest.getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(expected, HexFormat.of().parseHex(v1));
        }
    }

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

    private record Received(String method, String path, String query, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** The seller's notification_url: keeps every delivery, answers 200. */
    private static final class Receiver implements AutoCloseable {
        final List<Received> received = new CopyOnWriteArrayList<>();
        private final HttpServer server;

        Receiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 8);
            server.createContext("/", exchange -> {
                Map<String, String> headers = new HashMap<>();
                exchange.getRequestHeaders().forEach((name, values) ->
                        headers.put(name.toLowerCase(java.util.Locale.ROOT), values.get(0)));
                try (InputStream in = exchange.getRequestBody()) {
                    received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                            exchange.getRequestURI().getRawQuery(), headers, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                }
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        Received only() {
            assertThat(received).hasSize(1);
            return received.get(0);
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
