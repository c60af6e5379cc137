package dev.cobro.bootstrap;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code cobro.health()} found. Healthy when the database is reachable and holds every
 * migration this version ships, at least one provider is configured, and every open payment's
 * notification signing key is still configured ({@link #problems()} is empty). The backlog of outcome events and the open UNKNOWNs are reported with their oldest age,
 * for the host to judge against its own schedule (a backlog is normal without a listener).
 *
 * @param schemaVersion       the migration version applied, empty when unreadable or none
 * @param providers           provider id to its configured accounts (sorted; {@code default} when there is one)
 * @param pendingEvents       outcome events not yet delivered (-1 when unreadable)
 * @param oldestPendingEvent  how long ago the oldest of them occurred
 * @param openUnknowns        payments and authorizations whose outcome is UNKNOWN (-1 when unreadable)
 * @param oldestUnknown       how long the oldest of them has been UNKNOWN
 * @param openPaymentsWithoutKey open payments whose notification URL was signed with a key no longer
 *                            configured: their notifications cannot be verified (-1 when unreadable)
 * @param oldestPaymentWithoutKey how long ago the oldest of them was started
 */
public record CobroHealth(boolean databaseReachable, boolean migrated, Optional<String> schemaVersion,
                          Map<String, List<String>> providers, boolean listenerRegistered, long pendingEvents,
                          Optional<Duration> oldestPendingEvent, long openUnknowns, Optional<Duration> oldestUnknown,
                          long openPaymentsWithoutKey, Optional<Duration> oldestPaymentWithoutKey,
                          List<String> problems) {

    public CobroHealth {
        providers = Map.copyOf(providers);
        problems = List.copyOf(problems);
    }

    public boolean healthy() {
        return problems.isEmpty();
    }
}
