package dev.cobro.application.service;

import java.time.Duration;
import java.util.Objects;

/**
 * How the dispatcher delivers outcome events: {@code batchSize} events claimed per transaction; after
 * a listener's failure the event waits {@code firstRetryDelay}, doubled at every further failure up
 * to {@code maxRetryDelay}.
 */
public record OutboxSettings(int batchSize, Duration firstRetryDelay, Duration maxRetryDelay) {

    public static final OutboxSettings DEFAULTS = new OutboxSettings(100, Duration.ofSeconds(1), Duration.ofMinutes(10));

    public OutboxSettings {
        if (batchSize < 1 || batchSize > 1000) {
            throw new IllegalArgumentException("batchSize must be 1 to 1000, not " + batchSize);
        }
        Objects.requireNonNull(firstRetryDelay, "firstRetryDelay");
        Objects.requireNonNull(maxRetryDelay, "maxRetryDelay");
        if (firstRetryDelay.isNegative() || firstRetryDelay.isZero() || maxRetryDelay.compareTo(firstRetryDelay) < 0) {
            throw new IllegalArgumentException("retry delays must be positive, the first no longer than the max ("
                    + firstRetryDelay + ", " + maxRetryDelay + ")");
        }
    }

    /** The wait after the {@code failures}-th failure (1 for the first): doubling, capped. */
    public Duration retryDelay(int failures) {
        Duration delay = firstRetryDelay;
        for (int i = 1; i < failures && delay.compareTo(maxRetryDelay) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxRetryDelay) > 0 ? maxRetryDelay : delay;
    }
}
