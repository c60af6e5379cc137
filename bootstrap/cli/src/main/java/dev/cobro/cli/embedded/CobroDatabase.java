package dev.cobro.cli.embedded;

import dev.cobro.bench.BenchDatabase;
import dev.cobro.bootstrap.config.CobroConfiguration;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Where the CLI's and the bench's data live: {@code COBRO_DB_URL}, else the embedded PostgreSQL in
 * {@code $COBRO_HOME}, started on open and stopped on close. A database at a URL is the bench's
 * {@link BenchDatabase} (the CLI runs the bench and shares its idea of one); this class only knows
 * how the CLI finds and starts it.
 */
public final class CobroDatabase implements AutoCloseable {

    /** How long a command waits for another Cobro process that holds the embedded database of the home. */
    public static final Duration HOME_LOCK_WAIT = Duration.ofSeconds(30);

    private final BenchDatabase database;

    private CobroDatabase(BenchDatabase database) {
        this.database = database;
    }

    /** The configured database; the embedded one is started (waiting for another process up to {@link #HOME_LOCK_WAIT}). */
    public static CobroDatabase open(CobroConfiguration config) {
        if (config.dbUrl() != null) {
            return new CobroDatabase(new BenchDatabase(config.dbUrl(), config.dbUser(), config.dbPassword(), null,
                    null));
        }
        EmbeddedDatabase embedded = EmbeddedDatabase.open(config.home(), HOME_LOCK_WAIT);
        return new CobroDatabase(new BenchDatabase(embedded.jdbcUrl(), embedded.user(), null, "embedded",
                embedded::close));
    }

    public String url() {
        return database.url();
    }

    public String user() {
        return database.user();
    }

    public String password() {
        return database.password();
    }

    public DataSource dataSource() {
        return database.dataSource();
    }

    /** Database {@code name} on the same server, created when absent; same user, same URL parameters. */
    public BenchDatabase sibling(String name) throws SQLException {
        return database.sibling(name);
    }

    /** This database as the bench takes it; closing either stops the embedded server once. */
    public BenchDatabase forBench() {
        return database;
    }

    /** The URL without its parameters: they may carry a password. */
    public String describe() {
        return database.describe();
    }

    @Override
    public void close() {
        database.close();
    }

    @Override
    public String toString() {
        return database.toString();
    }
}
