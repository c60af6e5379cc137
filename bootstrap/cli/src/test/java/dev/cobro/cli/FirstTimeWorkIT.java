package dev.cobro.cli;

import dev.cobro.db.CobroMigrations;
import dev.cobro.db.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slow first-time work is said on stderr as it happens: the first command on a database that is not
 * migrated says it migrates (whether it builds Cobro whole or reads the history alone), and the next
 * one, finding the schema current, says nothing. (The first use of a home, which extracts the embedded
 * PostgreSQL, is {@code ShadedJarDemoIT}'s: it runs in a process of its own.)
 */
class FirstTimeWorkIT {

    private static final String MIGRATING = "migrating the database";

    @Test
    void aCommandThatBuildsCobroSaysItMigratesAFreshDatabaseAndTheNextOneSaysNothing() {
        Map<String, String> env = CliEnvironment.databaseOnly(TestDatabase.freshDatabase());

        CliResult first = Cli.run(env, "events", "--limit", "1");
        CliResult second = Cli.run(env, "events", "--limit", "1");

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.err()).contains(MIGRATING, "schema version " + CobroMigrations.LATEST_VERSION);
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.err()).doesNotContain(MIGRATING);
    }

    @Test
    void historyAloneSaysItMigratesAFreshDatabaseAndTheNextOneSaysNothing() {
        Map<String, String> env = CliEnvironment.databaseOnly(TestDatabase.freshDatabase());

        CliResult first = Cli.run(env, "history", "--limit", "1");
        CliResult second = Cli.run(env, "history", "--limit", "1");

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.err()).contains(MIGRATING);
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.err()).doesNotContain(MIGRATING);
    }
}
