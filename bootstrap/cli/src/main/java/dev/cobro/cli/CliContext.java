package dev.cobro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cobro.adapters.persistence.PostgresHistoryPagesAdapter;
import dev.cobro.application.port.in.NotFoundException;
import dev.cobro.application.port.in.QueryTransactionHistoryUseCase;
import dev.cobro.application.port.out.ProviderConfigurationException;
import dev.cobro.application.port.out.TransactionRecord;
import dev.cobro.application.service.QueryTransactionHistoryService;
import dev.cobro.bootstrap.Cobro;
import dev.cobro.bootstrap.config.CobroConfiguration;
import dev.cobro.bootstrap.config.ConfigurationException;
import dev.cobro.cli.embedded.CobroDatabase;
import dev.cobro.cli.embedded.EmbeddedDatabase;
import dev.cobro.db.CobroMigrations;
import dev.cobro.domain.shared.TransactionKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * What one command line runs with: its environment and streams, the configuration read from that
 * environment, the database (COBRO_DB_URL, else the embedded PostgreSQL in COBRO_HOME) and every
 * resource opened for it, so that Ctrl-C or the end of the command closes them all.
 */
final class CliContext {

    private static final Logger LOG = LoggerFactory.getLogger(CliContext.class);
    /** A request is a few kilobytes; a bigger file is a mistake, not a request. */
    private static final int MAX_INPUT_BYTES = 1 << 20;

    private final Map<String, String> env;
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean verbose;
    private final CompletableFuture<Void> stopRequested = new CompletableFuture<>();
    private final Deque<AutoCloseable> open = new ArrayDeque<>();
    private CobroConfiguration configuration;

    CliContext(Map<String, String> env, InputStream in, PrintStream out, PrintStream err, boolean verbose) {
        this.env = Map.copyOf(env);
        this.in = in;
        this.out = out;
        this.err = err;
        this.verbose = verbose;
    }

