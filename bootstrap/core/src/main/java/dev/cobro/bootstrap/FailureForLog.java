package dev.cobro.bootstrap;

import java.sql.SQLException;

/**
 * A failure made fit for a log line with its cause chain and stack traces. The messages of Cobro's
 * and the JDK's exceptions are kept; a library's are not (a driver's is replaced by its SQLSTATE),
 * because the database's message, which Hibernate repeats, may quote the row it refused, and a
 * provider session id is among its columns.
 */
public final class FailureForLog extends RuntimeException {

    private FailureForLog(String message, Throwable cause, StackTraceElement[] stack) {
        super(message, cause, false, true);
        setStackTrace(stack);
    }

    /** {@code failure} and its causes, each as its class and a message safe to log, with its stack trace. */
    public static Throwable of(Throwable failure) {
        return copy(failure, 0);
    }

    private static Throwable copy(Throwable t, int depth) {
        if (t == null || depth > 16) {
            return null;
        }
        String name = t.getClass().getName();
        String message;
        if (t instanceof SQLException sql) {
            message = "SQLSTATE " + sql.getSQLState() + " (the driver's message is not logged)";
        } else if (name.startsWith("dev.cobro.") || name.startsWith("java.")) {
            message = t.getMessage();
        } else {
            message = t.getMessage() == null ? null : "(a library's message is not logged)";
        }
        Throwable cause = t.getCause() == t ? null : copy(t.getCause(), depth + 1);
        return new FailureForLog(name + (message == null ? "" : ": " + message), cause,
                t.getStackTrace());
    }

    /** The failure's own class and message are already in the message. */
    @Override
    public String toString() {
        return getMessage();
    }
}
