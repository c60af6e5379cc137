package dev.cobro.application.port.in;

import dev.cobro.application.port.out.OutcomeEvent;

import java.util.List;

/** Outcome events in id order (delivered ones are kept as history until pruned). */
public interface ListOutcomeEventsUseCase {

    List<OutcomeEvent> list(ListOutcomeEventsCommand command);
}
