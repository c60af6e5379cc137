package dev.cobro.db;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Applies Cobro's migrations. Everything, Flyway's own history table included, lives in schema
 * {@code cobro}, so a host's tables and its own Flyway history are left as they are.
 */
public final class CobroMigrations {

    public static final String SCHEMA = "cobro";
    public static final String HISTORY_TABLE = "flyway_schema_history";
    public static final String LOCATION = "classpath:dev/cobro/db/migration";
    /**
     * The newest migration this jar ships ({@code CobroMigrationsTest} holds it to the files), so
     * that {@link #isCurrent} answers without Flyway, whose start-up and scan of every migration
     * cost a command-line process most of a second.
     */
    public static final int LATEST_VERSION = 15;

    private CobroMigrations() {
    }

    /** Brings schema {@code cobro} up to date (creating it if needed) and reports what was applied. */
    public static MigrateResult migrate(DataSource dataSource) {
        return flyway(dataSource).migrate();
    }

    /**
     * Whether the database already holds every migration this jar ships, read in one query of
     * Flyway's history table: its newest successful version is {@link #LATEST_VERSION} and no
     * migration failed. False when the schema or the table does not exist yet; then
     * {@link #migrate} is what to run. A database that cannot be read is an
     * {@link IllegalStateException}, not a "false" that would send the caller migrating it.
     */
    public static boolean isCurrent(DataSource dataSource) {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select coalesce(max(case when success then"
                     + " nullif(regexp_replace(version, '[^0-9].*$', ''), '')::int end), 0),"
                     + " count(*) filter (where not success) from " + SCHEMA + "." + HISTORY_TABLE)) {
            return rs.next() && rs.getInt(1) == LATEST_VERSION && rs.getInt(2) == 0;
        } catch (SQLException e) {
            // 42P01 undefined table, 3F000 undefined schema: nothing migrated yet.
            if ("42P01".equals(e.getSQLState()) || "3F000".equals(e.getSQLState())) {
                return false;
            }
            throw new IllegalStateException("cannot read Cobro's schema version: " + e.getMessage(), e);
        }
    }

    /**
     * Where the database stands against the migrations this jar ships: the version applied (null
     * when none is) and how many are still to apply. Reads; changes nothing.
     */
    public static Status status(DataSource dataSource) {
        MigrationInfoService info = flyway(dataSource).info();
        MigrationInfo current = info.current();
        return new Status(current == null || current.getVersion() == null ? null : current.getVersion().getVersion(),
                info.pending().length);
    }

    /** {@code migrated()}: every migration this jar ships is applied. */
    public record Status(String currentVersion, int pending) {

        public boolean migrated() {
            return currentVersion != null && pending == 0;
        }
    }

    private static Flyway flyway(DataSource dataSource) {
        return Flyway.configure(CobroMigrations.class.getClassLoader())
                .dataSource(dataSource)
                .schemas(SCHEMA)
                .defaultSchema(SCHEMA)
                .createSchemas(true)
                .table(HISTORY_TABLE)
                .locations(LOCATION)
                // A jar without its migrations must fail loudly, not "migrate" nothing.
                .failOnMissingLocations(true)
                .load();
    }
}
