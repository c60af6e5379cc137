package dev.cobro.application.port.out;

/**
 * The subject (a payment or an authorization) already has an unfinished provider call: a second
 * write-ahead for it was refused (the partial unique index on REQUESTED attempts, across
 * processes). Nothing was recorded; the caller answers from the record instead of calling the
 * provider.
 */
public class AttemptInProgressException extends ConcurrentUpdateException {

    public AttemptInProgressException(String message) {
        super(message);
    }

    public AttemptInProgressException(String message, Throwable cause) {
        super(message, cause);
    }
}
