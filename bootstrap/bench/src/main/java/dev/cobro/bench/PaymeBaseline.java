package dev.cobro.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cobro.adapters.http.payme.PaymeSettings;
import dev.cobro.adapters.http.support.Redaction;
import dev.cobro.testkit.ProviderSandbox;
import dev.cobro.domain.shared.Money;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Currency;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The Pay-me baseline: {@code POST {api}/charges} with one OAuth token fetched once and reused,
 * and the card_authorization rows written around it. The request carries the card, so what is
 * stored of it passes through Cobro's one redaction routine, as Cobro's own attempt rows do.
 */
final class PaymeBaseline extends Baseline {

    /** ALG-API-VERSION: "Available values: 1618440906". */
    static final String API_VERSION = ProviderSandbox.PAYME_API_VERSION;

    private static final Redaction REDACTION = new Redaction(Map.of(
            "pan", Redaction.Mask.PAN,
            "security_code", Redaction.Mask.FULL,
            "access_token", Redaction.Mask.FULL),
            Set.of());

    private final PaymeSettings settings;
    private final String authUrl;
    private final String apiUrl;
    private final BenchWorkload workload;
    private final String maskedCard;
    private String accessToken;

    PaymeBaseline(PaymeSettings settings, BenchDatabase database, BenchWorkload workload) {
        super(database, settings.timeouts().connect(), settings.timeouts().read());
        this.settings = settings;
        this.authUrl = withoutTrailingSlash(settings.authUrl().trim());
        this.apiUrl = withoutTrailingSlash(settings.apiUrl().trim());
        this.workload = workload;
        String card = BenchWorkload.CARD;
        this.maskedCard = card.substring(0, 6) + "*".repeat(card.length() - 10) + card.substring(card.length() - 4);
    }

    /** The one token request of the baseline: Pay-me's tokens live for expires_in (a day in the examples). */
    private synchronized String accessToken() throws IOException, InterruptedException {
        if (accessToken == null) {
            countTokenRequest();
            ObjectNode request = JSON.createObjectNode()
                    .put("action", "authorize")
                    .put("grant_type", "client_credentials")
                    .put("audience", settings.audience())
                    .put("client_id", settings.clientId())
                    .put("client_secret", settings.clientSecret())
                    .put("scope", settings.scope());
            HttpResponse<String> answer = send("POST", authUrl + "/token", Map.of(
                    "ALG-API-VERSION", API_VERSION, "Content-Type", "application/json"),
                    JSON.writeValueAsString(request));
            JsonNode token = parse(answer.body()).path("access_token");
            if (answer.statusCode() != 200 || !token.isTextual()) {
                throw new IOException("the baseline's Pay-me token request answered HTTP " + answer.statusCode());
            }
            accessToken = token.asText();
        }
        return accessToken;
    }

    @Override
    public String run(int index) throws Exception {
        String token = accessToken();
        BenchWorkload.CardAuthorization authorization = workload.authorization(index, true);
        Money money = Money.of(authorization.amount(), Currency.getInstance(BenchWorkload.AUTHORIZATION_CURRENCY));
        String body = JSON.writeValueAsString(request(authorization, money));
        UUID id = UUID.randomUUID();
        UUID attempt = UUID.randomUUID();
        Timestamp started = now();
        String redactedRequest = REDACTION.body(body);
        OneRoundTrip requested = new OneRoundTrip();
        insertAuthorization(requested, id, authorization, money, sha256(redactedRequest), started);
        requestedRows(requested, "card_authorization", id, attempt, "payme", authorization.operationNumber(),
                "AUTHORIZE", redactedRequest, started);
        try (Connection c = connection()) {
            requested.send(c);
        }
        HttpResponse<String> answer = send("POST", apiUrl + "/charges", Map.of(
                "Authorization", "Bearer " + token, "ALG-API-VERSION", API_VERSION,
                "Content-Type", "application/json"), body);
        JsonNode reply = parse(answer.body());
        JsonNode meta = reply.path("transaction").path("meta");
        String code = meta.path("status").path("code").asText(null);
        String message = meta.path("status").path("message_ilgn").path(0).path("value").asText(null);
        String status = answer.statusCode() != 200 ? (answer.statusCode() >= 500 ? "UNKNOWN" : "REJECTED")
                : "00".equals(code) || "000".equals(code) ? "AUTHORIZED" : "DECLINED";
        Timestamp finished = now();
        OneRoundTrip finish = new OneRoundTrip().add("update cobro.card_authorization set status = ?,"
                        + " provider_transaction_id = ?, authorization_code = ?, response_code = ?,"
                        + " response_message = ?, response_locale = ?, provider_masked_pan = ?, updated_at = ?,"
                        + " version = version + 1 where id = ? and version = 0", status,
                reply.path("id").asText(null),
                meta.path("processor").path("authorization").path("code").asText(null), code, message,
                meta.path("status").path("message_ilgn").path(0).path("locale").asText(null),
                meta.path("processor").path("authorization").path("masked_pan").asText(null), finished, id);
        finishedRows(finish, "card_authorization", id, attempt, "payme", authorization.operationNumber(), status,
                "AUTHORIZED".equals(status) ? "approved, code " + code : "provider answered HTTP " + answer.statusCode(),
                "AUTHORIZED".equals(status) ? "SUCCEEDED" : status, answer.statusCode(), code, message,
                REDACTION.body(answer.body()), started, finished);
        try (Connection c = connection()) {
            if (finish.send(c) != 1) {
                throw new SQLException("baseline authorization " + id + " was not updated");
            }
        }
        return status;
    }

