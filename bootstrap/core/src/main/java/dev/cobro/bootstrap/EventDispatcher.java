package dev.cobro.bootstrap;

import dev.cobro.application.port.in.DeliveryReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One daemon thread that delivers pending outcome events at a fixed delay, until closed. A scheduled
 * executor cancels a task for good when it throws, silently: whatever a round throws, an Error too,
 * is logged with its cause and the next round comes at its time.
 */
final class EventDispatcher implements AutoCloseable {

    /** Under Cobro's name: a host filters and reads delivery warnings by the facade's logger. */
    private static final Logger LOG = LoggerFactory.getLogger(Cobro.class);

    private final ScheduledExecutorService scheduler;

    private EventDispatcher(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    static EventDispatcher start(CobroEvents events, Duration every) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "cobro-outcome-events");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(GuardedRun.of(LOG, "Delivering outcome events", every, () -> {
            DeliveryReport report = events.deliverPending();
            if (report.failed() > 0) {
                LOG.warn("outcome listener failed on {} event(s); they are retried later ({} delivered)",
                        report.failed(), report.delivered());
            }
        }), every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return new EventDispatcher(scheduler);
    }

    /** Stops the rounds; a delivery under way finishes first (for up to 30 seconds). */
    @Override
    public void close() {
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(30, TimeUnit.SECONDS)) {
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
