package dev.cobro.adapters.persistence.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * The one clock every instance on a database shares: PostgreSQL's {@code clock_timestamp()} (the
 * time of the statement's execution, not of its transaction's start). Token ages and the token
 * ledger's windows are measured by it, never by a host's clock.
 */
public final class DatabaseClock {

    private DatabaseClock() {
    }

    public static Instant now(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("select clock_timestamp()");
             ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getObject(1, OffsetDateTime.class).toInstant();
        }
    }
}
