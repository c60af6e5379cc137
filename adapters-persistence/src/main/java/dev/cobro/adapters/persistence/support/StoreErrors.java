package dev.cobro.adapters.persistence.support;

import dev.cobro.adapters.persistence.write.WriteBatch;
import dev.cobro.application.port.out.AttemptInProgressException;
import dev.cobro.application.port.out.ConcurrentUpdateException;
import dev.cobro.application.port.out.DuplicateKeyException;
import dev.cobro.application.port.out.StoreRefusedValueException;
import dev.cobro.application.port.out.StoreUnavailableException;
import jakarta.persistence.PersistenceException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.sql.SQLException;
import java.util.function.Function;

/**
 * Turns what the database said into the ports' exceptions. Unique violations are told apart by
 * constraint name. The messages are Cobro's own: a driver's message may quote row values.
 */
final class StoreErrors {

    static final String UNIQUE_VIOLATION = "23505";
    /** Raised by a guard of Cobro's own in PL/pgSQL (the refunds' total, migration V12), naming it as the constraint. */
    static final String GUARD_FAILED = "CB001";
    /** A CHECK constraint refused a row; the {@link WriteBatch} guards written in a row's SET are such constraints. */
    static final String CHECK_VIOLATION = "23514";
    /** SQLSTATE class 22, data exception: the value, not the database, is what failed. */
    static final String DATA_EXCEPTION_CLASS = "22";

    private StoreErrors() {
    }

    /**
     * {@code onUnique} maps the name of a violated unique constraint, or of a {@link WriteBatch}
     * guard, to the exception to throw, or returns null when it is not the caller's concern.
     */
    static RuntimeException translate(String what, RuntimeException e, Function<String, RuntimeException> onUnique) {
        if (e instanceof ConcurrentUpdateException || e instanceof DuplicateKeyException
                || e instanceof StoreUnavailableException || e instanceof StoreRefusedValueException) {
            return e;
        }
        if (!fromTheDatabase(e)) {
            return e; // a bug or bad input, not the store's failure
        }
        String state = sqlState(e);
        if (GUARD_FAILED.equals(state) || CHECK_VIOLATION.equals(state) && WriteBatch.isGuard(constraintName(e))) {
            String guard = constraintName(e);
            RuntimeException mapped = onUnique.apply(guard);
            if (mapped != null) {
                return mapped;
            }
            if (WriteBatch.GUARD_ATTEMPT_REQUESTED.equals(guard)) {
                return new ConcurrentUpdateException(what + ": the attempt already has its outcome; an attempt"
                        + " finishes once and is never written over; nothing was written");
            }
            return new ConcurrentUpdateException(what + ": it was saved by someone else since it was read;"
                    + " nothing was written");
        }
        if (UNIQUE_VIOLATION.equals(state)) {
            String constraint = constraintName(e);
            RuntimeException mapped = onUnique.apply(constraint);
            if (mapped != null) {
                return mapped;
            }
            if ("uq_provider_attempt_one_requested".equals(constraint)) {
                return new AttemptInProgressException(what + ": the subject already has an unfinished provider call;"
                        + " nothing was recorded");
            }
            if ("uq_provider_attempt_number".equals(constraint) || "uq_status_change_position".equals(constraint)) {
                return new ConcurrentUpdateException(what + ": another caller recorded the same step first");
            }
            return new StoreUnavailableException(what + ": unique constraint " + constraint + " refused the row");
        }
        if (state != null && state.startsWith(DATA_EXCEPTION_CLASS)) {
            return new StoreRefusedValueException(what + " failed: the database refused a value of it (SQLSTATE "
                    + state + "); the database is up and the same write fails again", e);
        }
        // Serialization failure or deadlock: two writers on one row; the loser may read and try again.
        if ("40001".equals(state) || "40P01".equals(state)) {
            return new ConcurrentUpdateException(what + ": lost a race with another writer");
        }
        return new StoreUnavailableException(what + " failed: the database is unavailable or refused it"
                + (state == null ? "" : " (SQLSTATE " + state + ")"), e);
    }

    private static boolean fromTheDatabase(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PersistenceException || t instanceof SQLException) {
                return true;
            }
        }
        return false;
    }

    static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    private static String constraintName(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PSQLException psql) {
                ServerErrorMessage server = psql.getServerErrorMessage();
                if (server != null && server.getConstraint() != null) {
                    return server.getConstraint();
                }
            }
            if (t instanceof org.hibernate.exception.ConstraintViolationException cve
                    && cve.getConstraintName() != null) {
                return cve.getConstraintName();
            }
        }
        return "(unnamed)";
    }
}
