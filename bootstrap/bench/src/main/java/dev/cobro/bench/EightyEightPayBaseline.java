package dev.cobro.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cobro.adapters.http.eightyeightpay.EightyEightPaySettings;
import dev.cobro.adapters.http.support.Redaction;
import dev.cobro.application.service.NotificationSigner;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.ProviderId;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The 88Pay baseline: {@code POST /api/transactions/charges} with one token (and its session)
 * fetched once and reused, and the checkout_payment rows written around it.
 */
final class EightyEightPayBaseline extends Baseline {

    /** The seed's reuse limit: a token lives 60 s, so one older than 50 s is not sent any more. */
    private static final Duration REUSE = Duration.ofSeconds(50);
    /** 88Pay's charge body holds no secret; its answer's session_id would be one. */
    private static final Redaction REDACTION = new Redaction(Map.of("access_token", Redaction.Mask.FULL,
            "session_id", Redaction.Mask.FULL), Set.of());

    private final EightyEightPaySettings settings;
    private final String baseUrl;
    private final BenchWorkload workload;
    /**
     * Like Cobro, the baseline keeps the id of the key its notification URL is signed with: the one
     * derived from the account's API key, which every Cobro configured with that key still verifies.
     */
    private final String notificationKeyId;
    private Session session;
    private long fetchedAt;

    /** The token and the session it is bound to; both secrets, never printed. */
    private record Session(String accessToken, String id) {
        @Override
        public String toString() {
            return "Session[hidden]";
        }
    }

    EightyEightPayBaseline(EightyEightPaySettings settings, BenchDatabase database, BenchWorkload workload) {
        super(database, settings.timeouts().connect(), settings.timeouts().read());
        this.settings = settings;
        this.notificationKeyId = NotificationSigner.Key.fingerprinted(NotificationSigner.derivedKey(
                settings.apiKey(), ProviderId.EIGHTY_EIGHT_PAY, AccountId.DEFAULT.value())).id();
        this.baseUrl = withoutTrailingSlash(settings.baseUrl().trim());
        this.workload = workload;
    }

    /** The one token request of the baseline (again only if a run outlives 50 s). */
    private synchronized Session session() throws IOException, InterruptedException {
        if (session == null || System.nanoTime() - fetchedAt > REUSE.toNanos()) {
            countTokenRequest();
            HttpResponse<String> answer = send("POST", baseUrl + "/api/auth/token",
                    Map.of("x-api-key", settings.apiKey(), "x-merchant-id", settings.merchantId(),
                            "Accept", "application/json"), null);
            JsonNode data = parse(answer.body()).path("data");
            if (answer.statusCode() != 200 || !data.path("access_token").isTextual()) {
                throw new IOException("the baseline's 88Pay token request answered HTTP " + answer.statusCode());
            }
            session = new Session(data.get("access_token").asText(), data.path("session_id").asText());
            fetchedAt = System.nanoTime();
        }
        return session;
    }

    @Override
    public String run(int index) throws Exception {
        Session token = session();
        BenchWorkload.Checkout checkout = workload.checkout(index, true);
        ObjectNode charge = JSON.createObjectNode()
                .put("flow", "PAYIN")
                .put("method_code", BenchWorkload.METHOD_CODE)
                .put("method_category", BenchWorkload.METHOD_CATEGORY)
                .put("country", BenchWorkload.COUNTRY)
                .put("currency", BenchWorkload.CHECKOUT_CURRENCY)
                .put("amount", checkout.amount())
                .put("description", BenchWorkload.DESCRIPTION)
                .put("customer_id", checkout.customerId())
                .put("notification_url", BenchWorkload.NOTIFICATION_URL)
                .put("return_url", BenchWorkload.RETURN_URL);
        String body = JSON.writeValueAsString(charge);
        UUID payment = UUID.randomUUID();
        UUID attempt = UUID.randomUUID();
        Timestamp started = now();
        OneRoundTrip requested = new OneRoundTrip();
        insertPayment(requested, payment, checkout, sha256(body), notificationKeyId, token.id(), started);
        requestedRows(requested, "checkout_payment", payment, attempt, "88pay", checkout.merchantReference(), "CHARGE",
                REDACTION.body(body), started);
        try (Connection c = connection()) {
            requested.send(c);
        }
        HttpResponse<String> answer = send("POST", baseUrl + "/api/transactions/charges",
                Map.of("Authorization", "Bearer " + token.accessToken(), "x-session-id", token.id(),
                        "Content-Type", "application/json", "Accept", "application/json"), body);
        JsonNode reply = parse(answer.body());
        JsonNode data = reply.path("data");
        boolean accepted = answer.statusCode() == 200 && data.path("urlCheckout").isTextual();
        String status = accepted ? "AWAITING_CUSTOMER" : answer.statusCode() >= 500 ? "UNKNOWN" : "REJECTED";
        Timestamp finished = now();
        // Cobro keeps no provider_reference from a charge's answer (only its checkout URL): neither does this.
        OneRoundTrip finish = new OneRoundTrip().add("update cobro.checkout_payment set status = ?,"
                + " checkout_url = ?, updated_at = ?, version = version + 1 where id = ? and version = 0", status,
                data.path("urlCheckout").asText(null), finished, payment);
        finishedRows(finish, "checkout_payment", payment, attempt, "88pay", checkout.merchantReference(), status,
                accepted ? "checkout created" : "provider answered HTTP " + answer.statusCode(),
                accepted ? "SUCCEEDED" : status, answer.statusCode(), reply.path("code").asText(null),
                reply.path("message").asText(null), REDACTION.body(answer.body()), started, finished);
        try (Connection c = connection()) {
            if (finish.send(c) != 1) {
                throw new SQLException("baseline payment " + payment + " was not updated");
            }
        }
        return status;
    }

    private static void insertPayment(OneRoundTrip t, UUID id, BenchWorkload.Checkout checkout, String fingerprint,
                                      String notificationKeyId, String sessionId, Timestamp at) {
        t.add("insert into cobro.checkout_payment (id, provider,"
                + " merchant_reference, customer_id, amount, currency, country, method_code, method_category,"
                + " description, notification_url, notification_key_id, return_url, fingerprint, status,"
                + " provider_session_id, created_at, updated_at, version) values (?, '88pay', ?, ?, ?, ?, ?, ?, ?,"
                + " ?, ?, ?, ?, ?, 'REQUESTED', ?, ?, ?, 0)", id, checkout.merchantReference(), checkout.customerId(),
                checkout.amount(), BenchWorkload.CHECKOUT_CURRENCY, BenchWorkload.COUNTRY, BenchWorkload.METHOD_CODE,
                BenchWorkload.METHOD_CATEGORY, BenchWorkload.DESCRIPTION, BenchWorkload.NOTIFICATION_URL,
                notificationKeyId, BenchWorkload.RETURN_URL, fingerprint, sessionId, at, at);
    }
}
