package dev.cobro.adapters.persistence;

import dev.cobro.adapters.persistence.entity.ProviderTokenEntity;
import dev.cobro.adapters.persistence.support.DatabaseClock;
import dev.cobro.adapters.persistence.support.StoreCalls;
import dev.cobro.application.port.out.ProviderTokenStorePort;
import dev.cobro.domain.shared.ProviderId;

import jakarta.persistence.LockModeType;
import org.hibernate.Session;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The current provider token per (provider, account) in cobro.provider_token, sealed by the
 * adapter that owns the credential (this class never sees a token in clear). A renewal locks the
 * row with {@code SELECT … FOR UPDATE}, so however many instances find the token stale at once,
 * one fetches and the others read what it stored. Ages come from the database clock.
 */
public final class PostgresProviderTokenStoreAdapter implements ProviderTokenStorePort {

    private final StoreCalls calls;

    PostgresProviderTokenStoreAdapter(StoreCalls calls) {
        this.calls = calls;
    }

    @Override
    public Optional<StoredToken> current(ProviderId provider, String account) {
        return calls.inTransaction("read the token of " + provider + " account " + account, s -> {
            Instant now = now(s);
            return token(s.find(ProviderTokenEntity.class, new ProviderTokenEntity.Key(provider.value(), account)), now);
        });
    }

    @Override
    public Optional<StoredToken> renew(ProviderId provider, String account,
                                       Function<Optional<StoredToken>, Optional<NewToken>> renewal) {
        return calls.inTransaction("renew the token of " + provider + " account " + account, s -> {
            s.createMutationQuery("insert into ProviderTokenEntity (provider, account) values (:provider, :account)"
                            + " on conflict do nothing")
                    .setParameter("provider", provider.value())
                    .setParameter("account", account)
                    .executeUpdate();
            ProviderTokenEntity row = s.find(ProviderTokenEntity.class,
                    new ProviderTokenEntity.Key(provider.value(), account), LockModeType.PESSIMISTIC_WRITE);
            // Read after the lock is granted: the re-read sees what a previous holder stored.
            Instant lockedAt = now(s);
            Optional<StoredToken> current = token(row, lockedAt);
            Optional<NewToken> replacement = renewal.apply(current);
            if (replacement.isEmpty()) {
                return current;
            }
            NewToken token = replacement.get();
            row.generation = token.id();
            row.sealed = token.sealed().clone();
            row.issuedAt = lockedAt;
            row.reuseSeconds = Math.toIntExact(token.reuseFor().toSeconds());
            s.flush();
            return Optional.of(new StoredToken(token.id(), token.sealed().clone(),
                    Duration.between(lockedAt, now(s)), token.reuseFor()));
        });
    }

    @Override
    public boolean retire(ProviderId provider, String account, UUID tokenId) {
        return calls.inTransaction("retire a token of " + provider + " account " + account, s -> s.createMutationQuery(
                        "update ProviderTokenEntity t set t.generation = null, t.sealed = null, t.issuedAt = null,"
                                + " t.reuseSeconds = null"
                                + " where t.provider = :provider and t.account = :account and t.generation = :token")
                .setParameter("provider", provider.value())
                .setParameter("account", account)
                .setParameter("token", tokenId)
                .executeUpdate() == 1);
    }

    private static Instant now(Session s) {
        return s.doReturningWork(DatabaseClock::now);
    }

    private static Optional<StoredToken> token(ProviderTokenEntity row, Instant now) {
        if (row == null || row.generation == null) {
            return Optional.empty();
        }
        return Optional.of(new StoredToken(row.generation, row.sealed.clone(), Duration.between(row.issuedAt, now),
                Duration.ofSeconds(row.reuseSeconds)));
    }
}
