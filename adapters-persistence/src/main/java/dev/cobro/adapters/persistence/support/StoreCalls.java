package dev.cobro.adapters.persistence.support;

import dev.cobro.adapters.persistence.write.EntityTables;
import dev.cobro.adapters.persistence.write.WriteBatch;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;
import org.hibernate.Transaction;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

import java.util.function.Function;

/**
 * How every port method reaches the database: one call, one transaction, never more, so no
 * transaction is held open beyond the method's return (and so none across a provider call).
 * Reads of payments, authorizations and attempts run in auto-commit ({@link #read}); the writes
 * that must look at what they read (tokens, the ledger, the outbox) in a {@link Session} transaction
 * ({@link #inTransaction}); the writes of payments and authorizations are a {@link WriteBatch},
 * sent in one round trip ({@link #write}); a statement that needs no transaction is sent alone
 * ({@link #single}). Either way the database's refusals come back as the
 * ports' exceptions ({@link StoreErrors}).
 */
public final class StoreCalls {

    private static final Function<String, RuntimeException> NO_KEYS = constraint -> null;

    private final SessionFactory sessions;
    private final EntityTables tables;

    public StoreCalls(SessionFactory sessions) {
        this.sessions = sessions;
        this.tables = new EntityTables(sessions);
    }

    /** The table of {@code entity} as Hibernate mapped it, for a statement that must be native SQL. */
    public EntityTables.Table table(Class<?> entity) {
        return tables.of(entity);
    }

    /** A batch to fill and {@link #write}. */
    public WriteBatch batch() {
        return new WriteBatch(tables);
    }

    public <T> T inTransaction(String what, Function<Session, T> work) {
        return inTransaction(what, work, NO_KEYS);
    }

    public <T> T inTransaction(String what, Function<Session, T> work, Function<String, RuntimeException> onUnique) {
        Transaction tx = null;
        try (Session session = sessions.openSession()) {
            try {
                tx = session.beginTransaction();
                T result = work.apply(session);
                tx.commit();
                return result;
            } catch (RuntimeException e) {
                rollback(tx, e);
                throw e;
            }
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
        Transaction tx = null;
        try (StatelessSession session = sessions.openStatelessSession()) {
            try {
                tx = session.beginTransaction();
                T result = work.apply(session);
                tx.commit();
                return result;
            } catch (RuntimeException e) {
                rollback(tx, e);
                throw e;
            }
        } catch (RuntimeException e) {
            throw StoreErrors.translate(what, e, NO_KEYS);
        }
    }

    /**
     * A read of the payment and authorization stores: its statements in auto-commit, no BEGIN and no
     * COMMIT. At PostgreSQL's READ COMMITTED each statement sees its own snapshot inside a transaction
     * too, so a transaction would add two round trips and no consistency; what a read returns is
     * checked where it matters, by the versioned update of the write that follows it.
     */
    public <T> T read(String what, Function<Session, T> work) {
        try (Session session = sessions.openSession()) {
            session.setDefaultReadOnly(true);
            session.setHibernateFlushMode(org.hibernate.FlushMode.MANUAL);
            return work.apply(session);
        } catch (RuntimeException e) {
            throw StoreErrors.translate(what, e, NO_KEYS);
        }
    }

    /**
     * Sends {@code batch} on a stateless session: no persistence context to build or flush, the rows
     * are written as the batch says, in one round trip and one transaction.
     */
    public void write(String what, WriteBatch batch, Function<String, RuntimeException> onUnique) {
        try (StatelessSession session = sessions.openStatelessSession()) {
            session.doWork(c -> batch.send(c, (SharedSessionContractImplementor) session));
        } catch (RuntimeException e) {
            throw StoreErrors.translate(what, e, onUnique);
        }
    }

    /**
     * One statement that needs no transaction of its own (taking a sequence's next value): sent on a
     * stateless session in auto-commit, one round trip.
     */
    public <T> T single(String what, Function<StatelessSession, T> statement) {
        try (StatelessSession session = sessions.openStatelessSession()) {
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
