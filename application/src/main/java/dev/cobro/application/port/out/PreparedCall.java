package dev.cobro.application.port.out;

/**
 * A provider call built by its adapter before the write-ahead: the adapter's own request, held
 * behind this interface, and its redacted form for the REQUESTED attempt row.
 */
public interface PreparedCall {

    /** The request body with every secret replaced; safe to store and log. */
    String redactedRequest();
}
