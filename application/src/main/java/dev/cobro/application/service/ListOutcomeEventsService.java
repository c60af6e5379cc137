package dev.cobro.application.service;

import dev.cobro.application.port.in.ListOutcomeEventsCommand;
import dev.cobro.application.port.in.ListOutcomeEventsUseCase;
import dev.cobro.application.port.out.OutcomeEvent;
import dev.cobro.application.port.out.OutcomeOutboxPort;

import java.util.List;

/** Outcome events in id order, from the outbox. */
public final class ListOutcomeEventsService implements ListOutcomeEventsUseCase {

    private final OutcomeOutboxPort outbox;

    public ListOutcomeEventsService(OutcomeOutboxPort outbox) {
        this.outbox = outbox;
    }

    @Override
    public List<OutcomeEvent> list(ListOutcomeEventsCommand command) {
        return outbox.list(command.pendingOnly(), command.afterId(), command.limit());
    }
}
