package dev.cobro.bootstrap;

import dev.cobro.adapters.http.eightyeightpay.EightyEightPayCheckoutAdapter;
import dev.cobro.adapters.http.eightyeightpay.EightyEightPayNotificationAuthenticityAdapter;
import dev.cobro.adapters.http.eightyeightpay.EightyEightPaySettings;
import dev.cobro.adapters.http.payme.PaymeCardAuthorizationAdapter;
import dev.cobro.adapters.http.payme.PaymeSettings;
import dev.cobro.adapters.persistence.CobroPersistence;
import dev.cobro.application.port.in.AuthorizeCardUseCase;
import dev.cobro.application.port.in.DeliveryReport;
import dev.cobro.application.port.in.QueryTransactionHistoryUseCase;
import dev.cobro.application.port.in.RecordPaymentNotificationUseCase;
import dev.cobro.application.port.in.ResolveUnknownOutcomesUseCase;
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
import dev.cobro.application.port.out.StoreHealthPort;
import dev.cobro.application.service.AuthorizeCardService;
import dev.cobro.application.service.DeliverOutcomeEventsService;
import dev.cobro.application.service.ListOutcomeEventsService;
import dev.cobro.application.service.Metered;
import dev.cobro.application.service.NotificationSigner;
import dev.cobro.application.service.OutboxSettings;
import dev.cobro.application.service.PruneOutcomeEventsService;
import dev.cobro.application.service.ProviderRegistry;
import dev.cobro.application.service.QueryTransactionHistoryService;
import dev.cobro.application.service.RecordPaymentNotificationService;
import dev.cobro.application.service.ResolveUnknownOutcomesService;
import dev.cobro.application.service.ResolverSettings;
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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
    private final CobroEvents events;
    /** The database as Flyway reads it, for {@link #health()}: the host's DataSource, or a plain one. */
    private final DataSource migrationsDataSource;
    private final Clock clock;
    private final boolean listenerRegistered;
    /** Cobro's meters in the host's registry, or null without one. */
    private final AutoCloseable meters;
    /** The event dispatcher's thread, or null unless asked for ({@link Builder#deliverEventsEvery}). */
    private final ScheduledExecutorService eventScheduler;

    private Cobro(Builder b) {
        DataSource dataSource = b.dataSource;
        this.migrationsDataSource = dataSource != null ? dataSource : unpooled(b.jdbcUrl, b.jdbcUser, b.jdbcPassword);
        // Before persistence starts: Hibernate validates the schema it finds, so it must be migrated first.
        if (b.runMigrations) {
            CobroMigrations.migrate(migrationsDataSource);
        }
        // HikariCP's own pool metrics, when the pool is Cobro's; a host's DataSource is the host's to meter.
        this.persistence = dataSource != null ? CobroPersistence.create(dataSource)
                : CobroPersistence.create(b.jdbcUrl, b.jdbcUser, b.jdbcPassword, b.meterRegistry);
        Clock clock = b.clock;
        this.clock = clock;
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
        // Every status change and notification passes through these stores, every provider call through
        // the adapters registered below: metered there, the use cases know nothing of metrics.
        PaymentStorePort payments = Metered.payments(persistence.payments(), metrics);
        AuthorizationStorePort authorizations = Metered.authorizations(persistence.authorizations(), metrics);

        List<HostedCheckoutProviderPort> checkout = new ArrayList<>();
        // One adapter per (provider, account): its own credentials, and one token per (provider, account)
        // for every instance on the database (DESIGN.md, several instances; provider accounts).
        MetricsPort meter = metrics;
        b.eightyEightPayAccounts.forEach((account, settings) -> checkout.add(new EightyEightPayCheckoutAdapter(
                account, settings.countries(), settings.settings(), persistence.tokenLedger(),
                persistence.tokenStore(), clock, meter)));
        checkout.addAll(b.extraCheckoutProviders);
        List<CardAuthorizationProviderPort> cards = new ArrayList<>();
        b.paymeAccounts.forEach((account, settings) -> cards.add(new PaymeCardAuthorizationAdapter(account,
                settings, clock, meter)));
        cards.addAll(b.extraCardProviders);
        this.checkoutAdapters = List.copyOf(checkout);
        this.cardAdapters = List.copyOf(cards);
        this.checkoutProviders = new ProviderRegistry<>("hosted-checkout",
                checkout.stream().map(p -> Metered.checkoutProvider(p, meter)).toList(),
                HostedCheckoutProviderPort::providerId, HostedCheckoutProviderPort::account);
        this.cardProviders = new ProviderRegistry<>("card-authorization",
                cards.stream().map(p -> Metered.cardProvider(p, meter)).toList(),
                CardAuthorizationProviderPort::providerId, CardAuthorizationProviderPort::account);

        NotificationSigner signer = new NotificationSigner(signingKeys(b));
        List<NotificationAuthenticityPort> proofs = new ArrayList<>(b.authenticity);
        List<NotificationAuthenticityPort> webhookSecrets = b.eightyEightPayAccounts.values().stream()
                .filter(account -> account.settings().webhookSecret() != null)
                .map(account -> (NotificationAuthenticityPort) new EightyEightPayNotificationAuthenticityAdapter(
                        account.settings().webhookSecret(), clock))
                .toList();
        if (!webhookSecrets.isEmpty()
                && proofs.stream().noneMatch(p -> p.providerId().equals(ProviderId.EIGHTY_EIGHT_PAY))) {
            proofs.add(webhookSecrets.size() == 1 ? webhookSecrets.get(0) : new AnyAccountProof(webhookSecrets));
        }
        warnAboutUnverifiedNotifications(b, proofs);
        TokenHasher tokenHasher = new TokenHasher(b.tokenHashKey != null ? b.tokenHashKey : derivedKey(b));

        this.checkoutPayments = new StartCheckoutPaymentService(checkoutProviders, payments,
                persistence.attempts(), signer, ids, clock);
        this.notifications = new RecordPaymentNotificationService(checkoutProviders, payments,
                signer, proofs, b.acceptUnverifiedNotifications, ids, clock);
        this.cardAuthorizations = new AuthorizeCardService(cardProviders, authorizations,
                persistence.attempts(), b.operationNumbers == null ? persistence.operationNumbers()
                        : persistence.operationNumbers(b.operationNumbers[0], b.operationNumbers[1]),
                tokenHasher, ids, clock);
        this.reversals = new ReverseAuthorizationService(cardProviders, authorizations,
                persistence.attempts(), ids, clock);
        // Every instance may run the resolver on a schedule: one sweep at a time per database.
        this.resolver = Metered.resolver(new ResolveUnknownOutcomesService(cardProviders, payments,
                authorizations, persistence.attempts(), persistence.sweepLock(), b.resolverSettings,
                ids, clock), metrics);
        this.history = new QueryTransactionHistoryService(persistence.history());

        OutcomeOutboxPort outbox = persistence.outbox();
        this.listenerRegistered = b.listener != null;
        this.events = new CobroEvents(
                b.listener == null ? null : new DeliverOutcomeEventsService(outbox, b.listener, b.outboxSettings, clock),
                new ListOutcomeEventsService(outbox), new PruneOutcomeEventsService(outbox, clock));
        this.eventScheduler = b.deliverEventsEvery == null ? null : startDispatcher(b.deliverEventsEvery);
    }

    /** One daemon thread that delivers pending events at a fixed delay; a failed round is logged and retried. */
    private ScheduledExecutorService startDispatcher(Duration every) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "cobro-outcome-events");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                DeliveryReport report = events.deliverPending();
                if (report.failed() > 0) {
                    LOG.warn("outcome listener failed on {} event(s); they are retried later ({} delivered)",
                            report.failed(), report.delivered());
                }
            } catch (RuntimeException e) {
                LOG.warn("delivering outcome events failed; the next round tries again: {}", e.toString());
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return scheduler;
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
        List<String> problems = new ArrayList<>();
        boolean reachable = true;
        boolean migrated = false;
        Optional<String> version = Optional.empty();
        try {
            CobroMigrations.Status status = CobroMigrations.status(migrationsDataSource);
            version = Optional.ofNullable(status.currentVersion());
            migrated = status.migrated();
            if (!migrated) {
                problems.add("the database is not migrated: " + status.pending() + " migration(s) pending"
                        + version.map(v -> " after version " + v).orElse(""));
            }
        } catch (RuntimeException e) {
            reachable = false;
            problems.add("the database cannot be reached or read: " + e.getClass().getSimpleName());
        }
        Map<String, List<String>> providers = new LinkedHashMap<>();
        for (ProviderRegistry<?> registry : List.of(checkoutProviders, cardProviders)) {
            for (ProviderRegistry.Key key : registry.keys()) {
                providers.computeIfAbsent(key.provider().value(), id -> new ArrayList<>()).add(key.account().value());
            }
        }
        providers.replaceAll((id, accounts) -> accounts.stream().sorted().toList());
        if (providers.isEmpty()) {
            problems.add("no provider is configured");
        }
        long pending = -1;
        Optional<Duration> oldestPending = Optional.empty();
        long unknowns = -1;
        Optional<Duration> oldestUnknown = Optional.empty();
        if (reachable && migrated) {
            Instant now = clock.instant();
            try {
                OutcomeOutboxPort.Backlog backlog = persistence.outbox().backlog();
                pending = backlog.pending();
                oldestPending = backlog.oldestPendingOccurredAt().map(at -> age(at, now));
                StoreHealthPort.OpenUnknowns open = persistence.health().openUnknowns();
                unknowns = open.count();
                oldestUnknown = open.oldestSince().map(at -> age(at, now));
            } catch (RuntimeException e) {
                problems.add("the database cannot be read: " + e.getClass().getSimpleName());
            }
        }
        return new CobroHealth(reachable, migrated, version, providers, listenerRegistered, pending, oldestPending,
                unknowns, oldestUnknown, problems);
    }

    private static Duration age(Instant at, Instant now) {
        Duration age = Duration.between(at, now);
        return age.isNegative() ? Duration.ZERO : age;
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

    /**
     * Stops the event scheduler (a delivery under way finishes first), takes Cobro's meters out of the
     * host's registry and closes the connection pool Cobro opened (a host's own DataSource is left open).
     */
    @Override
    public void close() {
        try {
            if (eventScheduler != null) {
                eventScheduler.shutdown();
                try {
                    if (!eventScheduler.awaitTermination(30, TimeUnit.SECONDS)) {
                        eventScheduler.shutdownNow();
                    }
                } catch (InterruptedException e) {
                    eventScheduler.shutdownNow();
                    Thread.currentThread().interrupt();
                }
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
        Map<AccountId, EightyEightPayAccount> eightyEightPay = Map.copyOf(b.eightyEightPayAccounts);
        // Derived once per account (two HMACs), not on every checkout and notification.
        Map<AccountId, byte[]> derived = new ConcurrentHashMap<>();
        return (provider, account) -> {
            if (configured != null) {
                return configured.clone();
            }
            EightyEightPayAccount settings = ProviderId.EIGHTY_EIGHT_PAY.equals(provider)
                    ? eightyEightPay.get(AccountId.of(account)) : null;
            if (settings != null) {
                // Each account signs with a key of its own API key: one account's URL never verifies for another.
                return derived.computeIfAbsent(AccountId.of(account), id -> NotificationSigner.derivedKey(
                        settings.settings().apiKey(), provider, account)).clone();
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
        if (!b.eightyEightPayAccounts.isEmpty()
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
        PaymeSettings payme = b.paymeAccounts.getOrDefault(AccountId.DEFAULT,
                b.paymeAccounts.values().stream().findFirst().orElse(null));
        String material = payme != null ? payme.clientSecret() : null;
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
        private final Map<AccountId, EightyEightPayAccount> eightyEightPayAccounts = new LinkedHashMap<>();
        private final Map<AccountId, PaymeSettings> paymeAccounts = new LinkedHashMap<>();
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
        private OutcomeListener listener;
        private OutboxSettings outboxSettings = OutboxSettings.DEFAULTS;
        private Duration deliverEventsEvery;
        /** A Micrometer MeterRegistry, kept as Object: without one no Micrometer class is ever loaded. */
        private Object meterRegistry;

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
         * Records Cobro's metrics in a Micrometer registry (DESIGN.md, Observability), and HikariCP's pool
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
            if (settings == null) {
                eightyEightPayAccounts.remove(AccountId.DEFAULT);
                return this;
            }
            return eightyEightPay(AccountId.DEFAULT.value(), settings);
        }

        /**
         * One more 88Pay account (merchant id) with its own credentials, e.g. {@code
         * eightyEightPay("col", colSettings, "COL")}: a checkout that names no account goes through the
         * account configured for its country (ISO alpha-3), else through {@code default}.
         */
        public Builder eightyEightPay(String account, EightyEightPaySettings settings, String... countries) {
            AccountId id = AccountId.of(account);
            Set<Country> served = new LinkedHashSet<>();
            for (String country : countries) {
                served.add(new Country(country));
            }
            eightyEightPayAccounts.forEach((otherId, other) -> other.countries().stream()
                    .filter(country -> !otherId.equals(id) && served.contains(country))
                    .findFirst().ifPresent(country -> {
                        throw new IllegalArgumentException("country " + country + " is served by 88Pay accounts "
                                + otherId + " and " + id);
                    }));
            eightyEightPayAccounts.put(id, new EightyEightPayAccount(Objects.requireNonNull(settings, "settings"),
                    Set.copyOf(served)));
            return this;
        }

        /** Pay-me's {@code default} account: every authorization that names no account. */
        public Builder payme(PaymeSettings settings) {
            if (settings == null) {
                paymeAccounts.remove(AccountId.DEFAULT);
                return this;
            }
            return payme(AccountId.DEFAULT.value(), settings);
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
            if (deliverEventsEvery != null && listener == null) {
                throw new IllegalStateException("deliverEventsEvery(...) delivers to a listener: call onOutcome(...)");
            }
            return new Cobro(this);
        }
    }

    /** One 88Pay account's settings and the countries it serves. */
    private record EightyEightPayAccount(EightyEightPaySettings settings, Set<Country> countries) {
    }

    /**
     * 88Pay's bearer-token proof when several accounts configure a webhook secret: it holds when one
     * of them decrypts a token that carries the body's transaction id and amount. Cobro's signed URL
     * already pins the notification to one payment of one account.
     */
    private record AnyAccountProof(List<NotificationAuthenticityPort> proofs) implements NotificationAuthenticityPort {

        @Override
        public ProviderId providerId() {
            return ProviderId.EIGHTY_EIGHT_PAY;
        }

        @Override
        public Proof verify(dev.cobro.application.port.out.ParsedNotification notification,
                            Map<String, String> headers) {
            Proof last = null;
            for (NotificationAuthenticityPort proof : proofs) {
                last = proof.verify(notification, headers);
                if (last.isValid()) {
                    return last;
                }
            }
            return last;
        }
    }
}
