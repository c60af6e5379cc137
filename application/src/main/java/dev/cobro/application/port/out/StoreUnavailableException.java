package dev.cobro.application.port.out;

/** The database failed or could not be reached. When it happens before a provider call, the provider is not called. */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message) {
        super(message);
    }

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
