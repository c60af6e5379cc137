package dev.cobro.application.port.out;

/**
 * The host's listener for outcome events ({@code Cobro.builder().onOutcome(listener)}). Delivery is
 * at least once and in order per subject: an event may come again (after a crash between the call
 * and its commit), so the listener drops an id it has seen; an exception leaves the event and the
 * later events of its subject pending, to be tried again after a growing delay. The call happens
 * while the dispatcher holds the event's row locked: keep it short (record the event, hand it to a
 * queue) rather than do slow work inside it.
 */
@FunctionalInterface
public interface OutcomeListener {

    void onOutcome(OutcomeEvent event) throws Exception;
}
