package dev.cobro.bench;

import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PostgreSQL database the bench measures on, by its JDBC URL: the one Cobro and the baseline
 * write to, and other databases of the same server, so that the history bench seeds millions of
 * rows next to Cobro's data, never into it. Whoever started the server (the CLI's embedded
 * PostgreSQL) stops it through {@code onClose}.
 */
public final class BenchDatabase implements AutoCloseable {

    private static final Pattern DATABASE_IN_URL = Pattern.compile("^(jdbc:postgresql://[^/?]*/)([^?]*)(.*)$");
    private static final Pattern PLAIN_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final String url;
    private final String user;
    private final String password;
    private final String label;
    private final Runnable onClose;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param label   how {@link #describe} names it beside its URL (e.g. "embedded"), or null
     * @param onClose what closing it does (stop an embedded server), or null
     */
    public BenchDatabase(String url, String user, String password, String label, Runnable onClose) {
        this.url = Objects.requireNonNull(url, "url");
        this.user = user;
        this.password = password;
        this.label = label;
        this.onClose = onClose;
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
    public BenchDatabase sibling(String name) throws SQLException {
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
        return new BenchDatabase(m.group(1) + name + m.group(3), user, password, null, null);
    }

    /** The URL without its parameters: they may carry a password. */
    public String describe() {
        int query = url.indexOf('?');
        String bare = query < 0 ? url : url.substring(0, query);
        return label != null ? bare + " (" + label + ")" : bare;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && onClose != null) {
            onClose.run();
        }
    }

    @Override
    public String toString() {
        return "database " + describe();
    }
}
