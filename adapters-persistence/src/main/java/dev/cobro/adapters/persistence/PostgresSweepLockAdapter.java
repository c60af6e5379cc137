package dev.cobro.adapters.persistence;

import dev.cobro.adapters.persistence.support.StoreCalls;
import dev.cobro.application.port.out.StoreUnavailableException;
import dev.cobro.application.port.out.SweepLockPort;
import org.hibernate.Session;
import org.hibernate.SessionFactory;

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

    private final StoreCalls calls;

    PostgresSweepLockAdapter(StoreCalls calls) {
        this.calls = calls;
    }

    @Override
    public <T> Optional<T> runAlone(String name, Supplier<T> sweep) {
        SessionFactory sessions = calls.sessions();
        try (Session session = sessions.openSession()) {
            return session.doReturningWork(c -> {
                if (!c.getAutoCommit()) {
                    // A session lock outlives transactions; none is needed, and none may be left open.
                    c.setAutoCommit(true);
                }
                if (!AdvisoryLock.SWEEP.tryLock(c, name)) {
                    return Optional.<T>empty();
                }
                try {
                    return Optional.ofNullable(sweep.get());
                } finally {
                    AdvisoryLock.SWEEP.unlock(c, name);
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
}
