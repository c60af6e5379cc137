package dev.cobro.adapters.persistence;

import dev.cobro.db.CobroMigrations;
import dev.cobro.db.testing.TestDatabase;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** A fresh database from the one helper, {@link TestDatabase}, migrated; and plain-SQL looks at it. */
final class Databases {

    private Databases() {
    }

    static TestDatabase.Handle migrated() {
        TestDatabase.Handle db = TestDatabase.freshDatabase();
        CobroMigrations.migrate(db.dataSource());
        return db;
    }

    static CobroPersistence persistence(TestDatabase.Handle db) {
        return CobroPersistence.create(db.jdbcUrl(), db.user(), db.password());
    }

    /**
     * Deletes every payment, authorization, attempt, status change, notification and outcome event:
     * each contract case starts from an empty store without a database of its own.
     */
    static void emptySubjects(TestDatabase.Handle db) {
        execute(db, "truncate cobro.checkout_payment, cobro.card_authorization, cobro.card_authorization_field,"
                + " cobro.provider_attempt, cobro.status_change, cobro.payment_notification, cobro.outcome_event,"
                + " cobro.payment_refund");
    }

    static List<List<String>> rows(TestDatabase.Handle db, String sql) {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            List<List<String>> out = new ArrayList<>();
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getString(i));
                }
                out.add(row);
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    static String single(TestDatabase.Handle db, String sql) {
        List<List<String>> rows = rows(db, sql);
        if (rows.size() != 1) {
            throw new IllegalStateException(rows.size() + " rows from " + sql);
        }
        return rows.get(0).get(0);
    }

    static void execute(TestDatabase.Handle db, String sql) {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
