package dev.cobro.application.service;

import dev.cobro.application.port.out.ProviderTokenStorePort;
import dev.cobro.domain.shared.ProviderId;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The token store of one process, for a Cobro without a shared database store and for tests. Its
 * lock is this object's monitor, its clock the one given. Several instances use the PostgreSQL store.
 */
public final class InMemoryProviderTokenStore implements ProviderTokenStorePort {

    private record Row(UUID id, byte[] sealed, Instant issuedAt, Duration reuseFor) {
    }

    private final Map<String, Row> rows = new HashMap<>();
    private final Clock clock;

    public InMemoryProviderTokenStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized Optional<StoredToken> current(ProviderId provider, String account) {
        return view(rows.get(key(provider, account)), clock.instant());
    }

    @Override
    public synchronized Optional<StoredToken> renew(ProviderId provider, String account,
                                                    Function<Optional<StoredToken>, Optional<NewToken>> renewal) {
        Instant lockedAt = clock.instant();
        Optional<NewToken> replacement = renewal.apply(view(rows.get(key(provider, account)), lockedAt));
        replacement.ifPresent(t -> rows.put(key(provider, account),
                new Row(t.id(), t.sealed().clone(), lockedAt, t.reuseFor())));
        return view(rows.get(key(provider, account)), clock.instant());
    }

    @Override
    public synchronized boolean retire(ProviderId provider, String account, UUID tokenId) {
        Row row = rows.get(key(provider, account));
        if (row == null || !row.id().equals(tokenId)) {
            return false;
        }
        rows.remove(key(provider, account));
        return true;
    }

    private static Optional<StoredToken> view(Row row, Instant now) {
        return row == null ? Optional.empty() : Optional.of(new StoredToken(row.id(), row.sealed().clone(),
                Duration.between(row.issuedAt(), now), row.reuseFor()));
    }

    private static String key(ProviderId provider, String account) {
        return provider.value() + "\u001f" + account;
    }
}
