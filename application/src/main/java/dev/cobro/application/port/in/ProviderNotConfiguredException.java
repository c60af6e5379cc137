package dev.cobro.application.port.in;

/** A provider id that has no adapter configured (its settings are missing). */
public class ProviderNotConfiguredException extends RuntimeException {

    public ProviderNotConfiguredException(String message) {
        super(message);
    }
}
