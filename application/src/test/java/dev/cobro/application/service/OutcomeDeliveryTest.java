package dev.cobro.application.service;

import dev.cobro.application.port.in.DeliveryReport;
import dev.cobro.application.port.out.OutcomeEvent;
import dev.cobro.application.port.out.OutcomeOutboxPort;
import dev.cobro.application.port.out.OutcomeOutboxPort.Delivery;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.TransactionKind;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** What the dispatcher makes of a listener's answer, and the delays it waits after failures. */
class OutcomeDeliveryTest {

    private static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");

    @Test
    void theRetryDelayDoublesFromTheFirstUpToTheMax() {
        OutboxSettings settings = new OutboxSettings(10, Duration.ofSeconds(1), Duration.ofSeconds(10));

        assertThat(List.of(1, 2, 3, 4, 5, 40).stream().map(settings::retryDelay).toList()).containsExactly(
                Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8),
                Duration.ofSeconds(10), Duration.ofSeconds(10));
    }

    @Test
    void aListenerThatThrowsIsAFailureRetriedAfterTheDelayOfItsTriesAndOnlyItsClassIsKept() {
        List<Delivery> answers = new ArrayList<>();
        OutcomeOutboxPort outbox = new OneClaimOutbox(List.of(event(1, 0), event(2, 2)), answers, new ArrayList<>(),
                false);
        DeliverOutcomeEventsService service = new DeliverOutcomeEventsService(outbox, event -> {
            if (event.id() == 2) {
                throw new IllegalStateException("secret detail of the host");
            }
        }, new OutboxSettings(10, Duration.ofSeconds(1), Duration.ofMinutes(1)), Clock.fixed(NOW, ZoneOffset.UTC));

        DeliveryReport report = service.deliverPending();

        assertThat(report).isEqualTo(new DeliveryReport(1, 1));
        assertThat(answers.get(0)).isInstanceOf(Delivery.Delivered.class);
        assertThat(answers.get(1)).isEqualTo(new Delivery.Failed(IllegalStateException.class.getName(),
                NOW.plusSeconds(4)));
    }

    @Test
    void everyClaimOfARunIsBoundedByTheNewestEventStoredWhenTheRunStarts() {
        assertThat(boundsOfARunWhoseClaimSays(true))
                .as("a claim that says there may be more is followed by another").containsExactly(7L, 7L);
    }

    @Test
    void aRunEndsWithTheClaimThatSaysNothingMoreIsDue() {
        assertThat(boundsOfARunWhoseClaimSays(false)).containsExactly(7L);
    }

    /** The bound each claim of one run was given, when the run's first claim reports {@code more}. */
    private static List<Long> boundsOfARunWhoseClaimSays(boolean more) {
        List<Long> bounds = new ArrayList<>();
        OutcomeOutboxPort outbox = new OneClaimOutbox(List.of(event(3, 0), event(7, 0)), new ArrayList<>(), bounds,
                more);
        DeliverOutcomeEventsService service = new DeliverOutcomeEventsService(outbox, event -> { },
                OutboxSettings.DEFAULTS, Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(service.deliverPending()).isEqualTo(new DeliveryReport(2, 0));
        return bounds;
    }

    private static OutcomeEvent event(long id, int tries) {
        return new OutcomeEvent(id, TransactionKind.CARD_AUTHORIZATION, UUID.randomUUID(), ProviderId.PAYME, "default",
                "1", null, "REQUESTED", "requested", Set.of(), NOW, null, tries, null);
    }

    /**
     * Hands its events out in one claim (which reports {@code more}), then nothing; keeps the bound each
     * claim was given.
     */
    private record OneClaimOutbox(List<OutcomeEvent> events, List<Delivery> answers, List<Long> bounds, boolean more)
            implements OutcomeOutboxPort {

        @Override
        public Claim deliverDue(int limit, long upTo, Instant now, Function<OutcomeEvent, Delivery> delivery) {
            bounds.add(upTo);
            if (!answers.isEmpty()) {
                return new Claim(0, 0, 0, false);
            }
            events.forEach(e -> answers.add(delivery.apply(e)));
            long delivered = answers.stream().filter(a -> a instanceof Delivery.Delivered).count();
            return new Claim(events.size(), (int) delivered, events.size() - (int) delivered, more);
        }

        @Override
        public long newestEventId() {
            return events.stream().mapToLong(OutcomeEvent::id).max().orElse(0);
        }

        @Override
        public List<OutcomeEvent> list(boolean pendingOnly, long afterId, int limit) {
            return List.of();
        }

        @Override
        public long pruneDeliveredBefore(Instant before) {
            return 0;
        }

        @Override
        public Backlog backlog() {
            return new Backlog(0, Optional.empty());
        }
    }
}
