package dev.cobro.adapters.http.eightyeightpay;

import dev.cobro.application.fakes.ControllableClock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Waits by moving the test clock to the instant asked for, and remembers every wait. */
final class ClockAdvancingWaiter implements RateLimitWaiter {

    private final ControllableClock clock;
    private final List<Instant> waits = new CopyOnWriteArrayList<>();

    ClockAdvancingWaiter(ControllableClock clock) {
        this.clock = clock;
    }

    @Override
    public void waitUntil(Instant until) {
        waits.add(until);
        clock.set(until);
    }

    List<Instant> waits() {
        return List.copyOf(waits);
    }
}
