package dev.cobro.spring;

import dev.cobro.application.port.in.ResolveUnknownOutcomesCommand;
import dev.cobro.bootstrap.Cobro;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the resolver and the delivery of outcome events, each at its fixed delay on its own daemon thread,
 * from the context's start to its stop. A run that fails is logged and the next one comes at its time: a
 * broken database must not stop the schedule.
 */
public class CobroScheduler implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(CobroScheduler.class);

    private final Cobro cobro;
    private final Duration resolverInterval;
    private final Duration eventsInterval;
    private ScheduledExecutorService executor;

    public CobroScheduler(Cobro cobro, CobroProperties.Scheduling settings) {
        this.cobro = cobro;
        this.resolverInterval = positive(settings.getResolverInterval(), "cobro.scheduling.resolver-interval");
        this.eventsInterval = positive(settings.getEventsInterval(), "cobro.scheduling.events-interval");
    }

    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "cobro-scheduler");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::resolve, resolverInterval.toMillis(), resolverInterval.toMillis(),
                TimeUnit.MILLISECONDS);
        executor.scheduleWithFixedDelay(this::deliverEvents, eventsInterval.toMillis(), eventsInterval.toMillis(),
                TimeUnit.MILLISECONDS);
        LOG.info("Cobro's resolver runs every {}, its outcome events are delivered every {}", resolverInterval,
                eventsInterval);
    }

    /** Delivers the pending outcome events (as Spring application events) until none is due. */
    void deliverEvents() {
        try {
            var report = cobro.events().deliverPending();
            if (report.failed() > 0) {
                LOG.warn("A listener of Cobro's outcome events failed on {} event(s); they come again later",
                        report.failed());
            }
        } catch (RuntimeException e) {
            LOG.warn("Delivering Cobro's outcome events failed; the next round is in {}: {}", eventsInterval,
                    e.toString());
        }
    }

    /** One resolver run; its report says what changed. */
    void resolve() {
        try {
            var report = cobro.resolver().resolve(ResolveUnknownOutcomesCommand.DEFAULT);
            LOG.debug("Cobro resolver run: {}", report);
        } catch (RuntimeException e) {
            LOG.warn("Cobro resolver run failed; the next run is in {}: {}", resolverInterval, e.toString());
        }
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }

    private static Duration positive(Duration d, String property) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(property + " must be a positive duration, not " + d);
        }
        return d;
    }
}
