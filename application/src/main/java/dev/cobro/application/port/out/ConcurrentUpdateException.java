package dev.cobro.application.port.out;

/** Someone else saved the aggregate since it was read (optimistic locking): the update was not applied, nothing was overwritten. */
public class ConcurrentUpdateException extends RuntimeException {

    public ConcurrentUpdateException(String message) {
        super(message);
    }

    public ConcurrentUpdateException(String message, Throwable cause) {
        super(message, cause);
    }
}
