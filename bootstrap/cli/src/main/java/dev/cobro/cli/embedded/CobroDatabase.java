package dev.cobro.cli.embedded;

import dev.cobro.bootstrap.config.CobroConfiguration;

import dev.cobro.cli.embedded.EmbeddedDatabase;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.time.Duration;

/**
 * Where the CLI's and the bench's data live: {@code COBRO_DB_URL}, else the embedded PostgreSQL in
 * {@code $COBRO_HOME}, started on open and stopped on close.
 */
public final class CobroDatabase implements AutoCloseable {

    /** How long a command waits for another Cobro process that holds the embedded database of the home. */
    public static final Duration HOME_LOCK_WAIT = Duration.ofSeconds(30);

    private final String url;
    private final String user;
    private final String password;
    private final EmbeddedDatabase embedded;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private CobroDatabase(String url, String user, String password, EmbeddedDatabase embedded) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.embedded = embedded;
    }

    /** The configured database; the embedded one is started (waiting for another process up to {@link #HOME_LOCK_WAIT}). */
    public static CobroDatabase open(CobroConfiguration config) {
        if (config.dbUrl() != null) {
            return new CobroDatabase(config.dbUrl(), config.dbUser(), config.dbPassword(), null);
        }
        EmbeddedDatabase embedded = EmbeddedDatabase.open(config.home(), HOME_LOCK_WAIT);
        return new CobroDatabase(embedded.jdbcUrl(), embedded.user(), null, embedded);
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public DataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(url);
        if (user != null) {
            dataSource.setUser(user);
        }
        if (password != null) {
            dataSource.setPassword(password);
        }
        return dataSource;
    }

    /** The URL without its parameters: they may carry a password. */
    public String describe() {
        int query = url.indexOf('?');
        String bare = query < 0 ? url : url.substring(0, query);
        return embedded != null ? bare + " (embedded)" : bare;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && embedded != null) {
            embedded.close();
        }
    }

    @Override
    public String toString() {
        return "database " + describe();
    }
}
