package dev.cobro.application.port.out;

import dev.cobro.domain.shared.ProviderId;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The times of token requests (never the tokens), per provider and credential, so that a
 * provider's token rate limit (88Pay: 10 a minute, 100 an hour) holds across threads, processes
 * and hosts.
 */
public interface TokenRequestLedgerPort {

    /** At most {@code max} requests in any {@code window}. */
    record Limit(int max, Duration window) {
    }

    /**
     * Atomically: when every limit still has room at {@code now}, records one request at
     * {@code now} and returns empty; otherwise records nothing and returns the earliest instant at
     * which a request would fit. {@code credentialId} names the credential (a merchant id), never
     * holds a secret.
     */
    Optional<Instant> tryRecord(ProviderId provider, String credentialId, Instant now, List<Limit> limits);
}
