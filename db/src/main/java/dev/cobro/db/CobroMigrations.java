package dev.cobro.db;

import org.flywaydb.core.Flyway;
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
        return Flyway.configure(CobroMigrations.class.getClassLoader())
                .dataSource(dataSource)
                .schemas(SCHEMA)
                .defaultSchema(SCHEMA)
                .createSchemas(true)
                .table(HISTORY_TABLE)
                .locations(LOCATION)
                // A jar without its migrations must fail loudly, not "migrate" nothing.
                .failOnMissingLocations(true)
                .load()
                .migrate();
    }
}
