package dev.cobro.application.port.in;

/** The idempotency key is already used by a request with other parameters. Nothing was sent. */
public class IdempotencyConflictException extends RuntimeException {

    public IdempotencyConflictException(String message) {
        super(message);
    }
}
