package dev.cobro.application.port.out;

import dev.cobro.domain.shared.ProviderId;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The times of token requests (never the tokens), per provider and credential, so that a
 * provider's token rate limit (88Pay: 10 a minute, 100 an hour) holds across threads, processes
 * and hosts. The windows are measured by the ledger's own clock (the database's, shared by every
 * host), never by a caller's.
 */
public interface TokenRequestLedgerPort {

    /** At most {@code max} requests in any {@code window}. */
    record Limit(int max, Duration window) {

        /** The longest window of {@code limits}: requests older than this count for none of them. */
        public static Duration longest(List<Limit> limits) {
            return limits.stream().map(Limit::window).max(Duration::compareTo).orElse(Duration.ZERO);
        }

        /**
         * How long after {@code at} one more request fits every limit, given the {@code recent} requests
         * (oldest first; those older than {@link #longest} may be left out); empty when it fits now. Every
         * ledger decides by this one rule, with its own clock's {@code at}.
         */
        public static Optional<Duration> waitBefore(List<Limit> limits, List<Instant> recent, Instant at) {
            Instant earliest = null;
            for (Limit limit : limits) {
                Instant windowStart = at.minus(limit.window());
                List<Instant> inWindow = recent.stream().filter(t -> t.isAfter(windowStart)).toList();
                if (inWindow.size() >= limit.max()) {
                    // The request that leaves the window first makes room.
                    Instant frees = inWindow.get(inWindow.size() - limit.max()).plus(limit.window());
                    earliest = earliest == null || frees.isAfter(earliest) ? frees : earliest;
                }
            }
            return earliest == null ? Optional.empty() : Optional.of(Duration.between(at, earliest));
        }
    }

    /**
     * Atomically: when every limit still has room now, records one request now and returns empty;
     * otherwise records nothing and returns how long until a request would fit. {@code credentialId}
     * names the credential (a merchant id), never holds a secret.
     */
    Optional<Duration> tryRecord(ProviderId provider, String credentialId, List<Limit> limits);
}
