package dev.cobro.bootstrap;

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
import dev.cobro.application.port.in.CheckoutPaymentResult;
import dev.cobro.application.port.in.RecordPaymentNotificationCommand;
import dev.cobro.application.testing.CapturedLogs;
import dev.cobro.db.testing.TestDatabase;
import dev.cobro.domain.payment.NotificationOutcome;
import dev.cobro.application.port.in.PaymentView;
import dev.cobro.domain.payment.PaymentFlag;
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
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import static dev.cobro.application.fakes.CheckoutCommandBuilder.aCheckoutCommand;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * ARCHITECTURE.md, "Notifications: authenticity", done over real HTTP and PostgreSQL: the provider
 * sandbox posts its webhook to the notification URL Cobro signed, a host's webhook endpoint on
 * loopback passes the URL it was called on, the body and the headers to Cobro and answers 200,
 * and forgeries of every kind the issue lists are stored UNVERIFIED or MISMATCHED and move nothing.
 * <p>
 * Two hosts share one database and one sandbox merchant: {@code /secret} runs Cobro with 88Pay's
 * webhook secret (layers 1 and 2), {@code /signed} without it (layer 1 only).
 */
class NotificationAuthenticityIT {

    private static final String OTHER_SECRET = "whsec_forger_0123456789abcdefghi";