    /** The environment the CLI runs with (the process's, or a test's). */
    Map<String, String> env() {
        return env;
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    boolean verbose() {
        return verbose;
    }

    /** The COBRO_* settings; a {@link ConfigurationException} lists every problem at once. */
    synchronized CobroConfiguration configuration() {
        if (configuration == null) {
            configuration = CobroConfiguration.fromEnvironment(env);
        }
        return configuration;
    }

    // --- input and output ------------------------------------------------------------------------

    /** The text of {@code file}, or of stdin for {@code -}; a file that cannot be read is bad input. */
    String readText(String file, String what) {
        byte[] bytes;
        String source = "-".equals(file) ? "stdin" : "'" + file + "'";
        try {
            if ("-".equals(file)) {
                bytes = in.readNBytes(MAX_INPUT_BYTES + 1);
            } else {
                Path path = Path.of(file);
                if (Files.isDirectory(path)) {
                    throw CliFailure.badInput("cannot read the " + what + " file " + source + ": it is a directory");
                }
                if (Files.size(path) > MAX_INPUT_BYTES) {
                    throw CliFailure.badInput("the " + what + " file " + source + " is larger than "
                            + MAX_INPUT_BYTES + " bytes");
                }
                bytes = Files.readAllBytes(path);
            }
        } catch (NoSuchFileException e) {
            throw CliFailure.badInput("cannot read the " + what + " file " + source + ": no such file");
        } catch (AccessDeniedException e) {
            throw CliFailure.badInput("cannot read the " + what + " file " + source + ": permission denied");
        } catch (InvalidPathException e) {
            throw CliFailure.badInput("cannot read the " + what + " file " + source + ": not a valid path");
        } catch (IOException e) {
            throw CliFailure.badInput("cannot read the " + what + " from " + source + ": " + e.getMessage());
        }
        if (bytes.length > MAX_INPUT_BYTES) {
            throw CliFailure.badInput("the " + what + " on " + source + " is larger than " + MAX_INPUT_BYTES + " bytes");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw CliFailure.badInput("the " + what + " from " + source + " is not UTF-8 text");
        }
    }

    /** The JSON of {@code file} (or stdin for {@code -}); anything else is bad input. */
    JsonNode readJson(String file, String what) {
        String source = "-".equals(file) ? " on stdin" : " in '" + file + "'";
        return CliJson.parse(readText(file, what), "the " + what + source);
    }

    void printJson(JsonNode json) {
        out.println(CliJson.pretty(json));
        out.flush();
    }

    // --- database and Cobro ------------------------------------------------------------------------

    /**
     * Only the database settings, for commands that call no provider ({@code history},
     * {@code migrate}, {@code demo}): a half-configured provider must not stop them.
     */
    synchronized CobroConfiguration databaseConfiguration() {
        if (configuration != null) {
            return configuration;
        }
        Map<String, String> databaseOnly = new HashMap<>();
        for (String name : List.of(CobroConfiguration.DB_URL, CobroConfiguration.DB_USER,
                CobroConfiguration.DB_PASSWORD, CobroConfiguration.HOME)) {
            if (env.get(name) != null) {
                databaseOnly.put(name, env.get(name));
            }
        }
        return CobroConfiguration.fromEnvironment(databaseOnly);
    }

    /** The configured database, started first when it is the embedded one. */
    CobroDatabase openDatabase() {
        CobroConfiguration config = databaseConfiguration();
        if (config.dbUrl() == null && !Files.isDirectory(config.home().resolve("pgdata"))) {
            err.println("cobro: first use of " + config.home() + ": extracting and initializing the embedded"
                    + " PostgreSQL (a few seconds, once)...");
            err.flush();
        }
        try {
            return track(CobroDatabase.open(config));
        } catch (EmbeddedDatabase.HomeInUseException busy) {
            throw busy;
        } catch (EmbeddedDatabase.NoBinariesForThisPlatformException elsewhere) {
            throw CliFailure.configuration(elsewhere.getMessage());
        } catch (RuntimeException e) {
            throw CliFailure.infrastructure("could not start the embedded PostgreSQL in " + config.home() + ": "
                    + rootMessage(e) + " (or point " + CobroConfiguration.DB_URL + " at a PostgreSQL server)", e);
        }
    }

    /**
     * Cobro over the configured database (migrated on the way), with what {@code providers} adds to
     * the builder. A database that cannot be reached is an infrastructure failure (exit 5).
     */
    CobroSession openCobro(Consumer<Cobro.Builder> providers) {
        return openCobro(providers, false);
    }

    /**
     * As {@link #openCobro(Consumer)}; {@code withProviders} says that {@code providers} configures
     * at least one, whose HTTP client needs the JDK's default TLS context.
     */
    CobroSession openCobro(Consumer<Cobro.Builder> providers, boolean withProviders) {
        if (withProviders) {
            // Loading the JDK's trust store takes about a tenth of a second of one core; on the
            // other core it is ready by the time the providers' clients are built after Hibernate.
            Thread warmUp = new Thread(CliContext::loadDefaultTlsContext, "cobro-cli-tls-warm-up");
            warmUp.setDaemon(true);
            warmUp.start();
        }
        CobroDatabase database = openDatabase();
        HikariDataSource pool = null;
        try {
            // The pool first: its one connection answers the schema's version and then serves Cobro,
            // one PostgreSQL session opened instead of two.
            pool = pool(database);
            // One query tells a current schema; Flyway's own start and scan would cost most of a second.
            boolean current = CobroMigrations.isCurrent(pool);
            if (!current) {
                err.println("cobro: migrating the database " + database.describe() + " to schema version "
                        + CobroMigrations.LATEST_VERSION + " (first use of this database or of this version)...");
                err.flush();
            }
            Cobro.Builder builder = Cobro.builder()
                    .dataSource(pool)
                    .runMigrations(!current);
            providers.accept(builder);
            return track(new CobroSession(builder.build(), pool, database));
        } catch (ProviderConfigurationException | ConfigurationException | CliFailure e) {
            closeQuietly(pool);
            database.close();
            throw e;
        } catch (RuntimeException e) {
            closeQuietly(pool);
            database.close();
            throw CliFailure.infrastructure("could not open the database " + database.describe() + ": "
                    + rootMessage(e), e);
        }
    }

    /**
     * The pool of one command: it opens one connection and more only when a second is asked for at
     * once. Cobro's own pool keeps ten open, and a one-shot command would pay for nine PostgreSQL
     * backends (started, then stopped) it never uses.
     */
    private static HikariDataSource pool(CobroDatabase database) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.url());
        config.setUsername(database.user());
        config.setPassword(database.password());
        config.setPoolName("cobro");
        config.setMaximumPoolSize(10);
        config.setMinimumIdle(1);
        // As Cobro's own pool: the driver would otherwise quote row values (names, e-mails) in its errors.
        config.addDataSourceProperty("logServerErrorDetail", "false");
        return new HikariDataSource(config);
    }

    private static void closeQuietly(HikariDataSource pool) {
        if (pool != null) {
            pool.close();
        }
    }

    /**
     * The history's pages alone, on one connection and without Hibernate: what {@code history}
     * needs to answer in about a second. The schema is migrated first when it is not current.
     */
    QueryTransactionHistoryUseCase openHistoryPages() {
        CobroDatabase database = openDatabase();
        try {
            if (!CobroMigrations.isCurrent(database.dataSource())) {
                err.println("cobro: migrating the database " + database.describe() + " to schema version "
                        + CobroMigrations.LATEST_VERSION + " (first use of this database or of this version)...");
                err.flush();
                CobroMigrations.migrate(database.dataSource());
            }
            Connection connection = database.dataSource().getConnection();
            return new QueryTransactionHistoryService(track(PostgresHistoryPagesAdapter.on(connection)));
        } catch (SQLException | RuntimeException e) {
            throw CliFailure.infrastructure("could not open the database " + database.describe() + ": "
                    + rootMessage(e), e);
        }
    }

    /** Cobro with the providers that the environment configures. */
    CobroSession openCobroWithConfiguredProviders() {
        CobroConfiguration config = configuration();
        return openCobro(config::configure, true);
    }

    private static void loadDefaultTlsContext() {
        try {
            SSLContext.getDefault();
        } catch (NoSuchAlgorithmException | RuntimeException e) {
            // The HTTP client asks again, on the main thread, and reports what goes wrong there.
            LOG.debug("could not load the default TLS context ahead: {}", e.toString());
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        List<Throwable> seen = new ArrayList<>();
        while (root.getCause() != null && !seen.contains(root.getCause())) {
            seen.add(root);
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }

    // --- lifetime ----------------------------------------------------------------------------------

    <T extends AutoCloseable> T track(T resource) {
        synchronized (open) {
            open.push(resource);
        }
        return resource;
    }

    /** Blocks until Ctrl-C (or {@link #shutDown()}): for commands that serve until stopped. */
    void awaitStop() throws InterruptedException {
        try {
            stopRequested.get();
        } catch (ExecutionException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** Closes what is still open, newest first; safe to call twice and from a shutdown hook. */
    void shutDown() {
        stopRequested.complete(null);
        List<AutoCloseable> left;
        synchronized (open) {
            left = new ArrayList<>(open);
            open.clear();
        }
        for (AutoCloseable resource : left) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("could not close {}: {}", resource, e.getMessage());
            }
        }
    }

    /** A Cobro, its pool and its database, closed together (Cobro first, then the pool it uses). */
    static final class CobroSession implements AutoCloseable {
        private final Cobro cobro;
        private final HikariDataSource pool;
        private final CobroDatabase database;
        private final AtomicBoolean closed = new AtomicBoolean();

        CobroSession(Cobro cobro, HikariDataSource pool, CobroDatabase database) {
            this.cobro = cobro;
            this.pool = pool;
            this.database = database;
        }

        Cobro cobro() {
            return cobro;
        }

        CobroDatabase database() {
            return database;
        }

        /**
         * The stored transaction {@code id}, which a command may act on only when it is of {@code kind}:
         * none is not found, another kind bad input saying {@code refusal}.
         *
         * @param what    what the id names, in the not-found message ("payment", "authorization")
         * @param refusal why another kind is refused ("only a card authorization can be reversed")
         */
        TransactionRecord transaction(UUID id, TransactionKind kind, String what, String refusal) {
            TransactionRecord record = cobro.history().findById(id)
                    .orElseThrow(() -> new NotFoundException("no " + what + " " + id));
            if (record.kind() != kind) {
                throw CliFailure.badInput(id + " is a " + record.kind().code() + ": " + refusal);
            }
            return record;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                try {
                    cobro.close();
                } finally {
                    try {
                        pool.close();
                    } finally {
                        database.close();
                    }
                }
            }
        }

        @Override
        public String toString() {
            return "Cobro on " + database;
        }
    }
}
