package dev.cobro.db;

import dev.cobro.db.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CobroMigrationsIT {

    @Test
    void migrationsCreateEveryTableInSchemaCobroOnAnEmptyDatabase() throws SQLException {
        DataSource ds = TestDatabase.freshDatabase().dataSource();

        MigrateResult result = CobroMigrations.migrate(ds);

        assertThat(result.success).isTrue();
        assertThat(result.migrationsExecuted).isPositive();
        assertThat(strings(ds, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'cobro'"))
                .contains("checkout_payment", "card_authorization", "provider_attempt", "status_change",
                        "payment_notification", "token_request", "flyway_schema_history", "transaction_history");
        assertThat(strings(ds, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"))
                .isEmpty();
    }

    @Test
    void aDatabaseIsCurrentOnlyOnceEveryShippedMigrationIsApplied() {
        DataSource ds = TestDatabase.freshDatabase().dataSource();

        assertThat(CobroMigrations.isCurrent(ds)).as("no schema yet").isFalse();
        CobroMigrations.migrate(ds);

        assertThat(CobroMigrations.isCurrent(ds)).isTrue();
        assertThat(CobroMigrations.status(ds).currentVersion()).isEqualTo(String.valueOf(CobroMigrations.LATEST_VERSION));
    }

    @Test
    void migratingAgainAppliesNothing() {
        DataSource ds = TestDatabase.freshDatabase().dataSource();
        CobroMigrations.migrate(ds);

        MigrateResult again = CobroMigrations.migrate(ds);

        assertThat(again.success).isTrue();
        assertThat(again.migrationsExecuted).isZero();
    }

    /**
     * Flyway (and Spring Boot's Flyway) scans {@code classpath:db/migration} recursively by default: Cobro's
     * scripts must live elsewhere, or a host's own Flyway would run them as its own migrations.
     */
    @Test
    void aHostsFlywayWithDefaultLocationsFindsNoneOfCobrosMigrations() {
        DataSource ds = TestDatabase.freshDatabase().dataSource();

        Flyway host = Flyway.configure().dataSource(ds).load();

        assertThat(host.info().all()).isEmpty();
        assertThat(CobroMigrations.migrate(ds).migrationsExecuted).isPositive();
    }

    @Test
    void aHostsOwnTablesAndFlywayHistoryInPublicAreLeftAsTheyWere() throws SQLException {
        DataSource ds = TestDatabase.freshDatabase().dataSource();
        Flyway host = Flyway.configure().dataSource(ds).locations("classpath:db/host-migration").load();
        host.migrate();
        exec(ds, "CREATE SCHEMA billing; CREATE TABLE billing.invoice (id int PRIMARY KEY)");
        List<String> hostHistoryBefore = strings(ds, "SELECT version || ':' || checksum FROM public.flyway_schema_history");

        MigrateResult cobro = CobroMigrations.migrate(ds);

        assertThat(cobro.success).isTrue();
        assertThat(cobro.migrationsExecuted).isPositive();
        assertThat(strings(ds, "SELECT version || ':' || checksum FROM public.flyway_schema_history"))
                .isEqualTo(hostHistoryBefore);
        assertThat(strings(ds, "SELECT total::text FROM public.orders")).containsExactly("10.00");
        assertThat(strings(ds, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'billing'"))
                .containsExactly("invoice");
        assertThat(strings(ds, "SELECT count(*)::text FROM cobro.flyway_schema_history WHERE success"))
                .containsExactly(String.valueOf(cobro.migrationsExecuted + 1)); // + the schema-creation marker
        // The host's Flyway still finds its history valid and nothing pending.
        host.validate();
        assertThat(host.migrate().migrationsExecuted).isZero();
    }

    @Test
    void operationNumbersRunFromOneToNineDigitsAndNeverWrap() throws SQLException {
        DataSource ds = TestDatabase.freshDatabase().dataSource();
        CobroMigrations.migrate(ds);

        assertThat(strings(ds, "SELECT min_value || '..' || max_value || ' cycle=' || cycle FROM pg_sequences"
                + " WHERE schemaname = 'cobro' AND sequencename = 'operation_number_seq'"))
                .containsExactly("1..999999999 cycle=false");
    }

    private static void exec(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static List<String> strings(DataSource ds, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
