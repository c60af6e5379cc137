package dev.cobro.spring;

import dev.cobro.application.port.in.CheckoutPaymentResult;
import dev.cobro.application.port.in.StartCheckoutPaymentCommand;
import dev.cobro.bootstrap.Cobro;
import dev.cobro.db.testing.TestDatabase;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.testkit.ProviderSandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

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
    }

    @AfterAll
    static void stopSandbox() {
        SANDBOX.close();
    }

    @Autowired
    Cobro cobro;

    @LocalServerPort
    int port;

    @Test
    void aCheckoutIsSettledByTheNotificationAtTheAutoConfiguredEndpoint() {
        CheckoutPaymentResult started = cobro.checkoutPayments().start(StartCheckoutPaymentCommand.of(
                "88pay", "order-spring-1", "cust-1", new BigDecimal("150.00"), "MXN", "MEX", "CARDS", "CARD",
                "Order 1", "http://127.0.0.1:" + port + "/shop/payments/88pay", "https://shop.example/thanks"));
        assertThat(started.payment().status()).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);

        // The sandbox posts to the signed notification URL with a bearer token made with the webhook secret.
        int webhookAnswer = SANDBOX.notifyPayment(started.payment().checkoutUrl(), "COMPLETED");

        assertThat(webhookAnswer).isEqualTo(200);
        assertThat(cobro.history().findById(started.payment().id().value()).orElseThrow().status())
                .isEqualTo("SUCCEEDED");
    }

    @Test
    void aForgedNotificationAtTheEndpointIsAnswered200AndMovesNothing() throws Exception {
        CheckoutPaymentResult started = cobro.checkoutPayments().start(StartCheckoutPaymentCommand.of(
                "88pay", "order-spring-2", "cust-2", new BigDecimal("150.00"), "MXN", "MEX", "CARDS", "CARD",
                "Order 2", "http://127.0.0.1:" + port + "/shop/payments/88pay", "https://shop.example/thanks"));
        var genuine = SANDBOX.notification(started.payment().checkoutUrl(), "COMPLETED");

        // The genuine body, posted without Cobro's signature and without 88Pay's bearer token.
        HttpResponse<Void> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/shop/payments/88pay"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(genuine.body())).build(), HttpResponse.BodyHandlers.discarding());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(cobro.history().findById(started.payment().id().value()).orElseThrow().status())
                .isEqualTo("AWAITING_CUSTOMER");
    }
}
