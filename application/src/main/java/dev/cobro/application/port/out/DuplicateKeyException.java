package dev.cobro.application.port.out;

/** The idempotency key (provider + merchant reference, or provider + operation number) is already stored: the final guard, across processes. */
public class DuplicateKeyException extends RuntimeException {

    public DuplicateKeyException(String message) {
        super(message);
    }

    public DuplicateKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
