package dev.cobro.bootstrap;

import dev.cobro.adapters.http.eightyeightpay.EightyEightPayCheckoutAdapter;
import dev.cobro.adapters.http.eightyeightpay.EightyEightPayNotificationAuthenticityAdapter;
import dev.cobro.adapters.http.eightyeightpay.EightyEightPaySettings;
import dev.cobro.adapters.http.payme.PaymeCardAuthorizationAdapter;
import dev.cobro.adapters.http.payme.PaymeSettings;
import dev.cobro.adapters.persistence.CobroPersistence;
import dev.cobro.application.port.in.AuthorizeCardUseCase;
import dev.cobro.application.port.in.QueryTransactionHistoryUseCase;
import dev.cobro.application.port.in.RecordPaymentNotificationUseCase;
import dev.cobro.application.port.in.ResolveUnknownOutcomesUseCase;
import dev.cobro.application.port.in.ReverseAuthorizationUseCase;
import dev.cobro.application.port.in.StartCheckoutPaymentUseCase;
import dev.cobro.application.port.out.CardAuthorizationProviderPort;
import dev.cobro.application.port.out.HostedCheckoutProviderPort;
import dev.cobro.application.port.out.NotificationAuthenticityPort;
import dev.cobro.application.service.AuthorizeCardService;
import dev.cobro.application.service.NotificationSigner;
import dev.cobro.application.service.ProviderRegistry;
import dev.cobro.application.service.QueryTransactionHistoryService;
import dev.cobro.application.service.RecordPaymentNotificationService;
import dev.cobro.application.service.ResolveUnknownOutcomesService;
import dev.cobro.application.service.ResolverSettings;
import dev.cobro.application.service.ReverseAuthorizationService;
import dev.cobro.application.service.StartCheckoutPaymentService;
import dev.cobro.application.service.TokenHasher;
import dev.cobro.db.CobroMigrations;
import dev.cobro.domain.shared.ProviderId;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Cobro, wired: the one object a host builds and keeps. It exposes the use cases; everything
 * behind them (providers, PostgreSQL, migrations) is put together here with plain constructors.
 *
 * <pre>{@code
 * try (Cobro cobro = Cobro.builder()
 *         .dataSource(hostDataSource)
 *         .eightyEightPay(EightyEightPaySettings.defaults(url, apiKey, merchantId))
 *         .build()) {
 *     CheckoutPaymentResult result = cobro.checkoutPayments().start(command);
 *     // The host's webhook endpoint, on the notification URL it gave the checkout: pass the URL it
 *     // was called on (Cobro's signature is in its query), the body and the headers, then answer 200.
 *     cobro.notifications().record(new RecordPaymentNotificationCommand(ProviderId.EIGHTY_EIGHT_PAY,
 *             calledUrl, body, headers));
 * }
 * }</pre>
 */
