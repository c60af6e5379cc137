package dev.cobro.cli.embedded;

import dev.cobro.bootstrap.config.CobroConfiguration;

import dev.cobro.cli.embedded.EmbeddedDatabase;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the CLI's and the bench's data live: {@code COBRO_DB_URL}, else the embedded PostgreSQL in
 * {@code $COBRO_HOME}, started on open and stopped on close. It also hands out other databases of
 * the same server, so that the history bench seeds a million rows next to Cobro's data, never into it.
 */
public final class CobroDatabase implements AutoCloseable {

    /** How long a command waits for another Cobro process that holds the embedded database of the home. */
    public static final Duration HOME_LOCK_WAIT = Duration.ofSeconds(30);
    private static final Pattern DATABASE_IN_URL = Pattern.compile("^(jdbc:postgresql://[^/?]*/)([^?]*)(.*)$");
    private static final Pattern PLAIN_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

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

    /** Database {@code name} on the same server, created when absent; same user, same URL parameters. */
    public CobroDatabase sibling(String name) throws SQLException {
        if (!PLAIN_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        try (Connection c = dataSource().getConnection()) {
            boolean exists;
            try (PreparedStatement st = c.prepareStatement("select 1 from pg_database where datname = ?")) {
                st.setString(1, name);
                try (ResultSet rs = st.executeQuery()) {
                    exists = rs.next();
                }
            }
            if (!exists) {
                try (Statement st = c.createStatement()) {
                    st.execute("create database " + name);
                } catch (SQLException raced) {
                    // Another bench may have created it meanwhile (42P04 duplicate_database): that is fine.
                    if (!"42P04".equals(raced.getSQLState())) {
                        throw raced;
                    }
                }
            }
        }
        Matcher m = DATABASE_IN_URL.matcher(url);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a jdbc:postgresql://host/database URL: " + describe());
        }
        return new CobroDatabase(m.group(1) + name + m.group(3), user, password, null);
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
