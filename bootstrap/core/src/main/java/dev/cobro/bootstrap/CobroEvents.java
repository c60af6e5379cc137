package dev.cobro.bootstrap;

import dev.cobro.application.port.in.DeliverOutcomeEventsUseCase;
import dev.cobro.application.port.in.DeliveryReport;
import dev.cobro.application.port.in.ListOutcomeEventsCommand;
import dev.cobro.application.port.in.ListOutcomeEventsUseCase;
import dev.cobro.application.port.in.PruneOutcomeEventsUseCase;
import dev.cobro.application.port.out.OutcomeEvent;

import java.time.Duration;
import java.util.List;

/**
 * Cobro's outcome events ({@code cobro.events()}): deliver the pending ones to the listener given to
 * {@code Cobro.builder().onOutcome(...)}, list them, prune delivered ones by age.
 */
public final class CobroEvents implements DeliverOutcomeEventsUseCase, ListOutcomeEventsUseCase,
        PruneOutcomeEventsUseCase {

    private final DeliverOutcomeEventsUseCase delivery;
    private final ListOutcomeEventsUseCase listing;
    private final PruneOutcomeEventsUseCase pruning;

    CobroEvents(DeliverOutcomeEventsUseCase delivery, ListOutcomeEventsUseCase listing,
                PruneOutcomeEventsUseCase pruning) {
        this.delivery = delivery;
        this.listing = listing;
        this.pruning = pruning;
    }

    /**
     * Delivers what is due among the events stored when it starts, each subject's in order (events
     * stored meanwhile wait for the next call); for hosts that schedule it themselves (or beside
     * Cobro's scheduler: any number of dispatchers may run at once). Needs a listener ({@code onOutcome}).
     */
    @Override
    public DeliveryReport deliverPending() {
        if (delivery == null) {
            throw new IllegalStateException("no outcome listener: register one with Cobro.builder().onOutcome(...)");
        }
        return delivery.deliverPending();
    }

    @Override
    public List<OutcomeEvent> list(ListOutcomeEventsCommand command) {
        return listing.list(command);
    }

    /** Pending events from the first, at most {@code limit}. */
    public List<OutcomeEvent> pending(int limit) {
        return listing.list(new ListOutcomeEventsCommand(true, 0, limit));
    }

    @Override
    public long pruneDelivered(Duration olderThan) {
        return pruning.pruneDelivered(olderThan);
    }
}
