package dev.cobro.application.service;

import java.time.Duration;
import java.util.Objects;

/**
 * When the resolver acts.
 *
 * @param reversalDelay           how long an UNKNOWN authorization waits before its timeout reversal, and
 *                                an unanswered reversal or refund before the resolver sends it again
 * @param staleAttemptAge         how old a REQUESTED attempt must be before it counts as abandoned
 *                                (longer than any provider read timeout)
 * @param maxReversals            failed reversals of an UNKNOWN authorization before NEEDS_REVIEW
 * @param checkoutLifetime        how long a checkout may wait for its notification before EXPIRED
 * @param openCheckoutLookupDelay how long a checkout stays open (AWAITING_CUSTOMER or UNKNOWN) before the
 *                                resolver asks a provider that can be asked about its payments; it asks
 *                                again after twice as long each time, so an abandoned checkout costs a
 *                                handful of provider calls over its lifetime, not one per run
 */
public record ResolverSettings(Duration reversalDelay, Duration staleAttemptAge, int maxReversals,
                               Duration checkoutLifetime, Duration openCheckoutLookupDelay) {

    /**
     * The default lookup delay: past a provider's first webhook try and its first retry a few minutes
     * later, so a checkout is looked up only when its notification has had a fair chance to arrive.
     */
    public static final Duration DEFAULT_OPEN_CHECKOUT_LOOKUP_DELAY = Duration.ofMinutes(10);

    public static final ResolverSettings DEFAULTS =
            new ResolverSettings(Duration.ofMinutes(1), Duration.ofMinutes(5), 5, Duration.ofHours(72));

    public ResolverSettings {
        Objects.requireNonNull(reversalDelay, "reversalDelay");
        Objects.requireNonNull(staleAttemptAge, "staleAttemptAge");
        Objects.requireNonNull(checkoutLifetime, "checkoutLifetime");
        Objects.requireNonNull(openCheckoutLookupDelay, "openCheckoutLookupDelay");
        if (maxReversals < 1) {
            throw new IllegalArgumentException("maxReversals " + maxReversals + " must be at least 1");
        }
        if (openCheckoutLookupDelay.isNegative()) {
            throw new IllegalArgumentException("openCheckoutLookupDelay " + openCheckoutLookupDelay
                    + " must not be negative");
        }
    }

    /** With the default delay before an open checkout is looked up. */
    public ResolverSettings(Duration reversalDelay, Duration staleAttemptAge, int maxReversals,
                            Duration checkoutLifetime) {
        this(reversalDelay, staleAttemptAge, maxReversals, checkoutLifetime, DEFAULT_OPEN_CHECKOUT_LOOKUP_DELAY);
    }

    /** These settings with another delay before an open checkout is looked up. */
    public ResolverSettings withOpenCheckoutLookupDelay(Duration delay) {
        return new ResolverSettings(reversalDelay, staleAttemptAge, maxReversals, checkoutLifetime, delay);
    }
}
