package dev.cobro.application.service;

import dev.cobro.application.port.in.PruneOutcomeEventsUseCase;
import dev.cobro.application.port.out.OutcomeOutboxPort;

import java.time.Clock;
import java.time.Duration;

/** Deletes delivered outcome events older than an age; pending ones always stay. */
public final class PruneOutcomeEventsService implements PruneOutcomeEventsUseCase {

    private final OutcomeOutboxPort outbox;
    private final Clock clock;

    public PruneOutcomeEventsService(OutcomeOutboxPort outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    @Override
    public long pruneDelivered(Duration olderThan) {
        if (olderThan == null || olderThan.isNegative()) {
            throw new IllegalArgumentException("the age to prune at must be zero or positive, not " + olderThan);
        }
        return outbox.pruneDeliveredBefore(clock.instant().minus(olderThan));
    }
}
