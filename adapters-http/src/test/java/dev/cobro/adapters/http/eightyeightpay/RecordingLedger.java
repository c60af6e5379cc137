package dev.cobro.adapters.http.eightyeightpay;

import dev.cobro.application.port.out.TokenRequestLedgerPort;
import dev.cobro.application.service.InMemoryTokenRequestLedger;
import dev.cobro.domain.shared.ProviderId;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** The application's in-memory ledger, remembering when (by its clock) each token request was allowed. */
final class RecordingLedger implements TokenRequestLedgerPort {

    private final Clock clock;
    private final InMemoryTokenRequestLedger ledger;
    private final List<Instant> allowed = new CopyOnWriteArrayList<>();
    private final List<String> credentials = new CopyOnWriteArrayList<>();

    RecordingLedger(Clock clock) {
        this.clock = clock;
        this.ledger = new InMemoryTokenRequestLedger(clock);
    }

    @Override
    public Optional<Duration> tryRecord(ProviderId provider, String credentialId, List<Limit> limits) {
        credentials.add(provider + "/" + credentialId);
        Instant now = clock.instant();
        Optional<Duration> refused = ledger.tryRecord(provider, credentialId, limits);
        if (refused.isEmpty()) {
            allowed.add(now);
        }
        return refused;
    }

    List<Instant> allowed() {
        return List.copyOf(allowed);
    }

    List<String> credentials() {
        return List.copyOf(credentials);
    }
}
