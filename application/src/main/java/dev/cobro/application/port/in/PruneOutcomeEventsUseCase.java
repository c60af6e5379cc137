package dev.cobro.application.port.in;

import java.time.Duration;

/** Delivered outcome events are history; this deletes those delivered longer ago than an age. */
public interface PruneOutcomeEventsUseCase {

    /** Deletes events delivered more than {@code olderThan} ago; pending ones are never touched. Returns how many. */
    long pruneDelivered(Duration olderThan);
}
