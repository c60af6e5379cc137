package dev.cobro.adapters.http.eightyeightpay;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * How a call waits for a rate limit to open. Injectable so that tests move a clock instead of
 * sleeping.
 */
@FunctionalInterface
interface RateLimitWaiter {

    /** Returns once {@code until} has come, by the adapter's clock. */
    void waitUntil(Instant until) throws InterruptedException;

    /** The production waiter: sleeps until the clock reaches {@code until}. */
    static RateLimitWaiter sleeping(Clock clock) {
        return until -> {
            for (Duration left = Duration.between(clock.instant(), until); left.compareTo(Duration.ZERO) > 0;
                 left = Duration.between(clock.instant(), until)) {
                Thread.sleep(Math.max(1, left.toMillis()));
            }
        };
    }
}
