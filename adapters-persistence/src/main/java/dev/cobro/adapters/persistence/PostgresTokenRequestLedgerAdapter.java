package dev.cobro.adapters.persistence;

import dev.cobro.application.port.out.TokenRequestLedgerPort;
import dev.cobro.domain.shared.ProviderId;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Token-request times in cobro.token_request. A transaction-scoped advisory lock per (provider,
 * credential) serializes the count-then-insert, so a limit such as 88Pay's 10 tokens a minute
 * holds across threads, processes and hosts sharing the database. Every time is the database's
 * ({@code clock_timestamp()} once the lock is held): hosts whose clocks disagree still count one
 * window.
 */
public final class PostgresTokenRequestLedgerAdapter implements TokenRequestLedgerPort {

    /** The advisory-lock class of Cobro's ledger ("Cobr"), apart from any lock a host takes. */
    private static final int LOCK_CLASS = 0x436F6272;

    private final StoreCalls calls;

    PostgresTokenRequestLedgerAdapter(StoreCalls calls) {
        this.calls = calls;
    }

    @Override
    public Optional<Duration> tryRecord(ProviderId provider, String credentialId, List<Limit> limits) {
        Duration longest = limits.stream().map(Limit::window).max(Duration::compareTo).orElse(Duration.ZERO);
        return calls.inTransaction("record a token request of " + provider, s -> s.doReturningWork(c -> {
            lock(c, provider, credentialId);
            Instant at = DatabaseClock.now(c);
            List<Instant> recent = requestedSince(c, provider, credentialId, at.minus(longest));
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
            if (earliest != null) {
                return Optional.of(Duration.between(at, earliest));
            }
            insert(c, provider, credentialId, at);
            return Optional.<Duration>empty();
        }));
    }

    private static void lock(Connection c, ProviderId provider, String credentialId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("select pg_advisory_xact_lock(?, hashtext(?))")) {
            st.setInt(1, LOCK_CLASS);
            st.setString(2, provider.value() + "\u001f" + credentialId);
            st.execute();
        }
    }

    private static List<Instant> requestedSince(Connection c, ProviderId provider, String credentialId, Instant since)
            throws SQLException {
        try (PreparedStatement st = c.prepareStatement("select requested_at from cobro.token_request"
                + " where provider = ? and credential_id = ? and requested_at > ? order by requested_at")) {
            st.setString(1, provider.value());
            st.setString(2, credentialId);
            st.setObject(3, OffsetDateTime.ofInstant(since, ZoneOffset.UTC));
            List<Instant> times = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    times.add(rs.getObject(1, OffsetDateTime.class).toInstant());
                }
            }
            return times;
        }
    }

    private static void insert(Connection c, ProviderId provider, String credentialId, Instant at) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "insert into cobro.token_request (provider, credential_id, requested_at) values (?, ?, ?)")) {
            st.setString(1, provider.value());
            st.setString(2, credentialId);
            st.setObject(3, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            st.executeUpdate();
        }
    }
}
