package dev.cobro.adapters.http.eightyeightpay;

import dev.cobro.application.port.out.TokenRequestLedgerPort;
import dev.cobro.application.service.InMemoryTokenRequestLedger;
import dev.cobro.domain.shared.ProviderId;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** The application's in-memory ledger, remembering when each token request was allowed. */
final class RecordingLedger implements TokenRequestLedgerPort {

    private final InMemoryTokenRequestLedger ledger = new InMemoryTokenRequestLedger();
    private final List<Instant> allowed = new CopyOnWriteArrayList<>();
    private final List<String> credentials = new CopyOnWriteArrayList<>();

    @Override
    public Optional<Instant> tryRecord(ProviderId provider, String credentialId, Instant now, List<Limit> limits) {
        credentials.add(provider + "/" + credentialId);
        Optional<Instant> refused = ledger.tryRecord(provider, credentialId, now, limits);
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
