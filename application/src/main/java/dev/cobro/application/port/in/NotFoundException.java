package dev.cobro.application.port.in;

/** No transaction with the given id or reference. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}
