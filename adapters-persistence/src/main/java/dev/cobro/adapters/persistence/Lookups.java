package dev.cobro.adapters.persistence;

import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;

/**
 * The id of the row a unique key names, in one plain JDBC query, or null: the look-up a service
 * makes before its write-ahead usually finds nothing, and then costs no more than this.
 */
final class Lookups {

    private Lookups() {
    }

    /** {@code sql} selects one uuid column with string parameters (a key's columns, in order). */
    static UUID id(Session session, String sql, String... parameters) {
        return session.doReturningWork(c -> {
            try (PreparedStatement st = c.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    st.setString(i + 1, parameters[i]);
                }
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? rs.getObject(1, UUID.class) : null;
                }
            }
        });
    }
}
