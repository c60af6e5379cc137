package dev.cobro.bootstrap.events;

import dev.cobro.application.port.in.ListOutcomeEventsCommand;
import dev.cobro.application.port.out.OutcomeEvent;
import dev.cobro.application.service.OutboxSettings;
import dev.cobro.bootstrap.Cobro;
import dev.cobro.bootstrap.faults.Await;
import dev.cobro.db.testing.TestDatabase;
import dev.cobro.testkit.ProviderSandbox;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.cobro.application.fakes.CardAuthorizationBuilder.aCardAuthorization;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A listener that throws an {@link Error} (an {@link AssertionError}, as a host's test double or a
 * failed {@code assert} does) is a failed delivery like any other: retried, and the scheduled dispatcher
 * keeps its schedule. A scheduled executor cancels a task that throws, silently, so nothing may escape
 * a round.
 */
class ListenerErrorIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    void aListenerThatThrowsAnAssertionErrorOnceGetsTheEventAgainAndDeliveryGoesOn() {
        TestDatabase.Handle db = TestDatabase.freshDatabase();
        AtomicInteger calls = new AtomicInteger();
        List<OutcomeEvent> received = Collections.synchronizedList(new ArrayList<>());
        try (ProviderSandbox sandbox = ProviderSandbox.builder().port(0).start();
             Cobro cobro = EventFlows.cobroOn(sandbox).dataSource(db.dataSource())
                     .outboxSettings(new OutboxSettings(100, Duration.ofMillis(20), Duration.ofMillis(200)))
                     .onOutcome(event -> {
                         if (calls.incrementAndGet() == 1) {
                             throw new AssertionError("the host's listener failed an assertion");
                         }
                         received.add(event);
                     })
                     .deliverEventsEvery(Duration.ofMillis(20))
                     .build()) {
            cobro.cardAuthorizations().authorize(aCardAuthorization()
                    .withCard(ProviderSandbox.CARD_APPROVED_VISA, "1230", "123").build());

            Await.until("both events are delivered after the listener's AssertionError", PATIENCE,
                    () -> EventFlows.copy(received).size() >= 2);

            assertThat(calls.get()).as("the failed event was offered again").isGreaterThanOrEqualTo(3);
            assertThat(EventFlows.copy(received)).extracting(OutcomeEvent::to)
                    .containsExactly("REQUESTED", "AUTHORIZED");
            assertThat(cobro.events().list(new ListOutcomeEventsCommand(true, 0, 10))).isEmpty();
        }
    }
}
