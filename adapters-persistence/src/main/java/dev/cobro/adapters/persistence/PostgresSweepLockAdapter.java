package dev.cobro.adapters.persistence;

import dev.cobro.adapters.persistence.support.StoreCalls;
import dev.cobro.application.port.out.StoreUnavailableException;
import dev.cobro.application.port.out.SweepLockPort;
import org.hibernate.Session;
import org.hibernate.SessionFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One sweep at a time per database: a session-level {@code pg_try_advisory_lock} on a connection of
 * its own, held (in autocommit, no transaction open) for as long as the sweep runs and released
 * after it; if the process dies, PostgreSQL drops the lock with the connection. The sweep's own
 * store calls use other connections, each its own short transaction.
 */
public final class PostgresSweepLockAdapter implements SweepLockPort {

    /** The advisory-lock class of Cobro's sweeps ("Cobs"), apart from the ledger's and any host's. */
    private static final int LOCK_CLASS = 0x436F6273;

    private final StoreCalls calls;

    PostgresSweepLockAdapter(StoreCalls calls) {
        this.calls = calls;
    }

    @Override
    public <T> Optional<T> runAlone(String name, Supplier<T> sweep) {
        SessionFactory sessions = calls.sessions();
        try (Session session = sessions.openSession()) {
            return session.doReturningWork(c -> {
                if (!lock(c, "select pg_try_advisory_lock(?, hashtext(?))", name)) {
                    return Optional.<T>empty();
                }
                try {
                    return Optional.ofNullable(sweep.get());
                } finally {
                    lock(c, "select pg_advisory_unlock(?, hashtext(?))", name);
                }
            });
        } catch (StoreUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            if (e.getCause() instanceof SQLException) {
                throw new StoreUnavailableException("the sweep lock " + name + " could not be taken: the database is"
                        + " unavailable", e);
            }
            throw e;
        }
    }

    private static boolean lock(Connection c, String sql, String name) throws SQLException {
        if (!c.getAutoCommit()) {
            // A session lock outlives transactions; none is needed, and none may be left open.
            c.setAutoCommit(true);
        }
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setInt(1, LOCK_CLASS);
            st.setString(2, name);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }
}
