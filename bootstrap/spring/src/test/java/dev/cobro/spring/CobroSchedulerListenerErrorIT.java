package dev.cobro.spring;

import dev.cobro.application.port.in.CheckoutPaymentResult;
import dev.cobro.application.port.in.ListOutcomeEventsCommand;
import dev.cobro.application.port.in.StartCheckoutPaymentCommand;
import dev.cobro.application.port.out.OutcomeEvent;
import dev.cobro.application.service.OutboxSettings;
import dev.cobro.bootstrap.Cobro;
import dev.cobro.db.testing.TestDatabase;
import dev.cobro.testkit.ProviderSandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Spring scheduler's delivery of outcome events survives a listener that throws an
 * {@link AssertionError}: the event comes again and the schedule goes on. The listener is set on the
 * builder directly (a Spring event listener's Error reaches Cobro wrapped in a RuntimeException).
 */
@SpringBootTest(classes = CobroSchedulerListenerErrorIT.Host.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE)
class CobroSchedulerListenerErrorIT {

    static final ProviderSandbox SANDBOX = ProviderSandbox.builder().port(0).start();
    static final TestDatabase.Handle DATABASE = TestDatabase.freshDatabase();

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Host {

        @Bean
        FailsOnce failsOnce() {
            return new FailsOnce();
        }

        @Bean
        CobroBuilderCustomizer listenerThatFailsOnce(FailsOnce listener) {
            return builder -> builder.onOutcome(listener::onOutcome)
                    .outboxSettings(new OutboxSettings(100, Duration.ofMillis(20), Duration.ofMillis(200)));
        }
    }

    /** Its first call throws an AssertionError; later ones record the event. */
    static class FailsOnce {
        final AtomicInteger calls = new AtomicInteger();
        final List<OutcomeEvent> events = new CopyOnWriteArrayList<>();

        void onOutcome(OutcomeEvent event) {
            if (calls.incrementAndGet() == 1) {
                throw new AssertionError("a listener's failed assertion");
            }
            events.add(event);
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
        registry.add("cobro.scheduling.events-interval", () -> "50ms");
    }

    @AfterAll
    static void stopSandbox() {
        SANDBOX.close();
    }

    @Autowired
    Cobro cobro;

    @Autowired
    FailsOnce listener;

    @Test
    void aListenerThatThrowsAnAssertionErrorOnceGetsTheEventAgainAndDeliveryGoesOn() {
        CheckoutPaymentResult started = cobro.checkoutPayments().start(StartCheckoutPaymentCommand.builder()
                .provider("88pay")
                .merchantReference("order-error-1")
                .customerId("cust-1")
                .amount(new BigDecimal("150.00"))
                .currency("MXN")
                .country("MEX")
                .method("CARDS", "CARD")
                .description("Order 1")
                .notificationUrl("https://shop.example/payments/88pay")
                .returnUrl("https://shop.example/thanks")
                .build());

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(listener.events)
                .filteredOn(e -> e.subjectId().equals(started.payment().id().value()))
                .extracting(OutcomeEvent::to).containsExactly("REQUESTED", "AWAITING_CUSTOMER"));
        assertThat(listener.calls.get()).as("the event that failed was offered again").isGreaterThanOrEqualTo(3);
        assertThat(cobro.events().list(new ListOutcomeEventsCommand(true, 0, 10))).isEmpty();
    }
}
