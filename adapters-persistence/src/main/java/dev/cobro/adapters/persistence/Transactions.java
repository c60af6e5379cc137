package dev.cobro.adapters.persistence;

import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;

import java.util.function.Function;

/**
 * One database transaction per call, never more: no port method holds a transaction open
 * beyond its own return, and so none across a provider call.
 */
final class Transactions {

    private static final Function<String, RuntimeException> NO_KEYS = constraint -> null;

    private final SessionFactory sessions;

    Transactions(SessionFactory sessions) {
        this.sessions = sessions;
    }

    <T> T call(String what, Function<Session, T> work) {
        return call(what, work, NO_KEYS);
    }

    <T> T call(String what, Function<Session, T> work, Function<String, RuntimeException> onUnique) {
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
