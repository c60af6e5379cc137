package dev.cobro.adapters.persistence;

import dev.cobro.application.port.out.ProviderTokenStorePort;
import dev.cobro.domain.shared.ProviderId;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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

    private static final String COLUMNS = "generation, sealed, issued_at, reuse_seconds";

    private final StoreCalls calls;

    PostgresProviderTokenStoreAdapter(StoreCalls calls) {
        this.calls = calls;
    }

    @Override
    public Optional<StoredToken> current(ProviderId provider, String account) {
        return calls.inTransaction("read the token of " + provider + " account " + account, s -> s.doReturningWork(c -> {
            Instant now = DatabaseClock.now(c);
            try (PreparedStatement st = c.prepareStatement("select " + COLUMNS
                    + " from cobro.provider_token where provider = ? and account = ?")) {
                st.setString(1, provider.value());
                st.setString(2, account);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? token(rs, now) : Optional.<StoredToken>empty();
                }
            }
        }));
    }

    @Override
    public Optional<StoredToken> renew(ProviderId provider, String account,
                                       Function<Optional<StoredToken>, Optional<NewToken>> renewal) {
        return calls.inTransaction("renew the token of " + provider + " account " + account, s -> s.doReturningWork(c -> {
            try (PreparedStatement st = c.prepareStatement("insert into cobro.provider_token (provider, account)"
                    + " values (?, ?) on conflict (provider, account) do nothing")) {
                st.setString(1, provider.value());
                st.setString(2, account);
                st.executeUpdate();
            }
            Optional<StoredToken> current;
            Instant lockedAt;
            try (PreparedStatement st = c.prepareStatement("select " + COLUMNS
                    + " from cobro.provider_token where provider = ? and account = ? for update")) {
                st.setString(1, provider.value());
                st.setString(2, account);
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    // Read after the lock is granted: the re-read sees what a previous holder stored.
                    lockedAt = DatabaseClock.now(c);
                    current = token(rs, lockedAt);
                }
            }
            Optional<NewToken> replacement = renewal.apply(current);
            if (replacement.isEmpty()) {
                return current;
            }
            NewToken token = replacement.get();
            try (PreparedStatement st = c.prepareStatement("update cobro.provider_token set generation = ?,"
                    + " sealed = ?, issued_at = ?, reuse_seconds = ? where provider = ? and account = ?")) {
                st.setObject(1, token.id());
                st.setBytes(2, token.sealed());
                st.setObject(3, OffsetDateTime.ofInstant(lockedAt, ZoneOffset.UTC));
                st.setInt(4, Math.toIntExact(token.reuseFor().toSeconds()));
                st.setString(5, provider.value());
                st.setString(6, account);
                st.executeUpdate();
            }
            return Optional.of(new StoredToken(token.id(), token.sealed().clone(),
                    Duration.between(lockedAt, DatabaseClock.now(c)), token.reuseFor()));
        }));
    }

    @Override
    public boolean retire(ProviderId provider, String account, UUID tokenId) {
        return calls.inTransaction("retire a token of " + provider + " account " + account, s -> s.doReturningWork(c -> {
            try (PreparedStatement st = c.prepareStatement("update cobro.provider_token set generation = null,"
                    + " sealed = null, issued_at = null, reuse_seconds = null"
                    + " where provider = ? and account = ? and generation = ?")) {
                st.setString(1, provider.value());
                st.setString(2, account);
                st.setObject(3, tokenId);
                return st.executeUpdate() == 1;
            }
        }));
    }

    private static Optional<StoredToken> token(ResultSet rs, Instant now) throws SQLException {
        UUID id = rs.getObject("generation", UUID.class);
        if (id == null) {
            return Optional.empty();
        }
        Instant issuedAt = rs.getObject("issued_at", OffsetDateTime.class).toInstant();
        return Optional.of(new StoredToken(id, rs.getBytes("sealed"), Duration.between(issuedAt, now),
                Duration.ofSeconds(rs.getInt("reuse_seconds"))));
    }

}
