package dev.cobro.adapters.persistence.support;

import dev.cobro.adapters.persistence.write.EntityTables;
import dev.cobro.adapters.persistence.write.WriteBatch;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.SharedSessionContract;
import org.hibernate.StatelessSession;
import org.hibernate.Transaction;
import org.hibernate.engine.jdbc.connections.spi.ConnectionProvider;
import org.hibernate.engine.jdbc.spi.SqlExceptionHelper;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.type.descriptor.WrapperOptions;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How every port method reaches the database: one call, one transaction, never more, so no
 * transaction is held open beyond the method's return (and so none across a provider call).
 * Reads of payments, authorizations and attempts run in auto-commit ({@link #read}); the writes
 * that must look at what they read (tokens, the ledger, the outbox) in a {@link Session} transaction
 * ({@link #inTransaction}); the writes of payments and authorizations are a {@link WriteBatch},
 * sent in one round trip on a connection of Hibernate's provider ({@link #write}); a statement that
 * needs no transaction is sent alone ({@link #single}); a read that needs no mapping runs on a plain
 * connection ({@link #plain}). Either way the database's refusals come back as the ports' exceptions
 * ({@link StoreErrors}).
 *
 * <p>The session factory is asked for at each call, not at construction: Hibernate may still be
 * starting on another thread ({@code CobroPersistence}), and a call that needs it waits for it, or
 * throws what stopped it, unchanged. {@link #plain} never waits for it.
 */
public final class StoreCalls {

    private static final Function<String, RuntimeException> NO_KEYS = constraint -> null;

    private final Supplier<SessionFactory> sessions;
    private final DataSource dataSource;
    private volatile Bound bound;

    /**
     * What the writes take from the started session factory, read once: the entities' tables, the
     * connection provider (the pool the sessions use), the binding options and the error conversion.
     */
    private record Bound(EntityTables tables, ConnectionProvider connections, WrapperOptions binding,
                         SqlExceptionHelper errors) {

        static Bound of(SessionFactory sessions) {
            SessionFactoryImplementor factory = sessions.unwrap(SessionFactoryImplementor.class);
            return new Bound(new EntityTables(sessions),
                    factory.getServiceRegistry().requireService(ConnectionProvider.class),
                    factory.getWrapperOptions(), factory.getJdbcServices().getSqlExceptionHelper());
        }
    }

    /**
     * @param sessions   the session factory, once started (waits for it; throws what stopped it)
     * @param dataSource the database the session factory runs on, for {@link #plain} reads
     */
    public StoreCalls(Supplier<SessionFactory> sessions, DataSource dataSource) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** The session factory, waiting for Hibernate's start if it is still under way. */
    public SessionFactory sessions() {
        return sessions.get();
    }

    private Bound bound() {
        Bound read = bound;
        if (read == null) {
            // Idempotent: two threads that both read the mapping build equal parts.
            read = Bound.of(sessions());
            bound = read;
        }
        return read;
    }

    private EntityTables tables() {
        return bound().tables();
    }

    /** The table of {@code entity} as Hibernate mapped it, for a statement that must be native SQL. */
    public EntityTables.Table table(Class<?> entity) {
        return tables().of(entity);
    }

    /** A batch to fill and {@link #write}. */
    public WriteBatch batch() {
        return new WriteBatch(tables());
    }

    /** A read in plain SQL on a connection of its own. */
    @FunctionalInterface
    public interface PlainRead<T> {
        T read(Connection connection) throws SQLException;
    }

    /**
     * A read of a few aggregates (counts, ages) that needs no mapping: plain SQL on a connection of
     * the DataSource, without waiting for Hibernate. Health reads this way, so a process that only
     * asks for it never builds Hibernate's metamodel, and a host's health check answers while
     * Hibernate starts.
     */
    public <T> T plain(String what, PlainRead<T> read) {
        try (Connection connection = dataSource.getConnection()) {
            T result = read.read(connection);
            if (!connection.getAutoCommit()) {
                // A host's pool may hand out connections outside auto-commit: a read leaves no transaction open.
                connection.rollback();
            }
            return result;
        } catch (SQLException e) {
            throw StoreErrors.translate(what, new IllegalStateException(e), NO_KEYS);
        } catch (RuntimeException e) {
            throw StoreErrors.translate(what, e, NO_KEYS);
        }
    }

    public <T> T inTransaction(String what, Function<Session, T> work) {
        return inTransaction(what, work, NO_KEYS);
    }

    public <T> T inTransaction(String what, Function<Session, T> work, Function<String, RuntimeException> onUnique) {
        SessionFactory factory = sessions();
        try (Session session = factory.openSession()) {
            return committed(session, work);
        } catch (RuntimeException e) {
            throw StoreErrors.translate(what, e, onUnique);
        }
    }

    /**
     * {@code work} in one transaction on a stateless session: no persistence context to fill and no
     * flush to walk, for a write that reads rows and writes them back by its own statements (the
     * outbox's claim and its deliveries).
     */
    public <T> T inStatelessTransaction(String what, Function<StatelessSession, T> work) {
        SessionFactory factory = sessions();
        try (StatelessSession session = factory.openStatelessSession()) {
            return committed(session, work);
        } catch (RuntimeException e) {
            throw StoreErrors.translate(what, e, NO_KEYS);
        }
    }

    /** {@code work} in a transaction of {@code session}: committed, or rolled back with what it threw. */
    private static <S extends SharedSessionContract, T> T committed(S session, Function<S, T> work) {
        Transaction tx = null;
        try {
            tx = session.beginTransaction();
            T result = work.apply(session);
            tx.commit();
            return result;
        } catch (RuntimeException e) {
            rollback(tx, e);
            throw e;
        }
    }

    /**
     * A read of the payment and authorization stores: its statements in auto-commit, no BEGIN and no
     * COMMIT. At PostgreSQL's READ COMMITTED each statement sees its own snapshot inside a transaction
     * too, so a transaction would add two round trips and no consistency; what a read returns is
     * checked where it matters, by the versioned update of the write that follows it.
     */
    public <T> T read(String what, Function<Session, T> work) {
        SessionFactory factory = sessions();
        try (Session session = factory.openSession()) {
            session.setDefaultReadOnly(true);
            session.setHibernateFlushMode(org.hibernate.FlushMode.MANUAL);
            return work.apply(session);
        } catch (RuntimeException e) {
            throw StoreErrors.translate(what, e, NO_KEYS);
        }
    }

    /**
     * Sends {@code batch} on a connection of Hibernate's connection provider (the pool the sessions
     * use), bound with the session factory's options and its errors converted as a session's would
     * be: a batch is one statement in one round trip and one transaction of its own, with nothing
     * for a session to track, and opening and closing a stateless session around it was about 4%
     * of Cobro's worker samples in a profile of a load run.
     */
    public void write(String what, WriteBatch batch, Function<String, RuntimeException> onUnique) {
        Bound to = bound();
        try {
            Connection connection = to.connections().getConnection();
            try {
                batch.send(connection, to.binding());
            } finally {
                to.connections().closeConnection(connection);
            }
        } catch (SQLException e) {
            throw StoreErrors.translate(what, to.errors().convert(e, what), onUnique);
        } catch (RuntimeException e) {
            throw StoreErrors.translate(what, e, onUnique);
        }
    }

    /**
     * One statement that needs no transaction of its own (taking a sequence's next value): sent on a
     * stateless session in auto-commit, one round trip.
     */
    public <T> T single(String what, Function<StatelessSession, T> statement) {
        SessionFactory factory = sessions();
        try (StatelessSession session = factory.openStatelessSession()) {
            return statement.apply(session);
        } catch (RuntimeException e) {
            throw StoreErrors.translate(what, e, NO_KEYS);
        }
    }

    private static void rollback(Transaction tx, RuntimeException cause) {
        if (tx == null || !tx.isActive()) {
            return;
        }
        try {
            tx.rollback();
        } catch (RuntimeException rollbackFailed) {
            cause.addSuppressed(rollbackFailed);
        }
    }
}
