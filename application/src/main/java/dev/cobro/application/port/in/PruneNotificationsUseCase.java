package dev.cobro.application.port.in;

import java.time.Duration;

/**
 * Notifications that changed nothing and name no payment (UNVERIFIED, UNMATCHED) are what anyone
 * who finds the webhook endpoint can add: kept for a while to look into, then deleted by age.
 * A payment's notifications stay as its history.
 */
public interface PruneNotificationsUseCase {

    /** How long they are kept unless the host says otherwise. */
    Duration DEFAULT_AGE = Duration.ofDays(30);

    /** Deletes UNVERIFIED and UNMATCHED notifications received more than {@code olderThan} ago; returns how many. */
    long pruneUnproven(Duration olderThan);

    /** {@link #pruneUnproven(Duration)} at {@link #DEFAULT_AGE}. */
    default long pruneUnproven() {
        return pruneUnproven(DEFAULT_AGE);
    }
}
