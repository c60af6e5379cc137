package dev.cobro.spring;

import dev.cobro.application.port.out.OutcomeEvent;
import org.springframework.context.ApplicationEvent;

/**
 * A Cobro outcome event (a status change of a payment or an authorization) as a Spring application
 * event. Delivered at least once and in order per subject: a listener should be idempotent by
 * {@code outcome().id()}; a listener that throws makes Cobro deliver the event again later.
 */
public class CobroOutcomeEvent extends ApplicationEvent {

    private final transient OutcomeEvent outcome;

    public CobroOutcomeEvent(OutcomeEvent outcome) {
        super(outcome);
        this.outcome = outcome;
    }

    public OutcomeEvent outcome() {
        return outcome;
    }

    @Override
    public String toString() {
        return "CobroOutcomeEvent[" + outcome + "]";
    }
}
