package dev.cobro.bootstrap.bench;

import dev.cobro.bootstrap.config.CobroConfiguration;
import dev.cobro.bootstrap.embedded.EmbeddedDatabase;
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
 * The bench's PostgreSQL: {@code COBRO_DB_URL}, else the embedded one in {@code $COBRO_HOME}, as
 * every CLI command finds it. It also hands out other databases of the same server, so that the
 * history bench seeds a million rows next to Cobro's data, never into it.
 */
final class BenchDatabase implements AutoCloseable {

    /** As long as the CLI's commands wait for another process that holds the embedded database. */
    private static final Duration HOME_LOCK_WAIT = Duration.ofSeconds(30);
    private static final Pattern DATABASE_IN_URL = Pattern.compile("^(jdbc:postgresql://[^/?]*/)([^?]*)(.*)$");
    private static final Pattern PLAIN_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final String url;
    private final String user;
    private final String password;
    private final EmbeddedDatabase embedded;

    private BenchDatabase(String url, String user, String password, EmbeddedDatabase embedded) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.embedded = embedded;
    }

    static BenchDatabase open(CobroConfiguration config) {
        if (config.dbUrl() != null) {
            return new BenchDatabase(config.dbUrl(), config.dbUser(), config.dbPassword(), null);
        }
        EmbeddedDatabase embedded = EmbeddedDatabase.open(config.home(), HOME_LOCK_WAIT);
        return new BenchDatabase(embedded.jdbcUrl(), embedded.user(), null, embedded);
    }

    String url() {
        return url;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    DataSource dataSource() {
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
    BenchDatabase sibling(String name) throws SQLException {
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
        return new BenchDatabase(m.group(1) + name + m.group(3), user, password, null);
    }

    /** The URL without its parameters: they may carry a password. */
    String describe() {
        int query = url.indexOf('?');
        String bare = query < 0 ? url : url.substring(0, query);
        return embedded != null ? bare + " (embedded)" : bare;
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
