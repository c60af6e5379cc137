package dev.cobro.spring;

import dev.cobro.application.port.in.DeliverOutcomeEventsUseCase;
import dev.cobro.application.port.in.PruneNotificationsUseCase;
import dev.cobro.application.port.in.ResolveUnknownOutcomesCommand;
import dev.cobro.application.port.in.ResolveUnknownOutcomesUseCase;
import dev.cobro.bootstrap.Cobro;
import dev.cobro.bootstrap.GuardedRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the resolver and the delivery of outcome events, each at its fixed delay on its own daemon thread,
 * from the context's start to its stop. A run that fails, whatever it throws (an Error too: a scheduled
 * executor would cancel the task silently), is logged at ERROR with its cause and the next one comes at its
 * time: a broken database or a broken listener must not stop the schedule.
 */
public class CobroScheduler implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(CobroScheduler.class);

    private final ResolveUnknownOutcomesUseCase resolver;
    private final DeliverOutcomeEventsUseCase events;
    private final PruneNotificationsUseCase pruning;
    private final Duration resolverInterval;
    private final Duration eventsInterval;
    private final Duration pruningInterval;
    private final Duration retention;
    private ScheduledExecutorService executor;

    public CobroScheduler(Cobro cobro, CobroProperties.Scheduling settings) {
        this(cobro.resolver(), cobro.events(), cobro.notificationPruning(), settings);
    }

    /** The three runs on their own, so that what any of them throws can be tried without a database. */
    CobroScheduler(ResolveUnknownOutcomesUseCase resolver, DeliverOutcomeEventsUseCase events,
                   PruneNotificationsUseCase pruning, CobroProperties.Scheduling settings) {
        this.resolver = resolver;
        this.events = events;
        this.pruning = pruning;
        this.resolverInterval = positive(settings.getResolverInterval(), "cobro.scheduling.resolver-interval");
        this.eventsInterval = positive(settings.getEventsInterval(), "cobro.scheduling.events-interval");
        this.pruningInterval = positive(settings.getPruningInterval(), "cobro.scheduling.pruning-interval");
        this.retention = positive(settings.getUnprovenNotificationRetention(),
                "cobro.scheduling.unproven-notification-retention");
    }

    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newScheduledThreadPool(3, r -> {
            Thread t = new Thread(r, "cobro-scheduler");
            t.setDaemon(true);
            return t;
        });
        schedule(executor, "Cobro resolver run", resolverInterval, this::resolve);
        schedule(executor, "Delivering Cobro's outcome events", eventsInterval, this::deliverEvents);
        schedule(executor, "Pruning Cobro's unproven notifications", pruningInterval, this::pruneNotifications);
        LOG.info("Cobro's resolver runs every {}, its outcome events are delivered every {}, unproven notifications"
                + " older than {} are pruned every {}", resolverInterval, eventsInterval, retention, pruningInterval);
    }

    /** Delivers the pending outcome events (as Spring application events) until none is due. */
    void deliverEvents() {
        var report = events.deliverPending();
        if (report.failed() > 0) {
            LOG.warn("A listener of Cobro's outcome events failed on {} event(s); they come again later",
                    report.failed());
        }
    }

    /** One resolver run; its report says what changed. */
    void resolve() {
        var report = resolver.resolve(ResolveUnknownOutcomesCommand.DEFAULT);
        LOG.debug("Cobro resolver run: {}", report);
    }

    /** Deletes the UNVERIFIED and UNMATCHED notifications older than the retention. */
    void pruneNotifications() {
        long pruned = pruning.pruneUnproven(retention);
        if (pruned > 0) {
            LOG.info("Pruned {} UNVERIFIED or UNMATCHED notification(s) older than {}", pruned, retention);
        }
    }

    /** Every run guarded: one that throws anything is logged at ERROR and the schedule goes on. */
    private static void schedule(ScheduledExecutorService executor, String what, Duration every, Runnable run) {
        executor.scheduleWithFixedDelay(GuardedRun.of(LOG, what, every, run), every.toMillis(), every.toMillis(),
                TimeUnit.MILLISECONDS);
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
