package dev.cobro.application.port.in;

/**
 * Delivers pending outcome events to the host's listener: at least once, in order per subject,
 * safe on any number of instances. A host schedules it itself, or lets Cobro's scheduler run it.
 */
public interface DeliverOutcomeEventsUseCase {

    /** Delivers what is due now, claim after claim, until nothing due is left; returns what it did. */
    DeliveryReport deliverPending();
}
