package dev.cobro.db.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one test-database helper. It finds a PostgreSQL server once per JVM, in this order:
 * <ol>
 *   <li>{@code COBRO_TEST_JDBC_URL} (with {@code COBRO_TEST_JDBC_USER}/{@code COBRO_TEST_JDBC_PASSWORD},
 *       default postgres/postgres);</li>
 *   <li>Testcontainers ({@code postgres:15-alpine}) when Docker is available;</li>
 *   <li>an embedded PostgreSQL (zonky), which runs as root through {@code unshare -U}.</li>
 * </ol>
 * Each {@link #freshDatabase()} creates a new, empty database on that server, so every test class
 * (and every run against a shared server) has its own.
 */
public final class TestDatabase {

    private static final Logger LOG = LoggerFactory.getLogger(TestDatabase.class);
    private static final Pattern DATABASE_IN_URL = Pattern.compile("^(jdbc:postgresql://[^/]*/)([^?]*)(.*)$");

    private static Server server;

    private TestDatabase() {
    }

    /** A database of its own on this JVM's server, with a DataSource and the JDBC coordinates of it. */
    public record Handle(String name, String jdbcUrl, String user, String password, DataSource dataSource) {

        @Override
        public String toString() {
            return "TestDatabase[" + withoutParameters(jdbcUrl) + " as " + user + "]";
        }
    }

    /** Creates {@code cobro_test_<random>} and returns a handle on it. */
    public static Handle freshDatabase() {
        Server s = server();
        String name = "cobro_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = DriverManager.getConnection(s.adminUrl(), s.user(), s.password());
             Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + name + " on " + s.source(), e);
        }
        String url = withDatabase(s.adminUrl(), name);
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url);
        ds.setUser(s.user());
        ds.setPassword(s.password());
        return new Handle(name, url, s.user(), s.password(), ds);
    }

    /** Where this JVM's server came from: "env", "testcontainers" or "embedded". */
    public static String source() {
        return server().source();
    }

    private record Server(String source, String adminUrl, String user, String password) {
    }

    private static synchronized Server server() {
        if (server == null) {
            server = start();
            LOG.info("Test PostgreSQL from {}: {}", server.source(), withoutParameters(server.adminUrl()));
        }
        return server;
    }

    private static Server start() {
        String url = System.getenv("COBRO_TEST_JDBC_URL");
        if (url != null && !url.isBlank()) {
            return new Server("env", url, env("COBRO_TEST_JDBC_USER", "postgres"),
                    env("COBRO_TEST_JDBC_PASSWORD", "postgres"));
        }
        if (dockerAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:15-alpine");
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "test-postgres-stop"));
            return new Server("testcontainers", container.getJdbcUrl(), container.getUsername(),
                    container.getPassword());
        }
        try {
            // zonky gives PostgreSQL 10 s to start by default: on a loaded machine initdb and start-up take longer.
            EmbeddedPostgres embedded = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofMinutes(2)).start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    embedded.close();
                } catch (IOException e) {
                    LOG.warn("Embedded PostgreSQL did not stop cleanly", e);
                }
            }, "test-postgres-stop"));
            return new Server("embedded", embedded.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
        } catch (IOException e) {
            throw new UncheckedIOException("no COBRO_TEST_JDBC_URL, no Docker, and embedded PostgreSQL failed", e);
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** A URL's parameters may carry a password: never logged. */
    static String withoutParameters(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    /** The same server URL (host, port, parameters) pointing at database {@code name}. */
    static String withDatabase(String url, String name) {
        Matcher m = DATABASE_IN_URL.matcher(url);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a jdbc:postgresql://host/database URL: " + withoutParameters(url));
        }
        return m.group(1) + name + m.group(3);
    }
}
