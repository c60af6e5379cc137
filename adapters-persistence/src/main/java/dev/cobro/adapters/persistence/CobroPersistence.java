package dev.cobro.adapters.persistence;

import dev.cobro.adapters.persistence.support.StoreCalls;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cobro.application.port.out.AttemptLogPort;
import dev.cobro.application.port.out.AuthorizationStorePort;
import dev.cobro.application.port.out.OperationNumberPort;
import dev.cobro.application.port.out.OutcomeOutboxPort;
import dev.cobro.application.port.out.PaymentStorePort;
import dev.cobro.application.port.out.ProviderTokenStorePort;
import dev.cobro.application.port.out.StoreHealthPort;
import dev.cobro.application.port.out.StoreUnavailableException;
import dev.cobro.application.port.out.SweepLockPort;
import dev.cobro.application.port.out.TokenRequestLedgerPort;
import dev.cobro.application.port.out.TransactionHistoryPort;
import org.hibernate.SessionFactory;
import org.hibernate.tool.schema.spi.SchemaManagementException;

import javax.sql.DataSource;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The persistence adapters of Cobro on PostgreSQL, in one place. It does not migrate: the schema
 * must already be at the version of module db ({@code CobroMigrations.migrate}), which Hibernate
 * checks on creation. The adapters are thread-safe; each of their methods is one transaction.
 *
 * <p>{@code create} returns once Hibernate has started; {@code inBackground} returns at once and
 * Hibernate starts on a thread of its own (building its metamodel takes most of a second of CPU), so
 * that its caller builds the rest meanwhile; {@code onFirstUse} starts it when first needed.
 * {@link #awaitStarted()} waits for it, and every adapter method that needs it waits for it first;
 * {@link #health()} and the outbox's backlog never need it. However it starts, a failed start throws
 * the same exception, and every later call that needs Hibernate throws it again.
 */
public final class CobroPersistence implements AutoCloseable {

    private final DataSource dataSource;
    private final CompletableFuture<SessionFactory> sessions = new CompletableFuture<>();
    /** Set once a start is under way or done (or refused by close): nothing starts Hibernate twice. */
    private final AtomicBoolean startRequested = new AtomicBoolean();
    private final HikariDataSource ownPool;
    private final PostgresPaymentStoreAdapter payments;
    private final PostgresAuthorizationStoreAdapter authorizations;
    private final PostgresAttemptLogAdapter attempts;
    private final PostgresTransactionHistoryAdapter history;
    private final PostgresOperationNumberAdapter operationNumbers;
    private final PostgresTokenRequestLedgerAdapter tokenLedger;
    private final PostgresProviderTokenStoreAdapter tokenStore;
    private final PostgresSweepLockAdapter sweepLock;
    private final StoreCalls calls;
    private final PostgresOutcomeOutboxAdapter outbox;
    private final PostgresStoreHealthAdapter health;

    /** When Hibernate starts: its session factory is most of a second of CPU to build. */
    private enum Start {
        /** Before the factory method returns, which throws what stopped it. */
        NOW,
        /** At once, on a thread of its own: the caller builds the rest meanwhile. */
        IN_BACKGROUND,
        /** On the first call that needs it, on that caller's thread: never, for a caller that only reads health. */
        ON_FIRST_USE
    }

    private CobroPersistence(DataSource dataSource, HikariDataSource ownPool, Start when) {
        this.dataSource = dataSource;
        this.ownPool = ownPool;
        switch (when) {
            case NOW -> {
                startRequested.set(true);
                sessions.complete(start(dataSource));
            }
            case IN_BACKGROUND -> {
                startRequested.set(true);
                Thread thread = new Thread(this::startInto, "cobro-persistence-start");
                // A host's JVM never waits for a start nobody needs any more.
                thread.setDaemon(true);
                thread.start();
            }
            case ON_FIRST_USE -> {
            }
        }
        StoreCalls calls = new StoreCalls(this::started, dataSource);
        this.calls = calls;
        this.payments = new PostgresPaymentStoreAdapter(calls);
        this.authorizations = new PostgresAuthorizationStoreAdapter(calls);
        this.attempts = new PostgresAttemptLogAdapter(calls);
        this.history = new PostgresTransactionHistoryAdapter(calls);
        this.operationNumbers = new PostgresOperationNumberAdapter(calls, 1, PostgresOperationNumberAdapter.MAX);
        this.tokenLedger = new PostgresTokenRequestLedgerAdapter(calls);
        this.tokenStore = new PostgresProviderTokenStoreAdapter(calls);
        this.sweepLock = new PostgresSweepLockAdapter(calls);
        this.outbox = new PostgresOutcomeOutboxAdapter(calls);
        this.health = new PostgresStoreHealthAdapter(calls);
    }

    /**
     * On the host's own DataSource, which stays the host's: {@link #close()} leaves it open. With
     * pgjdbc, {@code logServerErrorDetail=false} keeps row values out of the driver's error messages.
     */
    public static CobroPersistence create(DataSource dataSource) {
        return on(dataSource, Start.NOW);
    }

    /**
     * As {@link #create(DataSource)}, but this returns at once and Hibernate starts on a thread of its
     * own; {@link #awaitStarted()}, or the first call that needs it, waits for it.
     */
    public static CobroPersistence inBackground(DataSource dataSource) {
        return on(dataSource, Start.IN_BACKGROUND);
    }

    /** As {@link #create(DataSource)}, but Hibernate starts on the first call that needs it. */
    public static CobroPersistence onFirstUse(DataSource dataSource) {
        return on(dataSource, Start.ON_FIRST_USE);
    }

    private static CobroPersistence on(DataSource dataSource, Start when) {
        Objects.requireNonNull(dataSource, "dataSource");
        return new CobroPersistence(dataSource, null, when);
    }

    /** On a HikariCP pool of its own, closed with this. */
    public static CobroPersistence create(String jdbcUrl, String user, String password) {
        return create(jdbcUrl, user, password, null);
    }

    /**
     * On a HikariCP pool of its own, closed with this, whose pool metrics go to {@code meterRegistry}
     * (a Micrometer {@code MeterRegistry}, handed to HikariCP as it is; null for none). Typed Object so
     * that this module needs no Micrometer: HikariCP itself only touches it when it is given.
     */
    public static CobroPersistence create(String jdbcUrl, String user, String password, Object meterRegistry) {
        return onOwnPool(jdbcUrl, user, password, meterRegistry, Start.NOW);
    }

    /**
     * As {@link #create(String, String, String, Object)} (the pool's first connection is opened here),
     * but Hibernate starts on a thread of its own, as {@link #inBackground(DataSource)}.
     */
    public static CobroPersistence inBackground(String jdbcUrl, String user, String password, Object meterRegistry) {
        return onOwnPool(jdbcUrl, user, password, meterRegistry, Start.IN_BACKGROUND);
    }

    /**
     * As {@link #create(String, String, String, Object)} (the pool's first connection is opened here),
     * but Hibernate starts on the first call that needs it.
     */
    public static CobroPersistence onFirstUse(String jdbcUrl, String user, String password, Object meterRegistry) {
        return onOwnPool(jdbcUrl, user, password, meterRegistry, Start.ON_FIRST_USE);
    }

    private static CobroPersistence onOwnPool(String jdbcUrl, String user, String password, Object meterRegistry,
                                              Start when) {
        HikariConfig config = new HikariConfig();
        if (meterRegistry != null) {
            config.setMetricRegistry(meterRegistry);
        }
        config.setJdbcUrl(Objects.requireNonNull(jdbcUrl, "jdbcUrl"));
        config.setUsername(user);
        config.setPassword(password);
        config.setPoolName("cobro");
        config.setMaximumPoolSize(10);
        // The driver would otherwise quote row values (names, e-mails) in its error messages.
        config.addDataSourceProperty("logServerErrorDetail", "false");
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("cannot connect to the Cobro database at " + withoutParameters(jdbcUrl), e);
        }
        try {
            return new CobroPersistence(pool, pool, when);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** Runs the start and hands its outcome to every caller waiting for it. */
    private void startInto() {
        try {
            sessions.complete(start(dataSource));
        } catch (RuntimeException | Error e) {
            sessions.completeExceptionally(e);
        }
    }

    private static SessionFactory start(DataSource dataSource) {
        try {
            return HibernateSetup.sessionFactory(dataSource);
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof SchemaManagementException mismatch) {
                    throw new IllegalStateException("the database does not hold Cobro's schema as this version"
                            + " expects it; run CobroMigrations.migrate first (" + mismatch.getMessage() + ")", e);
                }
            }
            throw new StoreUnavailableException("cannot start Cobro's persistence on this database", e);
        }
    }

    /**
     * Waits until Hibernate has started (starting it here when it starts on first use and has not);
     * throws what stopped it: an {@link IllegalStateException} when the schema is not the one this
     * version maps, a {@link StoreUnavailableException} otherwise.
     */
    public void awaitStarted() {
        started();
    }

    private SessionFactory started() {
        if (startRequested.compareAndSet(false, true)) {
            startInto();
        }
        try {
            return sessions.join();
        } catch (CompletionException e) {
            // The start's own exception, as create() throws it.
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** A JDBC URL's parameters may carry a password. */
    private static String withoutParameters(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    public PaymentStorePort payments() {
        return payments;
    }

    public AuthorizationStorePort authorizations() {
        return authorizations;
    }

    public AttemptLogPort attempts() {
        return attempts;
    }

    public TransactionHistoryPort history() {
        return history;
    }

    /** Operation numbers over the whole of Pay-me's range, 1..999999999: for one installation per merchant. */
    public OperationNumberPort operationNumbers() {
        return operationNumbers;
    }

    /**
     * Operation numbers in this installation's range {@code from..to} (ARCHITECTURE.md, several instances):
     * numbers are unique per Pay-me merchant, not per database, so installations that share a
     * merchant (staging and production, two regions) take ranges that do not overlap.
     */
    public OperationNumberPort operationNumbers(long from, long to) {
        return new PostgresOperationNumberAdapter(calls, from, to);
    }

    public TokenRequestLedgerPort tokenLedger() {
        return tokenLedger;
    }

    /** The provider tokens every instance on this database shares (sealed; ages by the database clock). */
    public ProviderTokenStorePort tokenStore() {
        return tokenStore;
    }

    /** One resolver sweep at a time on this database. */
    public SweepLockPort sweepLock() {
        return sweepLock;
    }

    /** The outcome events the stores write with every status change, and their delivery. */
    public OutcomeOutboxPort outbox() {
        return outbox;
    }

    public StoreHealthPort health() {
        return health;
    }

    /**
     * Closes Hibernate and the pool this opened. A start still under way is not waited for: its
     * session factory is closed when it completes. One not begun never begins.
     */
    @Override
    public void close() {
        if (startRequested.compareAndSet(false, true)) {
            sessions.completeExceptionally(new IllegalStateException("Cobro's persistence is closed"));
        }
        try {
            if (sessions.isDone()) {
                if (!sessions.isCompletedExceptionally()) {
                    sessions.join().close();
                }
            } else {
                sessions.thenAccept(SessionFactory::close);
            }
        } finally {
            if (ownPool != null) {
                ownPool.close();
            }
        }
    }
}
