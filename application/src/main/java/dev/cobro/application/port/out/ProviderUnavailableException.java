package dev.cobro.application.port.out;

/** The provider could not be reached, or refused to serve for now (rate limit), before anything was sent for the operation. Nothing was recorded. */
public class ProviderUnavailableException extends RuntimeException {

    public ProviderUnavailableException(String message) {
        super(message);
    }

    public ProviderUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
