package dev.cobro.bootstrap;

import dev.cobro.adapters.http.eightyeightpay.EightyEightPaySettings;
import dev.cobro.adapters.http.mercadopago.MercadoPagoSettings;
import dev.cobro.adapters.http.payme.PaymeSettings;
import dev.cobro.adapters.persistence.CobroPersistence;
import dev.cobro.application.port.in.AuthorizeCardUseCase;
import dev.cobro.application.port.in.PruneNotificationsUseCase;
import dev.cobro.application.port.in.QueryTransactionHistoryUseCase;
import dev.cobro.application.port.in.RecordPaymentNotificationUseCase;
import dev.cobro.application.port.in.ResolveUnknownOutcomesUseCase;
import dev.cobro.application.port.in.RefundPaymentUseCase;
import dev.cobro.application.port.in.ReverseAuthorizationUseCase;
import dev.cobro.application.port.in.StartCheckoutPaymentUseCase;
import dev.cobro.application.port.out.AuthorizationStorePort;
import dev.cobro.application.port.out.CardAuthorizationProviderPort;
import dev.cobro.application.port.out.HostedCheckoutProviderPort;
import dev.cobro.application.port.out.MetricsPort;
import dev.cobro.application.port.out.NotificationAuthenticityPort;
import dev.cobro.application.port.out.OutcomeListener;
import dev.cobro.application.port.out.OutcomeOutboxPort;
import dev.cobro.application.port.out.PaymentStorePort;
import dev.cobro.application.service.AuthorizeCardService;
import dev.cobro.application.service.CheckoutRoutes;
import dev.cobro.application.service.DeliverOutcomeEventsService;
import dev.cobro.application.service.ListOutcomeEventsService;
import dev.cobro.application.service.Metered;
import dev.cobro.application.service.NotificationSigner;
import dev.cobro.application.service.OutboxSettings;
import dev.cobro.application.service.PruneNotificationsService;
import dev.cobro.application.service.PruneOutcomeEventsService;
import dev.cobro.application.service.QueryTransactionHistoryService;
import dev.cobro.application.service.RecordPaymentNotificationService;
import dev.cobro.application.service.ResolveUnknownOutcomesService;
import dev.cobro.application.service.ResolverSettings;
import dev.cobro.application.service.RefundPaymentService;
import dev.cobro.application.service.ReverseAuthorizationService;
import dev.cobro.application.service.StartCheckoutPaymentService;
import dev.cobro.application.service.TokenHasher;
import dev.cobro.db.CobroMigrations;
import dev.cobro.domain.payment.Country;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.ProviderId;
import io.micrometer.core.instrument.MeterRegistry;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
    private final ProviderSetup providers;
    private final StartCheckoutPaymentUseCase checkoutPayments;
    private final RecordPaymentNotificationUseCase notifications;
    private final PruneNotificationsUseCase notificationPruning;
    private final int maxNotificationBodyBytes;
    private final AuthorizeCardUseCase cardAuthorizations;
    private final ReverseAuthorizationUseCase reversals;
    private final RefundPaymentUseCase refunds;
    private final ResolveUnknownOutcomesUseCase resolver;
    private final QueryTransactionHistoryUseCase history;
    private final CobroEvents events;
    private final HealthCheck health;
    /** Cobro's meters in the host's registry, or null without one. */
    private final AutoCloseable meters;
    /** The event dispatcher, or null unless asked for ({@link Builder#deliverEventsEvery}). */
    private final EventDispatcher dispatcher;

    private Cobro(Builder b, CobroPersistence persistence) {
        DataSource dataSource = b.dataSource;
        DataSource migrationsDataSource = dataSource != null ? dataSource
                : unpooled(b.jdbcUrl, b.jdbcUser, b.jdbcPassword);
        this.persistence = persistence;
        Clock clock = b.clock;
        Supplier<UUID> ids = UUID::randomUUID;
        MetricsPort metrics = MetricsPort.NONE;
        if (b.meterRegistry != null) {
            MicrometerMetrics micrometer = MicrometerMetrics.bind(b.meterRegistry,
                    () -> persistence.outbox().backlog().pending(), () -> persistence.health().openUnknowns().count());
            metrics = micrometer;
            this.meters = micrometer;
        } else {
            this.meters = null;
        }
        // Every status change and notification passes through these stores: metered there. Provider calls
        // are timed by the provider operation the use cases share.
        PaymentStorePort payments = Metered.payments(persistence.payments(), metrics);
        AuthorizationStorePort authorizations = Metered.authorizations(persistence.authorizations(), metrics);
        this.providers = new ProviderSetup(b, persistence, clock, metrics);

        NotificationSigner signer = new NotificationSigner(NotificationTrust.signingKeys(b));
        List<NotificationAuthenticityPort> proofs = NotificationTrust.proofs(b, clock);
        NotificationTrust.warnAboutUnverifiedNotifications(b, proofs);
        TokenHasher tokenHasher = new TokenHasher(b.tokenHashKey != null ? b.tokenHashKey
                : CardTokenHashKey.derivedKey(b));

        try {
            this.checkoutPayments = new StartCheckoutPaymentService(providers.checkout, payments,
                    persistence.attempts(), signer, metrics, new CheckoutRoutes(b.routes), ids, clock);
        } catch (RuntimeException badRoute) {
            // A route naming a provider that is not configured: refused at start-up, the pool closed.
            persistence.close();
            throw badRoute;
        }
        this.notifications = new RecordPaymentNotificationService(providers.checkout, payments,
                signer, proofs, b.acceptUnverifiedNotifications, ids, clock, b.maxNotificationBodyBytes);
        this.notificationPruning = new PruneNotificationsService(payments, clock);
        this.maxNotificationBodyBytes = b.maxNotificationBodyBytes;
        this.cardAuthorizations = new AuthorizeCardService(providers.cards, authorizations,
                persistence.attempts(), b.operationNumbers == null ? persistence.operationNumbers()
                        : persistence.operationNumbers(b.operationNumbers[0], b.operationNumbers[1]),
                tokenHasher, metrics, ids, clock);
        this.reversals = new ReverseAuthorizationService(providers.cards, authorizations,
                persistence.attempts(), metrics, ids, clock);
        this.refunds = new RefundPaymentService(providers.checkout, payments, persistence.attempts(), metrics, ids,
                clock);
        // Every instance may run the resolver on a schedule: one sweep at a time per database.
        // It asks the checkout providers that can be asked about checkouts that stayed open.
        this.resolver = Metered.resolver(new ResolveUnknownOutcomesService(providers.cards, providers.checkout,
                signer, payments, authorizations, persistence.attempts(), persistence.sweepLock(),
                b.resolverSettings, metrics, ids, clock), metrics);
        this.history = new QueryTransactionHistoryService(persistence.history());

        OutcomeOutboxPort outbox = persistence.outbox();
        this.events = new CobroEvents(
                b.listener == null ? null : new DeliverOutcomeEventsService(outbox, b.listener, b.outboxSettings, clock),
                new ListOutcomeEventsService(outbox), new PruneOutcomeEventsService(outbox, clock));
        this.dispatcher = b.deliverEventsEvery == null ? null : EventDispatcher.start(events, b.deliverEventsEvery);
        this.health = new HealthCheck(migrationsDataSource, persistence, providers, signer, b.listener != null, clock);
        health.warnAboutPaymentsWithoutKey();
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

    /**
     * Deletes the notifications that changed nothing and name no payment (UNVERIFIED, UNMATCHED) once
     * they are old: run {@code pruneUnproven()} (30 days) on a schedule, as delivered events are pruned.
     */
    public PruneNotificationsUseCase notificationPruning() {
        return notificationPruning;
    }

    /**
     * The largest notification body, in UTF-8 bytes, that {@link #notifications()} reads
     * ({@link Builder#maxNotificationBodyBytes}): a webhook endpoint may refuse a larger one unread.
     */
    public int maxNotificationBodyBytes() {
        return maxNotificationBodyBytes;
    }

    /** Authorize card payments (Pay-me). */
    public AuthorizeCardUseCase cardAuthorizations() {
        return cardAuthorizations;
    }

    public ReverseAuthorizationUseCase reversals() {
        return reversals;
    }

    /**
     * Refunds of settled checkout payments, whole or in part, each a recorded provider call under its
     * own idempotency key; a provider that publishes no refund (88Pay) is refused clearly.
     */
    public RefundPaymentUseCase refunds() {
        return refunds;
    }

    /** Run it on a schedule (e.g. every minute): it settles what timeouts and crashes left open. */
    public ResolveUnknownOutcomesUseCase resolver() {
        return resolver;
    }

    public QueryTransactionHistoryUseCase history() {
        return history;
    }

    /**
     * The outcome events: every status change writes one, in the same transaction. Deliver the pending
     * ones to the {@link Builder#onOutcome listener} ({@code deliverPending()}, when the host schedules
     * it; or {@link Builder#deliverEventsEvery}), list them, prune delivered ones.
     */
    public CobroEvents events() {
        return events;
    }

    /**
     * Whether this Cobro can work: database reachable and migrated, providers configured; with the
     * backlog of outcome events and the open UNKNOWNs, each with its oldest age. Never throws.
     */
    public CobroHealth health() {
        return health.check();
    }

    public Set<ProviderId> checkoutProviderIds() {
        return providers.checkout.ids();
    }

    public Set<ProviderId> cardProviderIds() {
        return providers.cards.ids();
    }

    /**
     * The provider accounts this Cobro serves, hosted-checkout ones first, each in the order it was
     * configured: which provider, which account, the countries it serves and what it does.
     */
    public List<ConfiguredProvider> providers() {
        return providers.configured();
    }

    /**
     * Stops the event scheduler (a delivery under way finishes first), takes Cobro's meters out of the
     * host's registry and closes the connection pool Cobro opened (a host's own DataSource is left open).
     */
    @Override
    public void close() {
        try {
            if (dispatcher != null) {
                dispatcher.close();
            }
            if (meters != null) {
                meters.close();
            }
        } catch (Exception e) {
            LOG.warn("could not take Cobro's meters out of the registry: {}", e.toString());
        } finally {
            persistence.close();
        }
    }

    /**
     * Migrates (when asked), then starts Hibernate on a thread of its own (unless it starts on first
     * use): building its metamodel is most of a second of CPU, spent while the providers, the key
     * rings and the services are built.
     */
    private static CobroPersistence startPersistence(Builder b) {
        DataSource migrationsDataSource = b.dataSource != null ? b.dataSource
                : unpooled(b.jdbcUrl, b.jdbcUser, b.jdbcPassword);
        // Before persistence starts: Hibernate validates the schema it finds, so it must be migrated first.
        if (b.runMigrations) {
            CobroMigrations.migrate(migrationsDataSource);
        }
        // HikariCP's own pool metrics, when the pool is Cobro's; a host's DataSource is the host's to meter.
        if (b.dataSource != null) {
            return b.persistenceOnFirstUse ? CobroPersistence.onFirstUse(b.dataSource)
                    : CobroPersistence.inBackground(b.dataSource);
        }
        return b.persistenceOnFirstUse
                ? CobroPersistence.onFirstUse(b.jdbcUrl, b.jdbcUser, b.jdbcPassword, b.meterRegistry)
                : CobroPersistence.inBackground(b.jdbcUrl, b.jdbcUser, b.jdbcPassword, b.meterRegistry);
    }

    /**
     * What a failed build throws, after closing what it had opened: Hibernate's failure first (when it
     * was starting), as when Hibernate started before anything else was built, with the later failure
     * suppressed in it.
     */
    private static RuntimeException abandon(Cobro cobro, CobroPersistence persistence, boolean starting,
                                            Throwable failure) {
        Throwable first = failure;
        if (starting) {
            try {
                persistence.awaitStarted();
            } catch (RuntimeException | Error startFailure) {
                if (startFailure != failure) {
                    startFailure.addSuppressed(failure);
                }
                first = startFailure;
            }
        }
        try {
            if (cobro != null) {
                cobro.close();
            } else {
                persistence.close();
            }
        } catch (RuntimeException closing) {
            first.addSuppressed(closing);
        }
        if (first instanceof Error error) {
            throw error;
        }
        return (RuntimeException) first;
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

    /** Settings of one Cobro; {@link #build()} wires them. */
    public static final class Builder {
        DataSource dataSource;
        String jdbcUrl;
        String jdbcUser;
        String jdbcPassword;
        final Map<AccountId, CheckoutAccount<EightyEightPaySettings>> eightyEightPayAccounts = new LinkedHashMap<>();
        final Map<AccountId, CheckoutAccount<MercadoPagoSettings>> mercadoPagoAccounts = new LinkedHashMap<>();
        final Map<AccountId, PaymeSettings> paymeAccounts = new LinkedHashMap<>();
        final List<HostedCheckoutProviderPort> extraCheckoutProviders = new ArrayList<>();
        final List<CardAuthorizationProviderPort> extraCardProviders = new ArrayList<>();
        final Map<Country, List<ProviderId>> routes = new LinkedHashMap<>();
        // PostgreSQL keeps microseconds: a clock that ticks in microseconds keeps saved and read times equal.
        Clock clock = Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
        boolean runMigrations = true;
        boolean persistenceOnFirstUse;
        long[] operationNumbers;
        ResolverSettings resolverSettings = ResolverSettings.DEFAULTS;
        final List<NotificationAuthenticityPort> authenticity = new ArrayList<>();
        byte[] notificationSigningKey;
        final List<NotificationSigner.Key> notificationSigningKeys = new ArrayList<>();
        boolean acceptUnverifiedNotifications;
        int maxNotificationBodyBytes = RecordPaymentNotificationService.DEFAULT_MAX_BODY_BYTES;
        boolean allowInsecureHttp;
        byte[] tokenHashKey;
        OutcomeListener listener;
        OutboxSettings outboxSettings = OutboxSettings.DEFAULTS;
        Duration deliverEventsEvery;
        /** A Micrometer MeterRegistry, kept as Object: without one no Micrometer class is ever loaded. */
        Object meterRegistry;

        private Builder() {
        }

        /**
         * The host's listener of outcome events: at least once, in order per subject (see
         * {@link OutcomeListener}). Events are written whether or not there is one; delivery needs it.
         */
        public Builder onOutcome(OutcomeListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Batch size and retry delays of event delivery (default {@link OutboxSettings#DEFAULTS}). */
        public Builder outboxSettings(OutboxSettings settings) {
            this.outboxSettings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * Lets Cobro deliver events itself: a daemon thread runs {@code events().deliverPending()} with
         * this delay between rounds, until {@link Cobro#close()}. Off unless asked; needs {@link #onOutcome}.
         */
        public Builder deliverEventsEvery(Duration delay) {
            Objects.requireNonNull(delay, "delay");
            if (delay.isNegative() || delay.isZero()) {
                throw new IllegalArgumentException("the delay between event deliveries must be positive, not " + delay);
            }
            this.deliverEventsEvery = delay;
            return this;
        }

        /**
         * Records Cobro's metrics in a Micrometer registry (ARCHITECTURE.md, Observability), and HikariCP's pool
         * metrics when Cobro owns the pool ({@link #jdbcUrl}). Optional: Micrometer is needed at run time
         * only by hosts that call this.
         */
        public Builder meterRegistry(MeterRegistry registry) {
            this.meterRegistry = Objects.requireNonNull(registry, "registry");
            return this;
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

        /** 88Pay's {@code default} account: every checkout that names no account and no configured country. */
        public Builder eightyEightPay(EightyEightPaySettings settings) {
            return settings == null ? withoutDefault(eightyEightPayAccounts)
                    : eightyEightPay(AccountId.DEFAULT.value(), settings);
        }

        /**
         * One more 88Pay account (merchant id) with its own credentials, e.g. {@code
         * eightyEightPay("col", colSettings, "COL")}: a checkout that names no account goes through the
         * account configured for its country (ISO alpha-3), else through {@code default}.
         */
        public Builder eightyEightPay(String account, EightyEightPaySettings settings, String... countries) {
            CheckoutAccount.add(eightyEightPayAccounts, "88Pay", account, settings, countries);
            return this;
        }

        /**
         * Mercado Pago's {@code default} account: every Mercado Pago checkout that names no account and no
         * configured country.
         */
        public Builder mercadoPago(MercadoPagoSettings settings) {
            return settings == null ? withoutDefault(mercadoPagoAccounts)
                    : mercadoPago(AccountId.DEFAULT.value(), settings);
        }

        /**
         * One more Mercado Pago account (application) with its own access token, e.g. {@code
         * mercadoPago("chl", chlSettings, "CHL")}: a Mercado Pago checkout that names no account goes
         * through the account configured for its country (ISO alpha-3), else through {@code default}.
         */
        public Builder mercadoPago(String account, MercadoPagoSettings settings, String... countries) {
            CheckoutAccount.add(mercadoPagoAccounts, "Mercado Pago", account, settings, countries);
            return this;
        }

        /** Pay-me's {@code default} account: every authorization that names no account. */
        public Builder payme(PaymeSettings settings) {
            return settings == null ? withoutDefault(paymeAccounts)
                    : payme(AccountId.DEFAULT.value(), settings);
        }

        /** A provider's {@code default} account set to null: the provider has no default account. */
        private Builder withoutDefault(Map<AccountId, ?> accounts) {
            accounts.remove(AccountId.DEFAULT);
            return this;
        }

        /** One more Pay-me merchant with its own credentials; an authorization names it to use it. */
        public Builder payme(String account, PaymeSettings settings) {
            paymeAccounts.put(AccountId.of(account), Objects.requireNonNull(settings, "settings"));
            return this;
        }

        /** Another hosted-checkout provider, under its own {@link HostedCheckoutProviderPort#providerId()}. */
        public Builder checkoutProvider(HostedCheckoutProviderPort adapter) {
            extraCheckoutProviders.add(Objects.requireNonNull(adapter, "adapter"));
            return this;
        }

        /**
         * The ordered hosted-checkout providers of a country (ISO alpha-3), for checkouts that name no
         * provider: {@code routing("MEX", "88pay", "mercadopago")} sends them to 88Pay, and to Mercado
         * Pago only when nothing reached 88Pay (NOT_SENT, or 88Pay unreachable or refusing Cobro's
         * credentials before the charge), never after an UNKNOWN or a created checkout. Every try is an
         * attempt of the same payment. A provider that is not configured fails {@link #build()}. Called
         * again for a country, the new route replaces the old.
         */
        public Builder routing(String country, String... providers) {
            Country code = new Country(Objects.requireNonNull(country, "country").trim()
                    .toUpperCase(java.util.Locale.ROOT));
            List<ProviderId> route = new ArrayList<>();
            for (String provider : Objects.requireNonNull(providers, "providers")) {
                route.add(ProviderId.of(Objects.requireNonNull(provider, "provider").trim()));
            }
            // Checked as a route at once (no provider, one listed twice), the providers themselves at build().
            routes.put(code, new CheckoutRoutes(Map.of(code, route)).of(code));
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
         * This installation's range of Pay-me operation numbers (ARCHITECTURE.md, several instances): numbers
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

        /**
         * Lets {@link #build()} return without starting Hibernate (by default it starts on a thread of
         * its own while the rest is built, and {@code build()} waits for it): the first call that needs
         * it starts it, and a failed start is thrown there, as {@code build()} throws it otherwise.
         * {@link Cobro#health()} reads without it. For a short-lived process that may not need
         * Hibernate at all, such as a command line's health check; a long-lived host keeps the
         * default, which fails at {@code build()}.
         */
        public Builder persistenceOnFirstUse() {
            this.persistenceOnFirstUse = true;
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
         * {@value NotificationSigner#MIN_KEY_BYTES} bytes; the same on every instance), named by its
         * fingerprint: a ring of one key. Without it and without {@link #notificationSigningKeys}, the
         * key is derived from each account's API key.
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
         * The key ring of Cobro's signature on the notification URLs it sends (the same on every
         * instance): the first key signs, every key verifies, and each URL names the key that signed
         * it. Rotate by putting the new key first and keeping the old one for as long as a payment
         * signed with it can be notified (README, "Rotating keys"). With
         * {@link #notificationSigningKey} too, that key comes last. An empty list configures no ring.
         */
        public Builder notificationSigningKeys(List<NotificationSigner.Key> keys) {
            Objects.requireNonNull(keys, "keys");
            if (!keys.isEmpty()) {
                // Checked here: two keys under one id fail where they are configured.
                NotificationSigner.KeyRing.of(keys);
            }
            this.notificationSigningKeys.clear();
            this.notificationSigningKeys.addAll(keys);
            return this;
        }

        /** {@link #notificationSigningKeys(List)} written as {@code id:base64key[,id:base64key...]}, the first signs. */
        public Builder notificationSigningKeys(String ring) {
            return notificationSigningKeys(NotificationSigner.Key.parseRing(Objects.requireNonNull(ring, "ring")));
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

        /**
         * The largest notification body, in UTF-8 bytes, that Cobro reads (default 64 KiB; a genuine
         * one is a few hundred bytes). A larger one is not parsed: it is stored as an excerpt with its
         * length and SHA-256, and changes nothing.
         */
        public Builder maxNotificationBodyBytes(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("the notification body size limit must be positive, not " + bytes);
            }
            this.maxNotificationBodyBytes = bytes;
            return this;
        }

        /**
         * Lets provider base URLs be plain {@code http} on any host (tests, a sandbox on another machine).
         * Without it a provider URL must be {@code https}, or {@code http} to a loopback host only: the
         * API key and the payments' data must not cross a network in clear.
         */
        public Builder allowInsecureHttp() {
            this.allowInsecureHttp = true;
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
            if (deliverEventsEvery != null && listener == null) {
                throw new IllegalStateException("deliverEventsEvery(...) delivers to a listener: call onOutcome(...)");
            }
            if (!allowInsecureHttp) {
                eightyEightPayAccounts.forEach((account, settings) -> ProviderUrls.requireSecure(
                        "88Pay account " + account + "'s base URL", settings.settings().baseUrl()));
                mercadoPagoAccounts.forEach((account, settings) -> ProviderUrls.requireSecure(
                        "Mercado Pago account " + account + "'s base URL", settings.settings().baseUrl()));
                paymeAccounts.forEach((account, settings) -> {
                    ProviderUrls.requireSecure("Pay-me account " + account + "'s auth URL", settings.authUrl());
                    ProviderUrls.requireSecure("Pay-me account " + account + "'s API URL", settings.apiUrl());
                });
            }
            CobroPersistence persistence = startPersistence(this);
            Cobro cobro = null;
            try {
                cobro = new Cobro(this, persistence);
                // Hibernate started on its own thread while the rest was built; build() fails as it
                // always has when it cannot start (a schema this version does not map, no database).
                if (!persistenceOnFirstUse) {
                    persistence.awaitStarted();
                }
                return cobro;
            } catch (RuntimeException | Error e) {
                throw abandon(cobro, persistence, !persistenceOnFirstUse, e);
            }
        }
    }

    /** One account of a hosted-checkout provider (88Pay, Mercado Pago): its settings and the countries it serves. */
    record CheckoutAccount<S>(S settings, Set<Country> countries) {

        /**
         * Adds (or replaces) {@code account} of {@code provider}, serving {@code countries} (ISO alpha-3):
         * a country another account of the same provider serves is refused, since a checkout that names
         * no account goes through its country's account.
         */
        static <S> void add(Map<AccountId, CheckoutAccount<S>> accounts, String provider, String account, S settings,
                            String... countries) {
            AccountId id = AccountId.of(account);
            Set<Country> served = new LinkedHashSet<>();
            for (String country : countries) {
                served.add(new Country(country));
            }
            accounts.forEach((otherId, other) -> other.countries().stream()
                    .filter(country -> !otherId.equals(id) && served.contains(country))
                    .findFirst().ifPresent(country -> {
                        throw new IllegalArgumentException("country " + country + " is served by " + provider
                                + " accounts " + otherId + " and " + id);
                    }));
            accounts.put(id, new CheckoutAccount<>(Objects.requireNonNull(settings, "settings"), Set.copyOf(served)));
        }
    }
}
