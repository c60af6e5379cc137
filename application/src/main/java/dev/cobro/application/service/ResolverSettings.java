package dev.cobro.application.service;

import java.time.Duration;
import java.util.Objects;

/**
 * When the resolver acts.
 *
 * @param reversalDelay    how long an UNKNOWN authorization waits before its timeout reversal
 * @param staleAttemptAge  how old a REQUESTED attempt must be before it counts as abandoned
 *                         (longer than any provider read timeout)
 * @param maxReversals     failed reversals of an UNKNOWN authorization before NEEDS_REVIEW
 * @param checkoutLifetime how long a checkout may wait for its notification before EXPIRED
 */
public record ResolverSettings(Duration reversalDelay, Duration staleAttemptAge, int maxReversals,
                               Duration checkoutLifetime) {

    public static final ResolverSettings DEFAULTS =
            new ResolverSettings(Duration.ofMinutes(1), Duration.ofMinutes(5), 5, Duration.ofHours(72));

    public ResolverSettings {
        Objects.requireNonNull(reversalDelay, "reversalDelay");
        Objects.requireNonNull(staleAttemptAge, "staleAttemptAge");
        Objects.requireNonNull(checkoutLifetime, "checkoutLifetime");
        if (maxReversals < 1) {
            throw new IllegalArgumentException("maxReversals " + maxReversals + " must be at least 1");
        }
    }
}
