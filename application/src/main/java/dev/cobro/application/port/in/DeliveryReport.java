package dev.cobro.application.port.in;

/**
 * What one {@code deliverPending()} did: events the listener took, and failures (each leaves its
 * event, and the later events of its subject, pending with a growing delay).
 */
public record DeliveryReport(int delivered, int failed) {

    public static final DeliveryReport NOTHING = new DeliveryReport(0, 0);
}
