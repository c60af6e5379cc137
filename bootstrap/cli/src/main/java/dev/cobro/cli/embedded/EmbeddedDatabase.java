package dev.cobro.cli.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The CLI's database when no {@code COBRO_DB_URL} is set: an embedded PostgreSQL whose data lives
 * in {@code $COBRO_HOME/pgdata}, so that {@code history} after {@code demo} shows what the demo did.
 * One process at a time owns a home: the next one waits for the lock, then says so clearly.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
    /**
     * The one platform whose PostgreSQL binaries the jar carries (zonky's archive of it). macOS and
     * ARM users point COBRO_DB_URL at a PostgreSQL of their own instead: the other platforms' binaries
     * would add some 72 MB to the jar, and none of them can be run where the jar is built and tested.
     */
    public static final String CARRIED_BINARIES = "postgres-linux-x86_64.txz";
    private static final Duration POLL = Duration.ofMillis(200);

    private final FileChannel lockChannel;
    private final FileLock lock;
    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(FileChannel lockChannel, FileLock lock, EmbeddedPostgres postgres) {
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.postgres = postgres;
    }

    /**
     * Starts (or restarts) the embedded PostgreSQL of {@code home}, waiting up to {@code lockWait}
     * for another Cobro process that holds it.
     */
    public static EmbeddedDatabase open(Path home, Duration lockWait) {
        requireCarriedPlatform(System.getProperty("os.name"), System.getProperty("os.arch"));
        try {
            Files.createDirectories(home);
            FileChannel channel = FileChannel.open(home.resolve("cobro.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock = acquire(channel, home, lockWait);
            try {
                Path data = home.resolve("pgdata");
                LOG.info("starting the embedded PostgreSQL in {}", data);
                EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                        .setDataDirectory(data)
                        .setCleanDataDirectory(false)
                        .setOverrideWorkingDirectory(home.resolve("pg-binaries").toFile())
                        .setPGStartupWait(Duration.ofSeconds(60))
                        .start();
                return new EmbeddedDatabase(channel, lock, postgres);
            } catch (IOException | RuntimeException e) {
                lock.release();
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + home + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Refuses, with what to do instead, a platform whose binaries the jar does not carry: zonky would
     * otherwise log an error that asks for a Maven dependency (which a jar's user cannot add) and fail
     * with "Missing embedded postgres binaries".
     */
    static void requireCarriedPlatform(String osName, String osArch) {
        String os = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
        String arch = osArch == null ? "" : osArch.toLowerCase(Locale.ROOT);
        if (!(os.startsWith("linux") && (arch.equals("amd64") || arch.equals("x86_64")))) {
            throw new NoBinariesForThisPlatformException("this jar carries an embedded PostgreSQL for Linux"
                    + " x86-64 only, not for " + osName + " " + osArch + ": set COBRO_DB_URL (and COBRO_DB_USER,"
                    + " COBRO_DB_PASSWORD) to a PostgreSQL 15 or later of your own, as the README shows");
        }
    }

    private static FileLock acquire(FileChannel channel, Path home, Duration wait) throws IOException {
        Instant deadline = Instant.now().plus(wait);
        boolean told = false;
        while (true) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException sameProcess) {
                lock = null;
            }
            if (lock != null) {
                return lock;
            }
            if (!told) {
                // WARN, not INFO: the CLI shows only warnings by default, and a silent wait looks like a hang.
                LOG.warn("another Cobro process is using {}; waiting up to {} s", home, wait.toSeconds());
                told = true;
            }
            if (Instant.now().isAfter(deadline)) {
                channel.close();
                throw new HomeInUseException("another Cobro process is using " + home
                        + " (its embedded PostgreSQL holds the lock); wait for it to finish or set COBRO_HOME");
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                channel.close();
                throw new HomeInUseException("interrupted while waiting for " + home);
            }
        }
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    public String user() {
        return "postgres";
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("the embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        } finally {
            try {
                lock.release();
                lockChannel.close();
            } catch (IOException e) {
                LOG.debug("releasing the home lock: {}", e.getMessage());
            }
        }
    }

    /** No PostgreSQL binaries in this jar for the machine it runs on: the user sets COBRO_DB_URL instead. */
    public static final class NoBinariesForThisPlatformException extends RuntimeException {
        public NoBinariesForThisPlatformException(String message) {
            super(message);
        }
    }

    /** The home is locked by another process for longer than the wait. */
    public static final class HomeInUseException extends RuntimeException {
        public HomeInUseException(String message) {
            super(message);
        }
    }
}
