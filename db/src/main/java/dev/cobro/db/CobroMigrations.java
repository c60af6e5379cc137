package dev.cobro.db;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;

/**
 * Applies Cobro's migrations. Everything, Flyway's own history table included, lives in schema
 * {@code cobro}, so a host's tables and its own Flyway history are left as they are.
 */
public final class CobroMigrations {

    public static final String SCHEMA = "cobro";
    public static final String HISTORY_TABLE = "flyway_schema_history";
    public static final String LOCATION = "classpath:dev/cobro/db/migration";

    private CobroMigrations() {
    }

    /** Brings schema {@code cobro} up to date (creating it if needed) and reports what was applied. */
    public static MigrateResult migrate(DataSource dataSource) {
        return flyway(dataSource).migrate();
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
