package dev.cobro.application.port.out;

/** Another open payment of the same provider already has this (session, amount): a notification could not tell the two apart, so the charge must take a fresh session. */
public class SessionInUseException extends RuntimeException {

    public SessionInUseException(String message) {
        super(message);
    }

    public SessionInUseException(String message, Throwable cause) {
        super(message, cause);
    }
}
