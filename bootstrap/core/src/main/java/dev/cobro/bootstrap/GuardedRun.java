package dev.cobro.bootstrap;

import org.slf4j.Logger;

import java.time.Duration;
import java.util.Objects;

/**
 * A scheduled task that survives anything one run throws. A {@code ScheduledExecutorService}
 * cancels a task for good, and silently, when a run throws; an {@code Error} (an
 * {@code AssertionError} in a host's listener, a {@code StackOverflowError}) would end Cobro's
 * background work for the life of the process. Each run's failure is logged at ERROR with its
 * cause (made safe by {@link FailureForLog}) and the schedule goes on.
 */
public final class GuardedRun {

    private GuardedRun() {
    }

    /** {@code run}, each of whose failures {@code log} reports as "{@code what} failed". */
    public static Runnable of(Logger log, String what, Duration interval, Runnable run) {
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(run, "run");
        return () -> {
            try {
                run.run();
            } catch (Throwable e) {
                log.error("{} failed; the next run is in {}", what, interval, FailureForLog.of(e));
            }
        };
    }
}