    static ControllableClock clock;
    static CapturedLogs logs;
    static ProviderSandbox sandbox;
    static TestDatabase.Handle db;
    static Cobro withSecret;
    static Cobro signedOnly;
    static HttpServer host;
    static final ConcurrentLinkedQueue<Throwable> hostFailures = new ConcurrentLinkedQueue<>();
    static final Map<String, PaymentNotification> lastOutcomeByPath = new HashMap<>();
    /** Every text the flows produced that a host might log: it must not name a session. */
    static final StringBuilder texts = new StringBuilder();
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        logs = CapturedLogs.attachToRoot();
        clock = new ControllableClock(Instant.parse("2026-03-02T12:00:00Z"));
        sandbox = ProviderSandbox.builder().port(0).clock(clock).start();
        db = TestDatabase.freshDatabase();
        EightyEightPaySettings settings = EightyEightPaySettings.defaults(sandbox.eightyEightPayBaseUrl(),
                ProviderSandbox.DEFAULT_88PAY_API_KEY, ProviderSandbox.DEFAULT_88PAY_MERCHANT_ID);
        withSecret = Cobro.builder().dataSource(db.dataSource()).clock(clock)
                .eightyEightPay(settings.withWebhookSecret(ProviderSandbox.DEFAULT_88PAY_WEBHOOK_SECRET)).build();
        signedOnly = Cobro.builder().dataSource(db.dataSource()).clock(clock).eightyEightPay(settings).build();
        host = HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 16);
        host.createContext("/secret", exchange -> webhookEndpoint(exchange, withSecret));
        host.createContext("/signed", exchange -> webhookEndpoint(exchange, signedOnly));
        host.start();
    }

    /** The few lines a host writes (README): the URL it was called on, the body, the headers; then 200. */
    private static void webhookEndpoint(HttpExchange exchange, Cobro cobro) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
            String calledUrl = hostUrl() + exchange.getRequestURI();
            try {
                PaymentNotification notification = cobro.notifications().record(new RecordPaymentNotificationCommand(
                        ProviderId.EIGHTY_EIGHT_PAY, calledUrl, body, headers));
                synchronized (lastOutcomeByPath) {
                    lastOutcomeByPath.put(exchange.getRequestURI().getPath(), notification);
                }
            } catch (RuntimeException e) {
                hostFailures.add(e);
            }
            // 88Pay redelivers unless it gets a 200, whatever Cobro made of the notification.
            exchange.sendResponseHeaders(200, -1);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (host != null) {
                host.stop(0);
            }
            assertThat(hostFailures).as("the webhook endpoint never got an exception").isEmpty();
            noSessionIdInAnyLogLineOrText();
        } finally {
            logs.detach();
            if (withSecret != null) {
                withSecret.close();
            }
            if (signedOnly != null) {
                signedOnly.close();
            }
            if (sandbox != null) {
                sandbox.close();
            }
        }
    }

    /** A session id names every payment of a token's window: stored only in its column, shown nowhere. */
    private static void noSessionIdInAnyLogLineOrText() throws Exception {
        List<String> sessions = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select distinct provider_session_id from cobro.checkout_payment"
                     + " where provider_session_id is not null")) {
            while (rs.next()) {
                sessions.add(rs.getString(1));
            }
        }
        assertThat(sessions).isNotEmpty().allSatisfy(s -> assertThat(s).startsWith("sess_"));
        List<String> lines = logs.lines();
        assertThat(lines).isNotEmpty();
        for (String session : sessions) {
            assertThat(lines).as("log lines").noneMatch(line -> line.contains(session));
            assertThat(texts.toString()).as("toString()s of the flows").doesNotContain(session);
        }
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select body from cobro.payment_notification")) {
            while (rs.next()) {
                String body = rs.getString(1);
                sessions.forEach(session -> assertThat(body).as("a stored notification body").doesNotContain(session));
            }
        }
    }

    // --- genuine -------------------------------------------------------------------------------

    @Test
    void theSandboxWebhookOnTheSignedUrlWithItsBearerSettlesThePaymentAndARepeatIsADuplicate() {
        PaymentView payment = checkout(withSecret, "/secret", "100.00");

        assertThat(sandbox.notifyPayment(payment.checkoutUrl(), "COMPLETED")).isEqualTo(200);
        PaymentNotification first = lastOutcome("/secret");
        assertThat(sandbox.notifyPayment(payment.checkoutUrl(), "COMPLETED")).isEqualTo(200);
        PaymentNotification repeat = lastOutcome("/secret");

        assertThat(first.outcome()).isEqualTo(NotificationOutcome.APPLIED);
        assertThat(first.paymentId()).isEqualTo(payment.id());
        assertThat(repeat.outcome()).isEqualTo(NotificationOutcome.DUPLICATE);
        assertThat(statusOf(payment)).isEqualTo(PaymentStatus.SUCCEEDED);
    }

    @Test
    void withLayerOneOnlyTheSignedWebhookSettlesThePayment() {
        PaymentView payment = checkout(signedOnly, "/signed", "100.00");

        assertThat(sandbox.notifyPayment(payment.checkoutUrl(), "COMPLETED")).isEqualTo(200);

        assertThat(lastOutcome("/signed").outcome()).isEqualTo(NotificationOutcome.APPLIED);
        assertThat(statusOf(payment)).isEqualTo(PaymentStatus.SUCCEEDED);
    }

    @Test
    void twentyCheckoutsOfOneAmountWithin50sTakeOneTokenAndEachIsSettledByItsOwnNotification() throws Exception {
        clock.advance(Duration.ofMinutes(2)); // whatever token earlier tests left is stale now
        long tokensBefore = sandbox.tokenRequests88Pay();
        List<PaymentView> payments = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            payments.add(checkout(withSecret, "/secret", "250.00"));
            clock.advance(Duration.ofSeconds(2)); // 20 checkouts in 40 s: one token's reuse window
        }

        assertThat(sandbox.tokenRequests88Pay() - tokensBefore).isEqualTo(1);
        assertThat(payments).extracting(PaymentView::status).containsOnly(PaymentStatus.AWAITING_CUSTOMER);
        assertThat(sessionsOf(payments)).isEqualTo(1);
        for (PaymentView payment : payments) {
            assertThat(sandbox.notifyPayment(payment.checkoutUrl(), "COMPLETED")).isEqualTo(200);
            PaymentNotification notification = lastOutcome("/secret");
            assertThat(notification.outcome()).isEqualTo(NotificationOutcome.APPLIED);
            assertThat(notification.paymentId()).isEqualTo(payment.id());
        }
        assertThat(payments).extracting(NotificationAuthenticityIT::statusOf).containsOnly(PaymentStatus.SUCCEEDED);
    }

    // --- forged, with 88Pay's webhook secret configured ----------------------------------------

    @Test
    void withoutCobrosSignatureEvenTheGenuineBodyAndBearerMoveNothing() throws Exception {
        PaymentView payment = checkout(withSecret, "/secret", "100.00");
        SandboxNotification genuine = sandbox.notification(payment.checkoutUrl(), "COMPLETED");

        assertForged(payment, "/secret", post(withoutQuery(genuine.url()), genuine.body(), genuine.headers()),
                NotificationOutcome.UNVERIFIED);
    }

    @Test
    void anotherPaymentsSignatureMovesNothing() throws Exception {
        PaymentView victim = checkout(withSecret, "/secret", "900.00");
        PaymentView own = checkout(withSecret, "/secret", "1.00");
        SandboxNotification ownWebhook = sandbox.notification(own.checkoutUrl(), "COMPLETED");
        String victimBody = sandbox.notification(victim.checkoutUrl(), "COMPLETED").body();

        String forgedUrl = ownWebhook.url().replace(own.id().toString(), victim.id().toString());
        assertForged(victim, "/secret", post(forgedUrl, victimBody, bearerFor(victim, "900", Instant.now(clock),
                ProviderSandbox.DEFAULT_88PAY_WEBHOOK_SECRET)), NotificationOutcome.UNVERIFIED);
    }

    @Test
    void aBearerWhoseIssueTimeIsOutOfRangeIsStoredUnverifiedNotAnError() throws Exception {
        PaymentView payment = checkout(withSecret, "/secret", "100.00");
        SandboxNotification genuine = sandbox.notification(payment.checkoutUrl(), "COMPLETED");
        JWEObject jwe = new JWEObject(new JWEHeader(JWEAlgorithm.A256KW, EncryptionMethod.A256GCM), new Payload(
                "{\"transaction_id\":\"" + sessionOf(payment) + "\",\"transaction_amount\":\"100\",\"iat\":"
                        + Long.MAX_VALUE + "}"));
        jwe.encrypt(new AESEncrypter(new SecretKeySpec(ProviderSandbox.DEFAULT_88PAY_WEBHOOK_SECRET
                .getBytes(StandardCharsets.UTF_8), "AES")));

        assertForged(payment, "/secret", post(genuine.url(), genuine.body(), Map.of("Authorization", "Bearer "
                + jwe.serialize(), "Content-Type", "application/json")), NotificationOutcome.UNVERIFIED);
    }

    @Test
    void aGoodSignatureWithAnotherAmountMovesNothing() throws Exception {
        PaymentView payment = checkout(withSecret, "/secret", "100.00");
        // Even with a bearer that matches the forged body, the signed payment's amount is 100.00.
        SandboxNotification forged = sandbox.notification(payment.checkoutUrl(), "COMPLETED", new BigDecimal("1.00"));

        assertForged(payment, "/secret", post(forged.url(), forged.body(), forged.headers()),
                NotificationOutcome.MISMATCHED);
    }

    @Test
    void aBodyWithNoAmountMovesNothing() throws Exception {
        PaymentView payment = checkout(withSecret, "/secret", "100.00");
        SandboxNotification genuine = sandbox.notification(payment.checkoutUrl(), "COMPLETED");

        assertForged(payment, "/secret", post(genuine.url(), withoutAmount(genuine.body()), genuine.headers()),
                NotificationOutcome.UNVERIFIED);
    }

    @Test
    void aBearerAboutAnotherTransactionMovesNothing() throws Exception {
        PaymentView payment = checkout(withSecret, "/secret", "100.00");
        SandboxNotification genuine = sandbox.notification(payment.checkoutUrl(), "COMPLETED");

        assertForged(payment, "/secret", post(genuine.url(), genuine.body(), bearer("sess_someone-else", "100",
                Instant.now(clock), ProviderSandbox.DEFAULT_88PAY_WEBHOOK_SECRET)), NotificationOutcome.UNVERIFIED);
    }

    @Test
    void aBearerWithAnotherAmountMovesNothing() throws Exception {
        PaymentView payment = checkout(withSecret, "/secret", "100.00");
        SandboxNotification genuine = sandbox.notification(payment.checkoutUrl(), "COMPLETED");

        assertForged(payment, "/secret", post(genuine.url(), genuine.body(), bearerFor(payment, "1",
                Instant.now(clock), ProviderSandbox.DEFAULT_88PAY_WEBHOOK_SECRET)), NotificationOutcome.UNVERIFIED);
    }

    @Test
    void aBearerOlderThanFiveMinutesMovesNothing() throws Exception {
        PaymentView payment = checkout(withSecret, "/secret", "100.00");
        SandboxNotification captured = sandbox.notification(payment.checkoutUrl(), "COMPLETED");
        clock.advance(Duration.ofMinutes(5).plusSeconds(1)); // replayed later

        assertForged(payment, "/secret", post(captured.url(), captured.body(), captured.headers()),
                NotificationOutcome.UNVERIFIED);
    }

    @Test
    void aBearerMadeWithAnotherSecretMovesNothing() throws Exception {
        PaymentView payment = checkout(withSecret, "/secret", "100.00");
        SandboxNotification genuine = sandbox.notification(payment.checkoutUrl(), "COMPLETED");

        assertForged(payment, "/secret", post(genuine.url(), genuine.body(), bearerFor(payment, "100",
                Instant.now(clock), OTHER_SECRET)), NotificationOutcome.UNVERIFIED);
    }

    @Test
    void aSignedUrlWithoutTheBearerMovesNothing() throws Exception {
        PaymentView payment = checkout(withSecret, "/secret", "100.00");
        SandboxNotification genuine = sandbox.notification(payment.checkoutUrl(), "COMPLETED");

        assertForged(payment, "/secret", post(genuine.url(), genuine.body(), Map.of()), NotificationOutcome.UNVERIFIED);
    }

    @Test
    void aForgedCancellationCannotBlockTheGenuineCompletion() throws Exception {
        PaymentView payment = checkout(withSecret, "/secret", "100.00");
        SandboxNotification canceled = sandbox.notification(payment.checkoutUrl(), "canceled");

        assertForged(payment, "/secret", post(withoutQuery(canceled.url()), canceled.body(), Map.of()),
                NotificationOutcome.UNVERIFIED);
        assertThat(sandbox.notifyPayment(payment.checkoutUrl(), "COMPLETED")).isEqualTo(200);

        assertThat(lastOutcome("/secret").outcome()).isEqualTo(NotificationOutcome.APPLIED);
        assertThat(statusOf(payment)).isEqualTo(PaymentStatus.SUCCEEDED);
    }

    @Test
    void aVerifiedCompletionAfterACancellationSucceedsFlaggedLate() throws Exception {
        PaymentView payment = checkout(withSecret, "/secret", "100.00");

        assertThat(sandbox.notifyPayment(payment.checkoutUrl(), "canceled")).isEqualTo(200);
        assertThat(statusOf(payment)).isEqualTo(PaymentStatus.CANCELLED);
        assertThat(sandbox.notifyPayment(payment.checkoutUrl(), "COMPLETED")).isEqualTo(200);

        assertThat(lastOutcome("/secret").outcome()).isEqualTo(NotificationOutcome.APPLIED);
        assertThat(statusOf(payment)).isEqualTo(PaymentStatus.SUCCEEDED);
        boolean late = NotificationAuthenticityIT.<Boolean>single("select late_notification from cobro.checkout_payment"
                + " where id = '" + payment.id() + "'", rs -> rs.getBoolean(1));
        assertThat(late).as(PaymentFlag.LATE_NOTIFICATION.name()).isTrue();
    }

    // --- forged, with Cobro's signature only ---------------------------------------------------

    @Test
    void theIssuesForgeryWithNoUrlNoAmountAndNoBearerMovesNothing() throws Exception {
        PaymentView payment = checkout(signedOnly, "/signed", "100.00");
        SandboxNotification genuine = sandbox.notification(payment.checkoutUrl(), "COMPLETED");

        assertForged(payment, "/signed", post(withoutQuery(genuine.url()), withoutAmount(genuine.body()), Map.of()),
                NotificationOutcome.UNVERIFIED);
    }

    @Test
    void withLayerOneOnlyAGoodSignatureWithAnotherAmountOrNoneMovesNothing() throws Exception {
        PaymentView payment = checkout(signedOnly, "/signed", "100.00");
        SandboxNotification other = sandbox.notification(payment.checkoutUrl(), "COMPLETED", new BigDecimal("1.00"));
        SandboxNotification genuine = sandbox.notification(payment.checkoutUrl(), "COMPLETED");

        assertForged(payment, "/signed", post(other.url(), other.body(), Map.of()), NotificationOutcome.MISMATCHED);
        assertForged(payment, "/signed", post(genuine.url(), withoutAmount(genuine.body()), Map.of()),
                NotificationOutcome.MISMATCHED);
    }

    // --- start-up ------------------------------------------------------------------------------

    @Test
    void acceptingUnverifiedNotificationsIsExplicitAndWarnedAtStartUp() {
        try (CapturedLogs startUp = CapturedLogs.attach("dev.cobro");
             Cobro accepting = Cobro.builder().dataSource(db.dataSource()).clock(clock).runMigrations(false)
                     .eightyEightPay(EightyEightPaySettings.defaults(sandbox.eightyEightPayBaseUrl(),
                             ProviderSandbox.DEFAULT_88PAY_API_KEY, ProviderSandbox.DEFAULT_88PAY_MERCHANT_ID))
                     .acceptUnverifiedNotifications().build()) {
            assertThat(accepting.checkoutProviderIds()).contains(ProviderId.EIGHTY_EIGHT_PAY);
            assertThat(startUp.lines()).anyMatch(line -> line.contains("acceptUnverifiedNotifications()"));
        }
        try (CapturedLogs startUp = CapturedLogs.attach("dev.cobro");
             Cobro layerOne = Cobro.builder().dataSource(db.dataSource()).clock(clock).runMigrations(false)
                     .eightyEightPay(EightyEightPaySettings.defaults(sandbox.eightyEightPayBaseUrl(),
                             ProviderSandbox.DEFAULT_88PAY_API_KEY, ProviderSandbox.DEFAULT_88PAY_MERCHANT_ID))
                     .build()) {
            assertThat(layerOne.checkoutProviderIds()).contains(ProviderId.EIGHTY_EIGHT_PAY);
            assertThat(startUp.lines()).anyMatch(line -> line.contains("webhook secret"))
                    .noneMatch(line -> line.contains("acceptUnverifiedNotifications()"));
        }
    }

    // --- helpers -------------------------------------------------------------------------------

    private static String hostUrl() {
        return "http://127.0.0.1:" + host.getAddress().getPort();
    }

    private static PaymentView checkout(Cobro cobro, String path, String amount) {
        CheckoutPaymentResult result = cobro.checkoutPayments().start(aCheckoutCommand()
                .withMerchantReference("auth-" + UUID.randomUUID()).withAmount(amount)
                .withNotificationUrl(hostUrl() + path).build());
        texts.append(result).append('\n').append(result.payment()).append('\n');
        assertThat(result.payment().status()).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
        return result.payment();
    }

    private static PaymentNotification lastOutcome(String path) {
        synchronized (lastOutcomeByPath) {
            PaymentNotification notification = lastOutcomeByPath.remove(path);
            assertThat(notification).as("a notification reached " + path).isNotNull();
            texts.append(notification).append('\n');
            return notification;
        }
    }

    private void assertForged(PaymentView payment, String path, int httpStatus, NotificationOutcome expected) {
        assertThat(httpStatus).as("the host answers 200 whatever the outcome").isEqualTo(200);
        PaymentNotification stored = lastOutcome(path);
        assertThat(stored.outcome()).as(stored.detail()).isEqualTo(expected);
        assertThat(statusOf(payment)).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
    }

    private int post(String url, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static Map<String, String> bearerFor(PaymentView payment, String amount, Instant issued, String secret)
            throws Exception {
        return bearer(sessionOf(payment), amount, issued, secret);
    }

    /** A forger's JWE, made as 88Pay's would be (A256KW, A256GCM) but with claims or a secret of the forger's choice. */
    private static Map<String, String> bearer(String transactionId, String amount, Instant issued, String secret)
            throws Exception {
        JWEObject jwe = new JWEObject(new JWEHeader(JWEAlgorithm.A256KW, EncryptionMethod.A256GCM), new Payload(
                "{\"transaction_id\":\"" + transactionId + "\",\"transaction_amount\":\"" + amount + "\",\"iat\":"
                        + issued.getEpochSecond() + "}"));
        jwe.encrypt(new AESEncrypter(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "AES")));
        return Map.of("Authorization", "Bearer " + jwe.serialize(), "Content-Type", "application/json");
    }

    /** The session a payment went out under, as a forger reading the database (or 88Pay's page) might know it. */
    private static String sessionOf(PaymentView payment) throws Exception {
        return single("select provider_session_id from cobro.checkout_payment where id = '" + payment.id() + "'",
                rs -> rs.getString(1));
    }

    private static long sessionsOf(List<PaymentView> payments) throws Exception {
        StringBuilder ids = new StringBuilder();
        for (PaymentView payment : payments) {
            ids.append(ids.length() == 0 ? "" : ",").append('\'').append(payment.id()).append('\'');
        }
        return single("select count(distinct provider_session_id) from cobro.checkout_payment where id in (" + ids
                + ")", rs -> rs.getLong(1));
    }

    private interface Column<T> {
        T read(ResultSet rs) throws java.sql.SQLException;
    }

    private static <T> T single(String sql, Column<T> column) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return column.read(rs);
        }
    }

    private static PaymentStatus statusOf(PaymentView payment) {
        return PaymentStatus.valueOf(withSecret.history().findById(payment.id().value()).orElseThrow().status().name());
    }

    private static String withoutQuery(String url) {
        return url.substring(0, url.indexOf('?'));
    }

    private static String withoutAmount(String body) {
        return body.replaceAll(",?\"transaction_amount\":\"[^\"]*\"", "");
    }
}
