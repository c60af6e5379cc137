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

/**
 * The persistence adapters of Cobro on PostgreSQL, in one place. It does not migrate: the schema
 * must already be at the version of module db ({@code CobroMigrations.migrate}), which Hibernate
 * checks on creation. The adapters are thread-safe; each of their methods is one transaction.
 */
public final class CobroPersistence implements AutoCloseable {

    private final SessionFactory sessions;
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

    private CobroPersistence(SessionFactory sessions, HikariDataSource ownPool) {
        this.sessions = sessions;
        this.ownPool = ownPool;
        StoreCalls calls = new StoreCalls(sessions);
        this.calls = calls;
        this.payments = new PostgresPaymentStoreAdapter(calls);
        this.authorizations = new PostgresAuthorizationStoreAdapter(calls);
        this.attempts = new PostgresAttemptLogAdapter(calls);
        this.history = new PostgresTransactionHistoryAdapter(calls);
        this.operationNumbers = new PostgresOperationNumberAdapter(calls, 1, PostgresOperationNumberAdapter.MAX);
        this.tokenLedger = new PostgresTokenRequestLedgerAdapter(calls);
        this.tokenStore = new PostgresProviderTokenStoreAdapter(calls);
        this.sweepLock = new PostgresSweepLockAdapter(sessions);
        this.outbox = new PostgresOutcomeOutboxAdapter(calls);
        this.health = new PostgresStoreHealthAdapter(calls);
    }

    /**
     * On the host's own DataSource, which stays the host's: {@link #close()} leaves it open. With
     * pgjdbc, {@code logServerErrorDetail=false} keeps row values out of the driver's error messages.
     */
    public static CobroPersistence create(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        return new CobroPersistence(start(dataSource), null);
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
            return new CobroPersistence(start(pool), pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
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

    @Override
    public void close() {
        try {
            sessions.close();
        } finally {
            if (ownPool != null) {
                ownPool.close();
            }
        }
    }
}