    /** Pay-me's authorize body (seed example 3) with the bench's card; the same as Cobro sends. */
    private ObjectNode request(BenchWorkload.CardAuthorization authorization, Money money) {
        ObjectNode request = JSON.createObjectNode().put("action", "authorize").put("channel", "1");
        request.putObject("payment_method").putArray("card").addObject()
                .put("pan", BenchWorkload.CARD)
                .put("expiry_date", workload.expiry())
                .put("security_code", BenchWorkload.CVV);
        request.putObject("transaction")
                .put("currency", BenchWorkload.AUTHORIZATION_NUMERIC_CURRENCY)
                .put("amount", money.toFiveDecimalUnits())
                .putObject("meta")
                .put("internal_operation_number", authorization.operationNumber())
                .put("description", BenchWorkload.DESCRIPTION);
        ObjectNode billing = request.putObject("address").putObject("billing")
                .put("first_name", BenchWorkload.FIRST_NAME).put("last_name", BenchWorkload.LAST_NAME)
                .put("email", BenchWorkload.EMAIL);
        billing.putObject("phone").put("country_code", BenchWorkload.PHONE_COUNTRY_CODE)
                .put("subscriber", BenchWorkload.PHONE_SUBSCRIBER);
        billing.putObject("location").put("line_1", BenchWorkload.LINE_1).put("line_2", BenchWorkload.LINE_2)
                .put("city", BenchWorkload.CITY).put("state", BenchWorkload.STATE)
                .put("country", BenchWorkload.BILLING_COUNTRY).put("zip_code", BenchWorkload.ZIP_CODE);
        request.putArray("card_holder").addObject()
                .put("first_name", BenchWorkload.FIRST_NAME).put("last_name", BenchWorkload.LAST_NAME)
                .put("email_address", BenchWorkload.EMAIL).put("identity_document_country", "PER")
                .put("identity_document_type", "DNI").put("identity_document_identifier", "87654321");
        return request;
    }

    private void insertAuthorization(OneRoundTrip t, UUID id, BenchWorkload.CardAuthorization authorization,
                                     Money money, String fingerprint, Timestamp at) {
        t.add("insert into cobro.card_authorization (id, provider,"
                + " operation_number, channel, amount, currency, instrument_kind, instrument_masked,"
                + " holder_first_name, holder_last_name, holder_email_address, holder_identity_document_country,"
                + " holder_identity_document_type, holder_identity_document_identifier, billing_first_name,"
                + " billing_last_name, billing_email, billing_phone_country_code, billing_phone_subscriber,"
                + " billing_line1, billing_line2, billing_city, billing_state, billing_country, billing_zip_code,"
                + " description, customer_id, fingerprint, status, created_at, updated_at, version) values (?,"
                + " 'payme', ?, '1', ?, ?, 'CARD', ?, ?, ?, ?, 'PER', 'DNI', '87654321', ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?, ?, ?, ?, ?, ?, 'REQUESTED', ?, ?, 0)",
                id, authorization.operationNumber(), money.amount(), money.currency().getCurrencyCode(), maskedCard,
                BenchWorkload.FIRST_NAME, BenchWorkload.LAST_NAME, BenchWorkload.EMAIL,
                BenchWorkload.FIRST_NAME, BenchWorkload.LAST_NAME, BenchWorkload.EMAIL,
                BenchWorkload.PHONE_COUNTRY_CODE, BenchWorkload.PHONE_SUBSCRIBER, BenchWorkload.LINE_1,
                BenchWorkload.LINE_2, BenchWorkload.CITY, BenchWorkload.STATE, BenchWorkload.BILLING_COUNTRY,
                BenchWorkload.ZIP_CODE, BenchWorkload.DESCRIPTION, authorization.customerId(), fingerprint, at, at);
    }
}
