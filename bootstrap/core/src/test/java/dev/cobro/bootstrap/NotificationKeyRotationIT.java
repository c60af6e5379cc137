package dev.cobro.bootstrap;

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
import dev.cobro.domain.payment.PaymentNotification;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.testkit.ProviderSandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

import static dev.cobro.application.fakes.CheckoutCommandBuilder.aCheckoutCommand;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keys rotate while payments are open (a cash payment settles days after its checkout): a checkout
 * started under one key, a host restarted under the next one (a new Cobro on the same database), and
 * the sandbox's genuine webhook posted over HTTP to the URL the first one signed. With the old key
 * kept in the ring it settles the payment; without it, the notification changes nothing and
 * {@code health()} says how many open payments cannot be verified any more, before money is lost.
 */
class NotificationKeyRotationIT {

    static final String K1 = ProviderSandbox.DEFAULT_88PAY_API_KEY;
    static final String K2 = "sk_test_rotated_key_2";
    static final byte[] SIGNING_1 = "signing-key-one-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    static final byte[] SIGNING_2 = "signing-key-two-0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    static ControllableClock clock;
    static ProviderSandbox sandbox;
    static HttpServer host;
    /** The Cobro the host runs now: the webhook endpoint hands every notification to it. */
    static final AtomicReference<Cobro> current = new AtomicReference<>();
    static final ConcurrentLinkedQueue<Throwable> hostFailures = new ConcurrentLinkedQueue<>();
    static final ConcurrentLinkedQueue<PaymentNotification> outcomes = new ConcurrentLinkedQueue<>();

