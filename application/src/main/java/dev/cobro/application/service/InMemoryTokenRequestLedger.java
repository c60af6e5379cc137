package dev.cobro.application.service;

import dev.cobro.application.port.out.TokenRequestLedgerPort;
import dev.cobro.domain.shared.ProviderId;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The token ledger of one process, for hosts that run Cobro without a shared database ledger
 * and for tests. Across processes, use the PostgreSQL ledger.
 */
public final class InMemoryTokenRequestLedger implements TokenRequestLedgerPort {

    private final Map<String, Deque<Instant>> requests = new HashMap<>();
    private final Clock clock;

    /** {@code clock}: the one this process's windows are measured by. */
    public InMemoryTokenRequestLedger(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized Optional<Duration> tryRecord(ProviderId provider, String credentialId, List<Limit> limits) {
        Instant now = clock.instant();
        Deque<Instant> times = requests.computeIfAbsent(provider + "\u001f" + credentialId, k -> new ArrayDeque<>());
        Duration longest = Limit.longest(limits);
        while (!times.isEmpty() && !times.peekFirst().isAfter(now.minus(longest))) {
            times.pollFirst();
        }
        Optional<Duration> wait = Limit.waitBefore(limits, List.copyOf(times), now);
        if (wait.isPresent()) {
            return wait;
        }
        times.addLast(now);
        return Optional.empty();
    }
}
