package dev.cobro.bootstrap;

import dev.cobro.adapters.http.eightyeightpay.EightyEightPayCheckoutAdapter;
import dev.cobro.adapters.http.eightyeightpay.EightyEightPayNotificationAuthenticityAdapter;
import dev.cobro.adapters.http.eightyeightpay.EightyEightPaySettings;
import dev.cobro.adapters.http.payme.PaymeCardAuthorizationAdapter;
import dev.cobro.adapters.http.payme.PaymeSettings;
import dev.cobro.adapters.persistence.CobroPersistence;
import dev.cobro.application.port.in.AuthorizeCardUseCase;
import dev.cobro.application.port.in.DeliveryReport;
import dev.cobro.application.port.in.PruneNotificationsUseCase;
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
import dev.cobro.application.service.PruneNotificationsService;
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
    private final PruneNotificationsUseCase notificationPruning;
    private final int maxNotificationBodyBytes;
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
    /** Layer 1's key rings, for {@link #health()}: which open payments' keys are still configured. */
    private final NotificationSigner signer;

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
        // Every status change and notification passes through these stores: metered there. Provider calls
        // are timed by the provider operation the use cases share.
        PaymentStorePort payments = Metered.payments(persistence.payments(), metrics);
        AuthorizationStorePort authorizations = Metered.authorizations(persistence.authorizations(), metrics);

        List<HostedCheckoutProviderPort> checkout = new ArrayList<>();
        // One adapter per (provider, account): its own credentials, and one token per (provider, account)
        // for every instance on the database (ARCHITECTURE.md, several instances; provider accounts).
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
                checkout,
                HostedCheckoutProviderPort::providerId, HostedCheckoutProviderPort::account);
        this.cardProviders = new ProviderRegistry<>("card-authorization",
                cards,
                CardAuthorizationProviderPort::providerId, CardAuthorizationProviderPort::account);

        NotificationSigner signer = new NotificationSigner(signingKeys(b));
        this.signer = signer;
        List<NotificationAuthenticityPort> proofs = proofs(b, clock);
        warnAboutUnverifiedNotifications(b, proofs);
        TokenHasher tokenHasher = new TokenHasher(b.tokenHashKey != null ? b.tokenHashKey : derivedKey(b));

        this.checkoutPayments = new StartCheckoutPaymentService(checkoutProviders, payments,
                persistence.attempts(), signer, metrics, ids, clock);
        this.notifications = new RecordPaymentNotificationService(checkoutProviders, payments,
                signer, proofs, b.acceptUnverifiedNotifications, ids, clock, b.maxNotificationBodyBytes);
        this.notificationPruning = new PruneNotificationsService(payments, clock);
        this.maxNotificationBodyBytes = b.maxNotificationBodyBytes;
        this.cardAuthorizations = new AuthorizeCardService(cardProviders, authorizations,
                persistence.attempts(), b.operationNumbers == null ? persistence.operationNumbers()
                        : persistence.operationNumbers(b.operationNumbers[0], b.operationNumbers[1]),
                tokenHasher, metrics, ids, clock);
        this.reversals = new ReverseAuthorizationService(cardProviders, authorizations,
                persistence.attempts(), metrics, ids, clock);
        // Every instance may run the resolver on a schedule: one sweep at a time per database.
        this.resolver = Metered.resolver(new ResolveUnknownOutcomesService(cardProviders, payments,
                authorizations, persistence.attempts(), persistence.sweepLock(), b.resolverSettings,
                metrics, ids, clock), metrics);
        this.history = new QueryTransactionHistoryService(persistence.history());

        OutcomeOutboxPort outbox = persistence.outbox();
        this.listenerRegistered = b.listener != null;
        this.events = new CobroEvents(
                b.listener == null ? null : new DeliverOutcomeEventsService(outbox, b.listener, b.outboxSettings, clock),
                new ListOutcomeEventsService(outbox), new PruneOutcomeEventsService(outbox, clock));
        this.eventScheduler = b.deliverEventsEvery == null ? null : startDispatcher(b.deliverEventsEvery);
        warnAboutPaymentsWithoutKey();
    }

    /**
     * Each 88Pay account's webhook secret proves that account's notifications only (a token another
     * account's secret opens proves nothing). A host's own proof replaces the secret's for what it
     * covers: its account, or every account of its provider.
     */
    private static List<NotificationAuthenticityPort> proofs(Builder b, Clock clock) {
        List<NotificationAuthenticityPort> proofs = new ArrayList<>(b.authenticity);
        b.eightyEightPayAccounts.forEach((account, settings) -> {
            if (settings.settings().webhookSecret() != null && proofFor(proofs, account) == null) {
                proofs.add(new EightyEightPayNotificationAuthenticityAdapter(account,
                        settings.settings().webhookSecret(), clock));
            }
        });
        return proofs;
    }

    /** The proof that judges an 88Pay account's notifications: its own, else its provider's for every account. */
    private static NotificationAuthenticityPort proofFor(List<NotificationAuthenticityPort> proofs, AccountId account) {
        NotificationAuthenticityPort everyAccount = null;
        for (NotificationAuthenticityPort proof : proofs) {
            if (proof.providerId().equals(ProviderId.EIGHTY_EIGHT_PAY)) {
                if (proof.account().isEmpty()) {
                    everyAccount = proof;
                } else if (proof.account().get().equals(account)) {
                    return proof;
                }
            }
        }
        return everyAccount;
    }

    /** Said at start-up, as {@link #health()} says it: the money of these payments is otherwise lost unnoticed. */
    private void warnAboutPaymentsWithoutKey() {
        try {
            PaymentsWithoutKey missing = paymentsWithoutKey(clock.instant());
            if (missing.count() > 0) {
                LOG.warn(missing.problem());
            }
        } catch (RuntimeException e) {
            // Health reports an unreadable or unmigrated database; start-up goes on.
            LOG.debug("could not count open payments by notification key: {}", e.toString());
        }
    }

    /**
     * The open payments whose notification signing key is no longer in their account's ring, among the
     * providers this Cobro serves (an account of it no longer configured counts: its payments too are
     * notified in vain).
     */
    private PaymentsWithoutKey paymentsWithoutKey(Instant now) {
        long count = 0;
        Instant oldest = null;
        Set<String> keys = new java.util.TreeSet<>();
        Set<ProviderId> served = checkoutProviders.ids();
        for (StoreHealthPort.OpenPaymentsByKey group : persistence.health().openPaymentsByKey()) {
            if (group.keyId() == null) {
                continue; // sent unsigned, or signed before key ids were stored: no key to look for
            }
            if (!served.contains(group.provider())) {
                continue; // this Cobro takes no notification of that provider (e.g. a history-only CLI)
            }
            NotificationSigner.KeyRing ring = signer.ringOf(group.provider(), group.account().value());
            if (ring == null || ring.find(group.keyId()).isEmpty()) {
                count += group.count();
                oldest = oldest == null || group.oldestCreatedAt().isBefore(oldest) ? group.oldestCreatedAt() : oldest;
                keys.add(group.provider() + " account " + group.account() + ": key " + group.keyId());
            }
        }
        Optional<Duration> age = Optional.ofNullable(oldest).map(at -> age(at, now));
        String problem = count + " open payment(s) have a notification URL signed with a key no longer configured ("
                + String.join("; ", keys) + "; the oldest started " + age.map(Duration::toString).orElse("?")
                + " ago): their notifications cannot be verified and change nothing; configure the key again"
                + " (a previous API key or a key of the notification signing ring)";
        return new PaymentsWithoutKey(count, age, problem);
    }

    private record PaymentsWithoutKey(long count, Optional<Duration> oldest, String problem) {
    }

    /**
     * One daemon thread that delivers pending events at a fixed delay. A scheduled executor cancels a
     * task for good when it throws, silently: whatever a round throws, an Error too, is logged with
     * its cause and the next round comes at its time.
     */
    private ScheduledExecutorService startDispatcher(Duration every) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "cobro-outcome-events");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(GuardedRun.of(LOG, "Delivering outcome events", every, () -> {
            DeliveryReport report = events.deliverPending();
            if (report.failed() > 0) {
                LOG.warn("outcome listener failed on {} event(s); they are retried later ({} delivered)",
                        report.failed(), report.delivered());
            }
        }), every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
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
        long withoutKey = -1;
        Optional<Duration> oldestWithoutKey = Optional.empty();
        if (reachable && migrated) {
            Instant now = clock.instant();
            try {
                OutcomeOutboxPort.Backlog backlog = persistence.outbox().backlog();
                pending = backlog.pending();
                oldestPending = backlog.oldestPendingOccurredAt().map(at -> age(at, now));
                StoreHealthPort.OpenUnknowns open = persistence.health().openUnknowns();
                unknowns = open.count();
                oldestUnknown = open.oldestSince().map(at -> age(at, now));
                PaymentsWithoutKey missing = paymentsWithoutKey(now);
                withoutKey = missing.count();
                oldestWithoutKey = missing.oldest();
                if (missing.count() > 0) {
                    problems.add(missing.problem());
                }
            } catch (RuntimeException e) {
                problems.add("the database cannot be read: " + e.getClass().getSimpleName());
            }
        }
        return new CobroHealth(reachable, migrated, version, providers, listenerRegistered, pending, oldestPending,
                unknowns, oldestUnknown, withoutKey, oldestWithoutKey, problems);
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
     * Layer 1's key rings (README, Notifications). Each (provider, account) verifies
     * with the configured keys ({@link Builder#notificationSigningKeys}, then the single
     * {@link Builder#notificationSigningKey}) followed, for an 88Pay account, by the keys derived from
     * its API key and its previous API keys, so that every instance with the same credentials signs
     * alike and a switch from derived to configured keys loses no open payment. The first key signs:
     * the first configured one, else the one derived from the current API key. A provider account
     * with none sends its notification URL unsigned, and its notifications change nothing unless
     * unverified ones are accepted.
     */
    private static NotificationSigner.Keys signingKeys(Builder b) {
        List<NotificationSigner.Key> configured = new ArrayList<>(b.notificationSigningKeys);
        if (b.notificationSigningKey != null) {
            configured.add(NotificationSigner.Key.fingerprinted(b.notificationSigningKey));
        }
        NotificationSigner.KeyRing configuredRing = configured.isEmpty() ? null
                : NotificationSigner.KeyRing.of(configured);
        // Derived once per account at build (two HMACs a key), not on every checkout and notification.
        Map<AccountId, NotificationSigner.KeyRing> eightyEightPay = new LinkedHashMap<>();
        b.eightyEightPayAccounts.forEach((account, settings) -> {
            List<NotificationSigner.Key> ring = new ArrayList<>(configured);
            List<String> apiKeys = new ArrayList<>();
            apiKeys.add(settings.settings().apiKey());
            apiKeys.addAll(settings.settings().previousApiKeys());
            // Each account derives from its own API keys: one account's URL never verifies for another.
            apiKeys.forEach(apiKey -> ring.add(NotificationSigner.Key.fingerprinted(NotificationSigner.derivedKey(
                    apiKey, ProviderId.EIGHTY_EIGHT_PAY, account.value()))));
            eightyEightPay.put(account, NotificationSigner.KeyRing.of(ring));
        });
        return (provider, account) -> {
            if (ProviderId.EIGHTY_EIGHT_PAY.equals(provider)) {
                NotificationSigner.KeyRing ring = eightyEightPay.get(AccountId.of(account));
                if (ring != null) {
                    return ring;
                }
            }
            return configuredRing;
        };
    }

    private static void warnAboutUnverifiedNotifications(Builder b, List<NotificationAuthenticityPort> proofs) {
        if (b.acceptUnverifiedNotifications) {
            LOG.warn("acceptUnverifiedNotifications(): notifications without Cobro's signature or the provider's "
                    + "proof are matched and applied; the host must verify them before it calls Cobro");
            return;
        }
        // Named one by one: with several accounts, one without a secret is easily missed.
        b.eightyEightPayAccounts.keySet().stream().filter(account -> proofFor(proofs, account) == null)
                .forEach(account -> LOG.warn("88Pay account {}: its notifications are checked by Cobro's signed"
                        + " notification URL only: a payer who reads the checkout link could forge their own payment's"
                        + " notification; configure the account's 88Pay webhook secret"
                        + " (EightyEightPaySettings.withWebhookSecret, {})", account,
                        AccountId.DEFAULT.equals(account) ? "COBRO_88PAY_WEBHOOK_SECRET"
                                : "COBRO_88PAY_" + account.value().toUpperCase(java.util.Locale.ROOT)
                                + "_WEBHOOK_SECRET"));
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
        private final List<NotificationSigner.Key> notificationSigningKeys = new ArrayList<>();
        private boolean acceptUnverifiedNotifications;
        private int maxNotificationBodyBytes = RecordPaymentNotificationService.DEFAULT_MAX_BODY_BYTES;
        private boolean allowInsecureHttp;
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
                paymeAccounts.forEach((account, settings) -> {
                    ProviderUrls.requireSecure("Pay-me account " + account + "'s auth URL", settings.authUrl());
                    ProviderUrls.requireSecure("Pay-me account " + account + "'s API URL", settings.apiUrl());
                });
            }
            return new Cobro(this);
        }
    }

    /** One 88Pay account's settings and the countries it serves. */
    private record EightyEightPayAccount(EightyEightPaySettings settings, Set<Country> countries) {
    }
}
