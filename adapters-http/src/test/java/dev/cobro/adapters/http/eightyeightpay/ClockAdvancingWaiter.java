package dev.cobro.adapters.http.eightyeightpay;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Waits by moving the test clock to the instant asked for, and remembers every wait. */
final class ClockAdvancingWaiter implements RateLimitWaiter {

    private final MutableClock clock;
    private final List<Instant> waits = new CopyOnWriteArrayList<>();

    ClockAdvancingWaiter(MutableClock clock) {
        this.clock = clock;
    }

    @Override
    public void waitUntil(Instant until) {
        waits.add(until);
        clock.advanceTo(until);
    }

    List<Instant> waits() {
        return List.copyOf(waits);
    }
}
