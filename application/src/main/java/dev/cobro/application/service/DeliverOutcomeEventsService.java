package dev.cobro.application.service;

import dev.cobro.application.port.in.DeliverOutcomeEventsUseCase;
import dev.cobro.application.port.in.DeliveryReport;
import dev.cobro.application.port.out.OutcomeEvent;
import dev.cobro.application.port.out.OutcomeListener;
import dev.cobro.application.port.out.OutcomeOutboxPort;
import dev.cobro.application.port.out.OutcomeOutboxPort.Delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * Hands pending outcome events to the host's listener, claim after claim. The outbox keeps each
 * subject's order and keeps two dispatchers apart; this decides what a listener's answer means: a
 * return is delivered; anything it throws, an {@link Error} such as {@link AssertionError} too, is a
 * failure retried after a growing delay (the event and the later events of its subject stay pending
 * meanwhile). A listener's throw never escapes a run.
 */
public final class DeliverOutcomeEventsService implements DeliverOutcomeEventsUseCase {

    /** A bound on one run, so that a listener that keeps up with a flood still returns. */
    private static final int MAX_CLAIMS = 1000;

    private final OutcomeOutboxPort outbox;
    private final OutcomeListener listener;
    private final OutboxSettings settings;
    private final Clock clock;

    public DeliverOutcomeEventsService(OutcomeOutboxPort outbox, OutcomeListener listener, OutboxSettings settings,
                                       Clock clock) {
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Delivers the events stored when the run starts, claim after claim, each subject's in order;
     * events stored during the run wait for the next one. Without that bound a run under steady load
     * chased each new event as it came, in claims of a few events each (about fifty claims a second
     * in a load run, each planned, walked and marked for a handful of rows); with it, and a subject's
     * pending events taken in one claim, a run takes what was there in claims of the batch size, and
     * stops after the first claim that was not full ({@code Claim.more}) instead of asking once more to
     * find nothing.
     */
    @Override
    public DeliveryReport deliverPending() {
        long upTo = outbox.newestEventId();
        int delivered = 0;
        int failed = 0;
        for (int claims = 0; claims < MAX_CLAIMS; claims++) {
            Instant now = clock.instant();
            OutcomeOutboxPort.Claim claim = outbox.deliverDue(settings.batchSize(), upTo, now,
                    event -> deliver(event, now));
            delivered += claim.delivered();
            failed += claim.failed();
            // Nothing delivered: what is left is failing, not due or another dispatcher's. A full claim
            // that delivered: more of the run's events may be there.
            if (claim.delivered() == 0 || !claim.more()) {
                break;
            }
        }
        return new DeliveryReport(delivered, failed);
    }

    private Delivery deliver(OutcomeEvent event, Instant now) {
        try {
            listener.onOutcome(event);
            return new Delivery.Delivered();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(event, e, now);
        } catch (Exception | Error e) {
            return failed(event, e, now);
        }
    }

    private Delivery failed(OutcomeEvent event, Throwable e, Instant now) {
        // The class only: a host's exception message may hold anything, and it goes to the database.
        return new Delivery.Failed(e.getClass().getName(), now.plus(settings.retryDelay(event.deliveryTries() + 1)));
    }
}
