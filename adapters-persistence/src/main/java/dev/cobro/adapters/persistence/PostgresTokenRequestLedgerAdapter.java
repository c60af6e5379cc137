package dev.cobro.adapters.persistence;

import dev.cobro.adapters.persistence.entity.TokenRequestEntity;
import dev.cobro.adapters.persistence.support.DatabaseClock;
import dev.cobro.adapters.persistence.support.StoreCalls;
import dev.cobro.application.port.out.TokenRequestLedgerPort;
import dev.cobro.domain.shared.ProviderId;

import java.time.Duration;
import java.time.Instant;
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

    private final StoreCalls calls;

    PostgresTokenRequestLedgerAdapter(StoreCalls calls) {
        this.calls = calls;
    }

    @Override
    public Optional<Duration> tryRecord(ProviderId provider, String credentialId, List<Limit> limits) {
        Duration longest = Limit.longest(limits);
        return calls.inTransaction("record a token request of " + provider, s -> {
            Instant at = s.doReturningWork(c -> {
                AdvisoryLock.TOKEN_LEDGER.lockForTransaction(c, provider.value() + "\u001f" + credentialId);
                return DatabaseClock.now(c);
            });
            List<Instant> recent = s.createQuery("select r.requestedAt from TokenRequestEntity r"
                            + " where r.provider = :provider and r.credentialId = :credential and r.requestedAt > :since"
                            + " order by r.requestedAt", Instant.class)
                    .setParameter("provider", provider.value())
                    .setParameter("credential", credentialId)
                    .setParameter("since", at.minus(longest))
                    .getResultList();
            Optional<Duration> wait = Limit.waitBefore(limits, recent, at);
            if (wait.isPresent()) {
                return wait;
            }
            s.persist(new TokenRequestEntity(provider.value(), credentialId, at));
            return Optional.<Duration>empty();
        });
    }
}
