package dev.cobro.spring;

import dev.cobro.application.port.in.CheckoutPaymentResult;
import dev.cobro.application.port.in.StartCheckoutPaymentCommand;
import dev.cobro.bootstrap.Cobro;
import dev.cobro.db.testing.TestDatabase;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.testkit.ProviderSandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import dev.cobro.application.port.out.OutcomeEvent;
import dev.cobro.application.port.out.TransactionStatus;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.HealthContributorRegistry;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Spring Boot application that has nothing of Cobro's but properties: it takes a checkout through the
 * injected {@link Cobro}, and the sandbox's notification reaches the auto-configured endpoint.
 */
@SpringBootTest(classes = CobroSpringBootIT.ShopApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CobroSpringBootIT {

    static final ProviderSandbox SANDBOX = ProviderSandbox.builder().port(0).start();
    static final TestDatabase.Handle DATABASE = TestDatabase.freshDatabase();

    @SpringBootApplication
    static class ShopApplication {

        /** What a shop writes to learn outcomes: a plain Spring event listener. */
        @Bean
        OutcomesSeen outcomesSeen() {
            return new OutcomesSeen();
        }

        @Bean
        FailsOnce failsOnce() {
            return new FailsOnce();
        }
    }

    /**
     * A listener whose first call throws an AssertionError: the event is delivered again and the
     * scheduled dispatcher goes on (an Error escaping a run would cancel it for good, silently).
     */
    static class FailsOnce {
        final AtomicInteger calls = new AtomicInteger();

        @EventListener
        void on(CobroOutcomeEvent event) {
            if (calls.incrementAndGet() == 1) {
                throw new AssertionError("a listener's failed assertion");
            }
        }
    }

    static class OutcomesSeen {
        final List<OutcomeEvent> events = new CopyOnWriteArrayList<>();

        @EventListener
        void on(CobroOutcomeEvent event) {
            events.add(event.outcome());
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", DATABASE::jdbcUrl);
        registry.add("spring.datasource.username", DATABASE::user);
        registry.add("spring.datasource.password", DATABASE::password);
        registry.add("cobro.eighty-eight-pay.base-url", SANDBOX::eightyEightPayBaseUrl);
        registry.add("cobro.eighty-eight-pay.api-key", () -> ProviderSandbox.DEFAULT_88PAY_API_KEY);
        registry.add("cobro.eighty-eight-pay.merchant-id", () -> ProviderSandbox.DEFAULT_88PAY_MERCHANT_ID);
        registry.add("cobro.eighty-eight-pay.webhook-secret", () -> ProviderSandbox.DEFAULT_88PAY_WEBHOOK_SECRET);
        registry.add("cobro.webhooks.88pay.path", () -> "/shop/payments/88pay");
        registry.add("cobro.mercado-pago.base-url", SANDBOX::mercadoPagoBaseUrl);
        registry.add("cobro.mercado-pago.access-token", () -> ProviderSandbox.DEFAULT_MERCADOPAGO_ACCESS_TOKEN);
        registry.add("cobro.mercado-pago.webhook-secret", () -> ProviderSandbox.DEFAULT_MERCADOPAGO_WEBHOOK_SECRET);
        registry.add("cobro.webhooks.mercadopago.path", () -> "/shop/payments/mercadopago");
        registry.add("cobro.scheduling.events-interval", () -> "200ms");
        registry.add("management.endpoint.health.show-components", () -> "always");
    }

    @AfterAll
    static void stopSandbox() {
        SANDBOX.close();
    }

    @Autowired
    Cobro cobro;

    @Autowired
    OutcomesSeen seen;

    @Autowired
    FailsOnce failsOnce;

    @Autowired
    MeterRegistry meters;

    @Autowired
    HealthContributorRegistry health;

    @LocalServerPort
    int port;

    /** A checkout of 150.00 MXN through {@code provider}, notified at this application's endpoint for it. */
    private CheckoutPaymentResult checkout(String provider, String reference, String description) {
        return cobro.checkoutPayments().start(StartCheckoutPaymentCommand.builder()
                .provider(provider)
                .merchantReference(reference)
                .customerId("cust-1")
                .amount(new BigDecimal("150.00"))
                .currency("MXN")
                .country("MEX")
                .method("CARDS", "CARD")
                .description(description)
                .notificationUrl("http://127.0.0.1:" + port + "/shop/payments/" + provider)
                .returnUrl("https://shop.example/thanks")
                .build());
    }

    @Test
    void aCheckoutIsSettledByTheNotificationAtTheAutoConfiguredEndpoint() {
        CheckoutPaymentResult started = checkout("88pay", "order-spring-1", "Order 1");
        assertThat(started.payment().status()).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);

        // The sandbox posts to the signed notification URL with a bearer token made with the webhook secret.
        int webhookAnswer = SANDBOX.notifyPayment(started.payment().checkoutUrl(), "COMPLETED");

        assertThat(webhookAnswer).isEqualTo(200);
        assertThat(cobro.history().findById(started.payment().id().value()).orElseThrow().status())
                .isEqualTo(TransactionStatus.SUCCEEDED);

        // The scheduled dispatcher publishes the payment's outcome events as Spring events, in order.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(seen.events)
                .filteredOn(e -> e.subjectId().equals(started.payment().id().value()))
                .extracting(OutcomeEvent::to).containsExactly("REQUESTED", "AWAITING_CUSTOMER", "SUCCEEDED"));
        assertThat(failsOnce.calls.get()).as("the listener that threw was called again").isGreaterThan(1);
        // Cobro's meters are in the application's registry, its health in Actuator's.
        assertThat(meters.find("cobro.provider.calls").tag("provider", "88pay").tag("operation", "charge").timer())
                .isNotNull().satisfies(t -> assertThat(t.count()).isPositive());
        assertThat(meters.find("cobro.notifications").tag("outcome", "applied").counter()).isNotNull();
        assertThat(meters.find("cobro.transitions").counters()).isNotEmpty();
        HealthIndicator cobroHealth = (HealthIndicator) health.getContributor("cobro");
        assertThat(cobroHealth.health().getStatus()).isEqualTo(Status.UP);
        assertThat(cobroHealth.health().getDetails()).containsEntry("migrated", true);
    }

    @Test
    void aMercadoPagoCheckoutIsSettledByItsWebhookAtTheAutoConfiguredEndpoint() {
        CheckoutPaymentResult started = checkout("mercadopago", "order-spring-mp-1", "Order MP 1");
        assertThat(started.payment().status()).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
        var mercadoPago = SANDBOX.mercadoPago();

        // A signed webhook (x-signature, x-request-id, data.id in the query) to Cobro's signed URL.
        long paymentId = mercadoPago.approve(started.payment().providerReference());

        var delivery = mercadoPago.deliveries().stream().filter(d -> d.paymentId() == paymentId).findFirst().orElseThrow();
        assertThat(delivery.notification().url()).contains("/shop/payments/mercadopago?").contains("data.id=" + paymentId);
        assertThat(delivery.notification().headers()).containsKeys("x-signature", "x-request-id");
        assertThat(delivery.receiverStatus()).isEqualTo(200);
        assertThat(cobro.history().findById(started.payment().id().value()).orElseThrow().status())
                .isEqualTo(TransactionStatus.SUCCEEDED);
        assertThat(meters.find("cobro.notifications").tag("provider", "mercadopago").tag("outcome", "applied")
                .counter()).isNotNull().satisfies(c -> assertThat(c.count()).isEqualTo(1.0));
    }

    @Test
    void aForgedNotificationAtTheEndpointIsAnswered200AndMovesNothing() throws Exception {
        CheckoutPaymentResult started = cobro.checkoutPayments().start(StartCheckoutPaymentCommand.builder()
                .provider("88pay")
                .merchantReference("order-spring-2")
                .customerId("cust-2")
                .amount(new BigDecimal("150.00"))
                .currency("MXN")
                .country("MEX")
                .method("CARDS", "CARD")
                .description("Order 2")
                .notificationUrl("http://127.0.0.1:" + port + "/shop/payments/88pay")
                .returnUrl("https://shop.example/thanks")
                .build());
        var genuine = SANDBOX.notification(started.payment().checkoutUrl(), "COMPLETED");

        // The genuine body, posted without Cobro's signature and without 88Pay's bearer token.
        HttpResponse<Void> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/shop/payments/88pay"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(genuine.body())).build(), HttpResponse.BodyHandlers.discarding());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(cobro.history().findById(started.payment().id().value()).orElseThrow().status())
                .isEqualTo(TransactionStatus.AWAITING_CUSTOMER);
    }

    @Test
    void aBodyOverTheLimitIsAnswered413WhetherItsLengthIsDeclaredOrItIsChunked() throws Exception {
        byte[] large = ("{\"padding\":\"" + "x".repeat(100_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI endpoint = URI.create("http://127.0.0.1:" + port + "/shop/payments/88pay");

        HttpResponse<Void> declared = http.send(HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(large)).build(), HttpResponse.BodyHandlers.discarding());
        // No Content-Length: the body comes chunked, and is refused once past the limit.
        HttpResponse<Void> chunked = http.send(HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(large))).build(),
                HttpResponse.BodyHandlers.discarding());

        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(cobro.maxNotificationBodyBytes()).isEqualTo(64 * 1024);
    }

    @Test
    void anAmountPostgresqlCannotHoldIsAStoredRejectionAnswered200NotAnOutage() throws Exception {
        CheckoutPaymentResult started = cobro.checkoutPayments().start(StartCheckoutPaymentCommand.builder()
                .provider("88pay")
                .merchantReference("order-spring-3")
                .customerId("cust-3")
                .amount(new BigDecimal("150.00"))
                .currency("MXN")
                .country("MEX")
                .method("CARDS", "CARD")
                .description("Order 3")
                .notificationUrl("http://127.0.0.1:" + port + "/shop/payments/88pay")
                .returnUrl("https://shop.example/thanks")
                .build());
        var genuine = SANDBOX.notification(started.payment().checkoutUrl(), "COMPLETED");
        String body = genuine.body().replaceFirst("\"transaction_amount\"\\s*:\\s*\"[^\"]*\"",
                "\"transaction_amount\":\"1e-16384\"");
        assertThat(body).isNotEqualTo(genuine.body());

        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(genuine.url()))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        genuine.headers().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("content-length") && !name.equalsIgnoreCase("host")) {
                request.header(name, value);
            }
        });
        HttpResponse<Void> answer = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request.build(), HttpResponse.BodyHandlers.discarding());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(cobro.history().findById(started.payment().id().value()).orElseThrow().status())
                .isEqualTo(TransactionStatus.AWAITING_CUSTOMER);
    }
}
