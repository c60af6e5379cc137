package dev.cobro.application.port.out;

import dev.cobro.domain.shared.ProviderId;

import java.time.Duration;
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
    }

    /**
     * Atomically: when every limit still has room now, records one request now and returns empty;
     * otherwise records nothing and returns how long until a request would fit. {@code credentialId}
     * names the credential (a merchant id), never holds a secret.
     */
    Optional<Duration> tryRecord(ProviderId provider, String credentialId, List<Limit> limits);
}