    TestDatabase.Handle db;
    final List<Cobro> started = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        clock = new ControllableClock(Instant.parse("2026-03-02T12:00:00Z"));
        sandbox = ProviderSandbox.builder().port(0).clock(clock).start();
        host = HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 16);
        host.createContext("/notify", NotificationKeyRotationIT::webhookEndpoint);
        host.start();
    }

    @AfterAll
    static void stop() {
        if (host != null) {
            host.stop(0);
        }
        if (sandbox != null) {
            sandbox.close();
        }
        assertThat(hostFailures).as("the webhook endpoint never got an exception").isEmpty();
    }

    @BeforeEach
    void freshDatabase() {
        // Each test counts the open payments of its own database.
        db = TestDatabase.freshDatabase();
        outcomes.clear();
    }

    @AfterEach
    void closeHosts() {
        started.forEach(Cobro::close);
        current.set(null);
    }

    private static void webhookEndpoint(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
            String calledUrl = hostUrl() + exchange.getRequestURI();
            try {
                outcomes.add(current.get().notifications().record(new RecordPaymentNotificationCommand(
                        ProviderId.EIGHTY_EIGHT_PAY, calledUrl, body, headers)));
            } catch (RuntimeException e) {
                hostFailures.add(e);
            }
            exchange.sendResponseHeaders(200, -1);
        }
    }

    // --- the 88Pay API key rotates -------------------------------------------------------------

    @Test
    void aCheckoutStartedUnderTheOldApiKeyIsSettledAfterARestartWithTheNewKeyAndTheOldOneAsPrevious() {
        PaymentView payment = checkout(restart(settings(K1)));

        restart(settings(K2).withPreviousApiKeys(K1));

        assertThat(sandbox.notifyPayment(payment.checkoutUrl(), "COMPLETED")).isEqualTo(200);
        PaymentNotification outcome = lastOutcome();
        assertThat(outcome.outcome()).as(outcome.detail()).isEqualTo(NotificationOutcome.APPLIED);
        assertThat(statusOf(payment)).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(current.get().health().healthy()).as(current.get().health().problems().toString()).isTrue();
    }

    @Test
    void withoutTheOldApiKeyHealthIsUnhealthyAndCountsTheOpenPaymentsAndTheirNotificationChangesNothing() {
        PaymentView first = checkout(restart(settings(K1)));
        PaymentView second = checkout(current.get());
        clock.advance(Duration.ofHours(2));
        Cobro rotated;
        try (CapturedLogs startUp = CapturedLogs.attach("dev.cobro")) {
            rotated = restart(settings(K2));
            assertThat(startUp.lines()).as("the start-up log says it too")
                    .anyMatch(line -> line.contains("2 open payment(s)") && line.contains("no longer configured"));
        }

        CobroHealth health = rotated.health();
        assertThat(health.healthy()).isFalse();
        assertThat(health.problems()).anyMatch(p -> p.contains("2 open payment(s)") && p.contains("no longer configured"));
        assertThat(health.openPaymentsWithoutKey()).isEqualTo(2);
        assertThat(health.oldestPaymentWithoutKey()).contains(Duration.ofHours(2));

        assertThat(sandbox.notifyPayment(first.checkoutUrl(), "COMPLETED")).isEqualTo(200);
        PaymentNotification outcome = lastOutcome();
        assertThat(outcome.outcome()).isEqualTo(NotificationOutcome.UNVERIFIED);
        assertThat(outcome.detail()).contains("no longer configured");
        assertThat(statusOf(first)).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
        assertThat(statusOf(second)).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);

        // The old key back as a previous one: healthy, and the repeated webhook settles the payment.
        Cobro fixed = restart(settings(K2).withPreviousApiKeys(K1));
        assertThat(fixed.health().healthy()).as(fixed.health().problems().toString()).isTrue();
        assertThat(fixed.health().openPaymentsWithoutKey()).isZero();
        assertThat(sandbox.notifyPayment(first.checkoutUrl(), "COMPLETED")).isEqualTo(200);
        assertThat(lastOutcome().outcome()).isEqualTo(NotificationOutcome.APPLIED);
    }

    // --- a configured signing key rotates ------------------------------------------------------

    @Test
    void aCheckoutSignedWithTheOldConfiguredKeyIsSettledWhenTheRingHoldsTheNewKeyFirstAndTheOldOne() {
        PaymentView payment = checkout(restart(builder(settings(K1)).notificationSigningKey(SIGNING_1)));

        restart(builder(settings(K1)).notificationSigningKeys("new:" + base64(SIGNING_2) + ",old:"
                + base64(SIGNING_1)));

        assertThat(sandbox.notifyPayment(payment.checkoutUrl(), "COMPLETED")).isEqualTo(200);
        PaymentNotification outcome = lastOutcome();
        assertThat(outcome.outcome()).as(outcome.detail()).isEqualTo(NotificationOutcome.APPLIED);
        assertThat(statusOf(payment)).isEqualTo(PaymentStatus.SUCCEEDED);
    }

    @Test
    void theNewestKeyOfTheRingSignsAndDroppingTheOldKeyLeavesItsPaymentUnverifiable() {
        PaymentView underOld = checkout(restart(builder(settings(K1)).notificationSigningKeys("old:"
                + base64(SIGNING_1))));
        PaymentView underNew = checkout(restart(builder(settings(K1)).notificationSigningKeys("new:"
                + base64(SIGNING_2) + ",old:" + base64(SIGNING_1))));
        assertThat(sandbox.notification(underOld.checkoutUrl(), "COMPLETED").url()).contains("cobro_kid=old");
        assertThat(sandbox.notification(underNew.checkoutUrl(), "COMPLETED").url()).contains("cobro_kid=new");

        Cobro onlyNew = restart(builder(settings(K1)).notificationSigningKeys("new:" + base64(SIGNING_2)));

        assertThat(onlyNew.health().openPaymentsWithoutKey()).isEqualTo(1);
        assertThat(onlyNew.health().healthy()).isFalse();
        sandbox.notifyPayment(underOld.checkoutUrl(), "COMPLETED");
        assertThat(lastOutcome().outcome()).isEqualTo(NotificationOutcome.UNVERIFIED);
        sandbox.notifyPayment(underNew.checkoutUrl(), "COMPLETED");
        assertThat(lastOutcome().outcome()).isEqualTo(NotificationOutcome.APPLIED);
        assertThat(statusOf(underOld)).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
        assertThat(statusOf(underNew)).isEqualTo(PaymentStatus.SUCCEEDED);
    }

    // --- helpers -------------------------------------------------------------------------------

    private static String hostUrl() {
        return "http://127.0.0.1:" + host.getAddress().getPort();
    }

    private static String base64(byte[] key) {
        return Base64.getEncoder().encodeToString(key);
    }

    private static EightyEightPaySettings settings(String apiKey) {
        return EightyEightPaySettings.defaults(sandbox.eightyEightPayBaseUrl(), apiKey,
                ProviderSandbox.DEFAULT_88PAY_MERCHANT_ID).withWebhookSecret(ProviderSandbox.DEFAULT_88PAY_WEBHOOK_SECRET);
    }

    private Cobro.Builder builder(EightyEightPaySettings settings) {
        return Cobro.builder().dataSource(db.dataSource()).clock(clock).eightyEightPay(settings);
    }

    private Cobro restart(EightyEightPaySettings settings) {
        return restart(builder(settings));
    }

    /** The host restarted: the Cobro it ran is closed and a new one, built on the same database, takes its place. */
    private Cobro restart(Cobro.Builder builder) {
        Cobro previous = current.get();
        if (previous != null) {
            previous.close();
            started.remove(previous);
        }
        Cobro cobro = builder.build();
        started.add(cobro);
        current.set(cobro);
        return cobro;
    }

    private static PaymentView checkout(Cobro cobro) {
        CheckoutPaymentResult result = cobro.checkoutPayments().start(aCheckoutCommand()
                .withMerchantReference("rotation-" + UUID.randomUUID()).withAmount("100.00")
                .withNotificationUrl(hostUrl() + "/notify").build());
        assertThat(result.payment().status()).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
        return result.payment();
    }

    private static PaymentNotification lastOutcome() {
        PaymentNotification notification = outcomes.poll();
        assertThat(notification).as("a notification reached the host").isNotNull();
        assertThat(outcomes).isEmpty();
        return notification;
    }

    private static PaymentStatus statusOf(PaymentView payment) {
        return PaymentStatus.valueOf(current.get().history().findById(payment.id().value()).orElseThrow().status()
                .name());
    }
}
