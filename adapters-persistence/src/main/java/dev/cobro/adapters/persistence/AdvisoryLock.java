package dev.cobro.adapters.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Cobro's PostgreSQL advisory locks, one class (the first of the two lock keys) per use, apart from
 * each other and from any lock a host takes; the second key is the hash of the name locked.
 */
enum AdvisoryLock {

    /** One resolver sweep at a time per database ("Cobs"). */
    SWEEP(0x436F6273),
    /** One count-then-insert of the token ledger at a time per (provider, credential) ("Cobr"). */
    TOKEN_LEDGER(0x436F6272);

    private final int lockClass;

    AdvisoryLock(int lockClass) {
        this.lockClass = lockClass;
    }

    /** A session lock on {@code name}, if free: held until {@link #unlock} or the connection closes. */
    boolean tryLock(Connection c, String name) throws SQLException {
        try (PreparedStatement st = statement(c, "select pg_try_advisory_lock(?, hashtext(?))", name);
             ResultSet rs = st.executeQuery()) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    void unlock(Connection c, String name) throws SQLException {
        try (PreparedStatement st = statement(c, "select pg_advisory_unlock(?, hashtext(?))", name)) {
            st.execute();
        }
    }

    /** A lock on {@code name} until the current transaction ends, waiting for it if taken. */
    void lockForTransaction(Connection c, String name) throws SQLException {
        try (PreparedStatement st = statement(c, "select pg_advisory_xact_lock(?, hashtext(?))", name)) {
            st.execute();
        }
    }

    private PreparedStatement statement(Connection c, String sql, String name) throws SQLException {
        PreparedStatement st = c.prepareStatement(sql);
        try {
            st.setInt(1, lockClass);
            st.setString(2, name);
            return st;
        } catch (SQLException e) {
            st.close();
            throw e;
        }
    }
}