public final class Cobro implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Cobro.class);

    private final CobroPersistence persistence;
    private final ProviderRegistry<HostedCheckoutProviderPort> checkoutProviders;
    private final ProviderRegistry<CardAuthorizationProviderPort> cardProviders;
    private final StartCheckoutPaymentUseCase checkoutPayments;
    private final RecordPaymentNotificationUseCase notifications;
    private final AuthorizeCardUseCase cardAuthorizations;
    private final ReverseAuthorizationUseCase reversals;
    private final ResolveUnknownOutcomesUseCase resolver;
    private final QueryTransactionHistoryUseCase history;
    private final List<HostedCheckoutProviderPort> checkoutAdapters;
    private final List<CardAuthorizationProviderPort> cardAdapters;

    private Cobro(Builder b) {
        DataSource dataSource = b.dataSource;
        // Before persistence starts: Hibernate validates the schema it finds, so it must be migrated first.
        if (b.runMigrations) {
            CobroMigrations.migrate(dataSource != null ? dataSource
                    : unpooled(b.jdbcUrl, b.jdbcUser, b.jdbcPassword));
        }
        this.persistence = dataSource != null ? CobroPersistence.create(dataSource)
                : CobroPersistence.create(b.jdbcUrl, b.jdbcUser, b.jdbcPassword);
        Clock clock = b.clock;
        Supplier<UUID> ids = UUID::randomUUID;

        List<HostedCheckoutProviderPort> checkout = new ArrayList<>();
        if (b.eightyEightPay != null) {
            // One token per (provider, account) for every instance on the database (DESIGN.md, several instances).
            checkout.add(new EightyEightPayCheckoutAdapter(b.eightyEightPay, persistence.tokenLedger(),
                    persistence.tokenStore(), clock));
        }
        checkout.addAll(b.extraCheckoutProviders);
        List<CardAuthorizationProviderPort> cards = new ArrayList<>();
        if (b.payme != null) {
            cards.add(new PaymeCardAuthorizationAdapter(b.payme, clock));
        }
        cards.addAll(b.extraCardProviders);
        this.checkoutAdapters = List.copyOf(checkout);
        this.cardAdapters = List.copyOf(cards);
        this.checkoutProviders = new ProviderRegistry<>("hosted-checkout", checkout,
                HostedCheckoutProviderPort::providerId);
        this.cardProviders = new ProviderRegistry<>("card-authorization", cards,
                CardAuthorizationProviderPort::providerId);

        NotificationSigner signer = new NotificationSigner(signingKeys(b));
        List<NotificationAuthenticityPort> proofs = new ArrayList<>(b.authenticity);
        if (b.eightyEightPay != null && b.eightyEightPay.webhookSecret() != null
                && proofs.stream().noneMatch(p -> p.providerId().equals(ProviderId.EIGHTY_EIGHT_PAY))) {
            proofs.add(new EightyEightPayNotificationAuthenticityAdapter(b.eightyEightPay.webhookSecret(), clock));
        }
        warnAboutUnverifiedNotifications(b, proofs);
        TokenHasher tokenHasher = new TokenHasher(b.tokenHashKey != null ? b.tokenHashKey : derivedKey(b));

        this.checkoutPayments = new StartCheckoutPaymentService(checkoutProviders, persistence.payments(),
                persistence.attempts(), signer, ids, clock);
        this.notifications = new RecordPaymentNotificationService(checkoutProviders, persistence.payments(),
                signer, proofs, b.acceptUnverifiedNotifications, ids, clock);
        this.cardAuthorizations = new AuthorizeCardService(cardProviders, persistence.authorizations(),
                persistence.attempts(), b.operationNumbers == null ? persistence.operationNumbers()
                        : persistence.operationNumbers(b.operationNumbers[0], b.operationNumbers[1]),
                tokenHasher, ids, clock);
        this.reversals = new ReverseAuthorizationService(cardProviders, persistence.authorizations(),
                persistence.attempts(), ids, clock);
        // Every instance may run the resolver on a schedule: one sweep at a time per database.
        this.resolver = new ResolveUnknownOutcomesService(cardProviders, persistence.payments(),
                persistence.authorizations(), persistence.attempts(), persistence.sweepLock(), b.resolverSettings,
                ids, clock);
        this.history = new QueryTransactionHistoryService(persistence.history());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Take hosted-checkout payments (88Pay). */
    public StartCheckoutPaymentUseCase checkoutPayments() {
        return checkoutPayments;
    }

    /** Feed the providers' notifications (the host's webhook endpoint calls this, then answers 200). */
    public RecordPaymentNotificationUseCase notifications() {
        return notifications;
    }

    /** Authorize card payments (Pay-me). */
    public AuthorizeCardUseCase cardAuthorizations() {
        return cardAuthorizations;
    }

    public ReverseAuthorizationUseCase reversals() {
        return reversals;
    }

    /** Run it on a schedule (e.g. every minute): it settles what timeouts and crashes left open. */
    public ResolveUnknownOutcomesUseCase resolver() {
        return resolver;
    }

    public QueryTransactionHistoryUseCase history() {
        return history;
    }

    public Set<ProviderId> checkoutProviderIds() {
        return checkoutProviders.ids();
    }

    public Set<ProviderId> cardProviderIds() {
        return cardProviders.ids();
    }

    /** The configured hosted-checkout adapters, for diagnostics (token counts in the bench). */
    public List<HostedCheckoutProviderPort> checkoutAdapters() {
        return checkoutAdapters;
    }

    public List<CardAuthorizationProviderPort> cardAdapters() {
        return cardAdapters;
    }

    /** Closes the connection pool Cobro opened (a host's own DataSource is left open). */
    @Override
    public void close() {
        persistence.close();
    }

    /** A plain DataSource for the migrations, which need one connection before the pool exists. */
    private static DataSource unpooled(String url, String user, String password) {
        PGSimpleDataSource plain = new PGSimpleDataSource();
        plain.setURL(url);
        if (user != null) {
            plain.setUser(user);
        }
        if (password != null) {
            plain.setPassword(password);
        }
        return plain;
    }

    /**
     * Layer 1's key (DESIGN.md, Notifications: authenticity): the configured one, else one derived
     * from the account's API key, so every instance with the same credentials signs alike. A
     * provider with neither sends its notification URL unsigned, and its notifications change
     * nothing unless unverified ones are accepted.
     */
    private static NotificationSigner.Keys signingKeys(Builder b) {
        byte[] configured = b.notificationSigningKey;
        EightyEightPaySettings eightyEightPay = b.eightyEightPay;
        return (provider, account) -> {
            if (configured != null) {
                return configured.clone();
            }
            if (eightyEightPay != null && ProviderId.EIGHTY_EIGHT_PAY.equals(provider)) {
                return NotificationSigner.derivedKey(eightyEightPay.apiKey(), provider, account);
            }
            return null;
        };
    }

    private static void warnAboutUnverifiedNotifications(Builder b, List<NotificationAuthenticityPort> proofs) {
        if (b.acceptUnverifiedNotifications) {
            LOG.warn("acceptUnverifiedNotifications(): notifications without Cobro's signature or the provider's "
                    + "proof are matched and applied; the host must verify them before it calls Cobro");
            return;
        }
        if (b.eightyEightPay != null
                && proofs.stream().noneMatch(p -> p.providerId().equals(ProviderId.EIGHTY_EIGHT_PAY))) {
            LOG.warn("88Pay notifications are checked by Cobro's signed notification URL only: a payer who reads "
                    + "the checkout link could forge their own payment's notification; configure the 88Pay webhook "
                    + "secret (EightyEightPaySettings.withWebhookSecret, COBRO_88PAY_WEBHOOK_SECRET)");
        }
    }

    /**
     * Without a configured key, token hashes are keyed by the Pay-me client secret, so that every
     * process of one installation hashes a token alike (idempotency across processes) and no key
     * has to be kept anywhere else.
     */
    private static byte[] derivedKey(Builder b) {
        String material = b.payme != null ? b.payme.clientSecret() : null;
        if (material == null) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return random;
        }
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest(("cobro-token-hash:" + material).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** Settings of one Cobro; {@link #build()} wires them. */
    public static final class Builder {
        private DataSource dataSource;
        private String jdbcUrl;
        private String jdbcUser;
        private String jdbcPassword;
        private EightyEightPaySettings eightyEightPay;
        private PaymeSettings payme;
        private final List<HostedCheckoutProviderPort> extraCheckoutProviders = new ArrayList<>();
        private final List<CardAuthorizationProviderPort> extraCardProviders = new ArrayList<>();
        // PostgreSQL keeps microseconds: a clock that ticks in microseconds keeps saved and read times equal.
        private Clock clock = Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
        private boolean runMigrations = true;
        private long[] operationNumbers;
        private ResolverSettings resolverSettings = ResolverSettings.DEFAULTS;
        private final List<NotificationAuthenticityPort> authenticity = new ArrayList<>();
        private byte[] notificationSigningKey;
        private boolean acceptUnverifiedNotifications;
        private byte[] tokenHashKey;

        private Builder() {
        }

        /** The host's own DataSource; Cobro uses schema {@code cobro} in it and leaves the rest alone. */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            return this;
        }

        /** A JDBC URL: Cobro opens (and closes) its own HikariCP pool. */
        public Builder jdbcUrl(String url, String user, String password) {
            this.jdbcUrl = Objects.requireNonNull(url, "url");
            this.jdbcUser = user;
            this.jdbcPassword = password;
            return this;
        }

        public Builder eightyEightPay(EightyEightPaySettings settings) {
            this.eightyEightPay = settings;
            return this;
        }

        public Builder payme(PaymeSettings settings) {
            this.payme = settings;
            return this;
        }

        /** Another hosted-checkout provider, under its own {@link HostedCheckoutProviderPort#providerId()}. */
        public Builder checkoutProvider(HostedCheckoutProviderPort adapter) {
            extraCheckoutProviders.add(Objects.requireNonNull(adapter, "adapter"));
            return this;
        }

        /** Another card-authorization provider, under its own {@link CardAuthorizationProviderPort#providerId()}. */
        public Builder cardProvider(CardAuthorizationProviderPort adapter) {
            extraCardProviders.add(Objects.requireNonNull(adapter, "adapter"));
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * This installation's range of Pay-me operation numbers (DESIGN.md, several instances): numbers
         * are unique per Pay-me merchant, not per database, so installations that share a merchant
         * (staging and production, two regions) take ranges that do not overlap. Default: the whole
         * range, 1..999999999, for an installation that is its merchant's only one.
         */
        public Builder operationNumbers(long from, long to) {
            if (from < 1 || to > 999_999_999L || from > to) {
                throw new IllegalArgumentException("operation numbers " + from + ".." + to
                        + " must lie in 1..999999999, the first not above the last");
            }
            this.operationNumbers = new long[] {from, to};
            return this;
        }

        /** Whether {@link #build()} applies Cobro's migrations (default yes). */
        public Builder runMigrations(boolean run) {
            this.runMigrations = run;
            return this;
        }

        public Builder resolverSettings(ResolverSettings settings) {
            this.resolverSettings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * A provider's own proof on its notifications, checked besides Cobro's signature (see
         * {@link NotificationAuthenticityPort}); for 88Pay it replaces the check the webhook secret
         * in {@link EightyEightPaySettings#withWebhookSecret} configures.
         */
        public Builder notificationAuthenticity(NotificationAuthenticityPort port) {
            authenticity.add(Objects.requireNonNull(port, "port"));
            return this;
        }

        /**
         * The key of Cobro's signature on the notification URLs it sends (at least
         * {@value NotificationSigner#MIN_KEY_BYTES} bytes; the same on every instance). Without it,
         * the key is derived from each account's API key.
         */
        public Builder notificationSigningKey(byte[] key) {
            if (key != null && key.length < NotificationSigner.MIN_KEY_BYTES) {
                throw new IllegalArgumentException("the notification signing key must have at least "
                        + NotificationSigner.MIN_KEY_BYTES + " bytes");
            }
            this.notificationSigningKey = key == null ? null : key.clone();
            return this;
        }

        /**
         * The explicit opt-out for hosts that verify notifications upstream: a notification
         * without Cobro's signature or the provider's proof is then matched (by reference, else
         * by session and amount) and applied. Logged as a warning at start-up; never the default.
         */
        public Builder acceptUnverifiedNotifications() {
            this.acceptUnverifiedNotifications = true;
            return this;
        }

        /** The key of the card-token hash (at least 16 bytes). */
        public Builder tokenHashKey(byte[] key) {
            this.tokenHashKey = key == null ? null : key.clone();
            return this;
        }

        public Cobro build() {
            if (dataSource == null && jdbcUrl == null) {
                throw new IllegalStateException("Cobro needs a database: call dataSource(...) or jdbcUrl(...)");
            }
            return new Cobro(this);
        }
    }
}
