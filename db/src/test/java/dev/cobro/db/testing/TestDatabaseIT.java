package dev.cobro.db.testing;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

class TestDatabaseIT {

    @Test
    void eachCallGivesANewEmptyDatabaseOnTheSameServer() throws SQLException {
        TestDatabase.Handle first = TestDatabase.freshDatabase();
        TestDatabase.Handle second = TestDatabase.freshDatabase();

        try (Connection c = first.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE marker (id int)");
        }

        assertThat(first.name()).isNotEqualTo(second.name()).startsWith("cobro_test_");
        assertThat(currentDatabase(second)).isEqualTo(second.name());
        try (Connection c = DriverManager.getConnection(second.jdbcUrl(), second.user(), second.password());
             ResultSet rs = c.getMetaData().getTables(null, "public", "marker", null)) {
            assertThat(rs.next()).as("a table of the first database seen in the second").isFalse();
        }
        assertThat(TestDatabase.source()).isIn("env", "testcontainers", "embedded");
    }

    private static String currentDatabase(TestDatabase.Handle handle) throws SQLException {
        try (Connection c = handle.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_database()")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
