package dev.cobro.cli;

import dev.cobro.db.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code class-training}, which {@code bin/cobro} runs once per jar to record its class archive: every
 * command runs, on a scratch database of its own that is gone afterwards, and the configured database
 * is not written to (not even migrated).
 */
class ClassTrainingCommandIT {

    @Test
    void everyCommandRunsOnAScratchDatabaseThatIsDroppedAndTheConfiguredOneIsLeftAlone() throws SQLException {
        TestDatabase.Handle database = TestDatabase.freshDatabase();
        Map<String, String> env = CliEnvironment.databaseOnly(database);

        CliResult training = Cli.run(env, "class-training");

        assertThat(training.exitCode()).as(training.toString()).isZero();
        assertThat(training.out()).isEmpty();
        try (Connection c = database.dataSource().getConnection(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("select count(*) from information_schema.schemata"
                    + " where schema_name = 'cobro'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("the configured database is not even migrated").isZero();
            }
            List<String> left = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("select datname from pg_database where datname like '"
                    + ClassTrainingCommand.DATABASE_PREFIX + "%'")) {
                while (rs.next()) {
                    left.add(rs.getString(1));
                }
            }
            assertThat(left).as("scratch databases left behind").isEmpty();
        }
    }

    @Test
    void itIsNotAmongTheCommandsTheHelpLists() {
        CliResult help = Cli.run(Map.of(), "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("history").doesNotContain("class-training");
    }
}
