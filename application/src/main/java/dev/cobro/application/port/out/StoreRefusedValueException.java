package dev.cobro.application.port.out;

/**
 * The database refused a value as data (SQLSTATE class 22: a number out of range, a representation
 * it cannot hold). The database is up and the same write fails again, so this is never
 * {@link StoreUnavailableException}: retrying or answering "unavailable" would only repeat it.
 */
public class StoreRefusedValueException extends RuntimeException {

    public StoreRefusedValueException(String message, Throwable cause) {
        super(message, cause);
    }
}
