package dev.cobro.bootstrap;

import dev.cobro.adapters.persistence.CobroPersistence;
import dev.cobro.application.port.out.OutcomeOutboxPort;
import dev.cobro.application.port.out.StoreHealthPort;
import dev.cobro.application.service.NotificationSigner;
import dev.cobro.db.CobroMigrations;
import dev.cobro.domain.shared.ProviderId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether one Cobro can work, read from its database and its settings: {@link Cobro#health()}, and
 * the start-up warning about open payments whose notifications can no longer be verified.
 */
final class HealthCheck {

    /** Under Cobro's name: a host filters and reads start-up warnings by the facade's logger. */
    private static final Logger LOG = LoggerFactory.getLogger(Cobro.class);

    private final DataSource migrationsDataSource;
    private final CobroPersistence persistence;
    private final ProviderSetup providers;
    private final NotificationSigner signer;
    private final boolean listenerRegistered;
    private final Clock clock;

    /**
     * @param migrationsDataSource the database as Flyway reads it: the host's DataSource, or a plain one
     * @param signer               layer 1's key rings: which open payments' keys are still configured
     */
    HealthCheck(DataSource migrationsDataSource, CobroPersistence persistence, ProviderSetup providers,
                NotificationSigner signer, boolean listenerRegistered, Clock clock) {
        this.migrationsDataSource = migrationsDataSource;
        this.persistence = persistence;
        this.providers = providers;
        this.signer = signer;
        this.listenerRegistered = listenerRegistered;
        this.clock = clock;
    }

    CobroHealth check() {
        List<String> problems = new ArrayList<>();
        boolean reachable = true;
        boolean migrated = false;
        Optional<String> version = Optional.empty();
        try {
            // One query answers a current schema; Flyway's scan of every migration is read only when
            // something is missing, to say what.
            if (CobroMigrations.isCurrent(migrationsDataSource)) {
                migrated = true;
                version = Optional.of(String.valueOf(CobroMigrations.LATEST_VERSION));
            } else {
                CobroMigrations.Status status = CobroMigrations.status(migrationsDataSource);
                version = Optional.ofNullable(status.currentVersion());
                migrated = status.migrated();
                if (!migrated) {
                    problems.add("the database is not migrated: " + status.pending() + " migration(s) pending"
                            + version.map(v -> " after version " + v).orElse(""));
                }
            }
        } catch (RuntimeException e) {
            reachable = false;
            problems.add("the database cannot be reached or read: " + e.getClass().getSimpleName());
        }
        Map<String, List<String>> accounts = providers.accountsByProvider();
        if (accounts.isEmpty()) {
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
        return new CobroHealth(reachable, migrated, version, accounts, listenerRegistered, pending, oldestPending,
                unknowns, oldestUnknown, withoutKey, oldestWithoutKey, problems);
    }

    /** Said at start-up, as {@link #check()} says it: the money of these payments is otherwise lost unnoticed. */
    void warnAboutPaymentsWithoutKey() {
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
        Set<String> keys = new TreeSet<>();
        Set<ProviderId> served = providers.checkout.ids();
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

    private static Duration age(Instant at, Instant now) {
        Duration age = Duration.between(at, now);
        return age.isNegative() ? Duration.ZERO : age;
    }
}
