package dev.cobro.bootstrap.accounts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.AESEncrypter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cobro.adapters.http.eightyeightpay.EightyEightPaySettings;
import dev.cobro.application.fakes.ControllableClock;
import dev.cobro.application.port.in.RecordPaymentNotificationCommand;
import dev.cobro.application.port.in.StartCheckoutPaymentCommand;
import dev.cobro.application.testing.CapturedLogs;
import dev.cobro.bootstrap.Cobro;
import dev.cobro.db.testing.TestDatabase;
import dev.cobro.domain.payment.NotificationOutcome;
import dev.cobro.application.port.in.PaymentView;
import dev.cobro.domain.payment.PaymentNotification;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.testkit.ProviderSandbox;
import dev.cobro.testkit.SandboxNotification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import static dev.cobro.application.fakes.CheckoutCommandBuilder.aCheckoutCommand;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * 88Pay's bearer token is judged with the webhook secret of the payment's own account (the account
 * of the payment Cobro's signed URL names), over real HTTP and PostgreSQL: the sandbox's two
 * merchants encrypt their webhooks' tokens each with its own secret. {@code /one} runs Cobro with
 * COL's secret only (MEX is then layer 1 only, warned by name); {@code /two} with both.
 */
class ProofsPerAccountIT {

    static final String COL_MERCHANT = "MCH-COL-TEST-29ZTP4";
    static final String COL_KEY = "sk_test_col_key";
    static final String COL_SECRET = "whsec_col_0123456789abcdefghijkl";
    static final String MEX_MERCHANT = "MCH-MEX-TEST-81QWE2";
    static final String MEX_KEY = "sk_test_mex_key";
    static final String MEX_SECRET = "whsec_mex_0123456789abcdefghijkl";

    static ControllableClock clock;
    static ProviderSandbox sandbox;
    static TestDatabase.Handle db;
    static Cobro colSecretOnly;
    static Cobro bothSecrets;
    static CapturedLogs colSecretOnlyStartUp;
    static HttpServer host;
    static final ConcurrentLinkedQueue<Throwable> hostFailures = new ConcurrentLinkedQueue<>();
    static final ConcurrentLinkedQueue<PaymentNotification> outcomes = new ConcurrentLinkedQueue<>();
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        clock = new ControllableClock(Instant.parse("2026-03-02T12:00:00Z"));
        sandbox = ProviderSandbox.builder().port(0).clock(clock)
                .eightyEightPayCredentials(COL_KEY, COL_MERCHANT).eightyEightPayWebhookSecret(COL_SECRET)
                .eightyEightPayMerchant(MEX_KEY, MEX_MERCHANT, MEX_SECRET)
                .start();
        db = TestDatabase.freshDatabase();
        EightyEightPaySettings col = EightyEightPaySettings.defaults(sandbox.eightyEightPayBaseUrl(), COL_KEY,
                COL_MERCHANT).withWebhookSecret(COL_SECRET);
        EightyEightPaySettings mex = EightyEightPaySettings.defaults(sandbox.eightyEightPayBaseUrl(), MEX_KEY,
                MEX_MERCHANT);
        colSecretOnlyStartUp = CapturedLogs.attach("dev.cobro");
        try {
            colSecretOnly = Cobro.builder().dataSource(db.dataSource()).clock(clock)
                    .eightyEightPay("col", col, "COL").eightyEightPay("mex", mex, "MEX").build();
        } finally {
            colSecretOnlyStartUp.detach();
        }
        bothSecrets = Cobro.builder().dataSource(db.dataSource()).clock(clock)
                .eightyEightPay("col", col, "COL").eightyEightPay("mex", mex.withWebhookSecret(MEX_SECRET), "MEX")
                .build();
        host = HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 16);
        host.createContext("/one", exchange -> webhookEndpoint(exchange, colSecretOnly));
        host.createContext("/two", exchange -> webhookEndpoint(exchange, bothSecrets));
        host.start();
    }

    @AfterAll
    static void stop() {
        if (host != null) {
            host.stop(0);
        }
        for (AutoCloseable closeable : new AutoCloseable[] {colSecretOnly, bothSecrets, sandbox}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                hostFailures.add(e);
            }
        }
        assertThat(hostFailures).as("the webhook endpoint never got an exception").isEmpty();
    }

    private static void webhookEndpoint(HttpExchange exchange, Cobro cobro) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
            String calledUrl = "http://127.0.0.1:" + host.getAddress().getPort() + exchange.getRequestURI();
            try {
                outcomes.add(cobro.notifications().record(new RecordPaymentNotificationCommand(
                        ProviderId.EIGHTY_EIGHT_PAY, calledUrl, body, headers)));
            } catch (RuntimeException e) {
                hostFailures.add(e);
            }
            exchange.sendResponseHeaders(200, -1);
        }
    }

    @Test
    void theGenuineWebhookOfAnAccountWithoutASecretSettlesItsPaymentWhileAnotherAccountHasOne() {
        PaymentView mex = checkout(colSecretOnly, "/one", "MXN", "MEX");

        assertThat(sandbox.notifyPayment(mex.checkoutUrl(), "COMPLETED")).isEqualTo(200);

        PaymentNotification outcome = lastOutcome();
        assertThat(outcome.outcome()).as(outcome.detail()).isEqualTo(NotificationOutcome.APPLIED);
        assertThat(statusOf(mex)).isEqualTo(PaymentStatus.SUCCEEDED);
    }

    @Test
    void theAccountWithASecretStillRequiresItsBearer() throws Exception {
        PaymentView col = checkout(colSecretOnly, "/one", "COP", "COL");
        SandboxNotification genuine = sandbox.notification(col.checkoutUrl(), "COMPLETED");

        // Cobro's genuine signed URL and body, with a bearer made with the other merchant's secret.
        assertThat(post(genuine.url(), genuine.body(), bearer(genuine.body(), MEX_SECRET))).isEqualTo(200);
        assertThat(lastOutcome().outcome()).isEqualTo(NotificationOutcome.UNVERIFIED);
        assertThat(statusOf(col)).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);

        assertThat(sandbox.notifyPayment(col.checkoutUrl(), "COMPLETED")).isEqualTo(200);
        assertThat(lastOutcome().outcome()).isEqualTo(NotificationOutcome.APPLIED);
    }

    @Test
    void aBearerOnlyAnotherAccountsSecretOpensProvesNothing() throws Exception {
        PaymentView mex = checkout(bothSecrets, "/two", "MXN", "MEX");
        SandboxNotification genuine = sandbox.notification(mex.checkoutUrl(), "COMPLETED");

        // The MEX payment's signed URL and body, the claims right, but encrypted with COL's secret.
        assertThat(post(genuine.url(), genuine.body(), bearer(genuine.body(), COL_SECRET))).isEqualTo(200);
        PaymentNotification forged = lastOutcome();
        assertThat(forged.outcome()).as(forged.detail()).isEqualTo(NotificationOutcome.UNVERIFIED);
        assertThat(statusOf(mex)).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);

        assertThat(sandbox.notifyPayment(mex.checkoutUrl(), "COMPLETED")).isEqualTo(200);
        assertThat(lastOutcome().outcome()).isEqualTo(NotificationOutcome.APPLIED);
        assertThat(statusOf(mex)).isEqualTo(PaymentStatus.SUCCEEDED);
    }

    @Test
    void anAccountWithoutASecretIsWarnedAtStartUpByName() {
        assertThat(colSecretOnlyStartUp.lines())
                .anyMatch(line -> line.contains("mex") && line.contains("webhook secret")
                        && line.contains("COBRO_88PAY_MEX_WEBHOOK_SECRET"))
                .noneMatch(line -> line.contains("account col") && line.contains("signed notification URL only"));
    }

    // --- helpers -------------------------------------------------------------------------------

    private static PaymentView checkout(Cobro cobro, String path, String currency, String country) {
        StartCheckoutPaymentCommand command = aCheckoutCommand()
                .withMerchantReference("proof-" + UUID.randomUUID()).withAmount("100.00").withCurrency(currency)
                .withCountry(country)
                .withNotificationUrl("http://127.0.0.1:" + host.getAddress().getPort() + path).build();
        PaymentView payment = cobro.checkoutPayments().start(command).payment();
        assertThat(payment.status()).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
        return payment;
    }

    private int post(String url, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The claims 88Pay would send about this body, encrypted as 88Pay does (A256KW, A256GCM) with {@code secret}. */
    private static Map<String, String> bearer(String body, String secret) throws Exception {
        JsonNode json = new ObjectMapper().readTree(body);
        JWEObject jwe = new JWEObject(new JWEHeader(JWEAlgorithm.A256KW, EncryptionMethod.A256GCM), new Payload(
                "{\"transaction_id\":\"" + json.get("transaction_id").asText() + "\",\"transaction_amount\":\""
                        + json.get("transaction_amount").asText() + "\",\"iat\":" + clock.instant().getEpochSecond()
                        + "}"));
        jwe.encrypt(new AESEncrypter(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "AES")));
        return Map.of("Authorization", "Bearer " + jwe.serialize(), "Content-Type", "application/json");
    }

    private static PaymentNotification lastOutcome() {
        PaymentNotification notification = outcomes.poll();
        assertThat(notification).as("a notification reached the host").isNotNull();
        assertThat(outcomes).isEmpty();
        return notification;
    }

    private static PaymentStatus statusOf(PaymentView payment) {
        return PaymentStatus.valueOf(bothSecrets.history().findById(payment.id().value()).orElseThrow().status()
                .name());
    }
}
