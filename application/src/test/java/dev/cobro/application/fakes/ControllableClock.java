package dev.cobro.application.fakes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that moves only when a test moves it; safe to share between threads. */
public final class ControllableClock extends Clock {

    /** The instant tests start at unless they say otherwise. */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-15T10:00:00Z");

    private final AtomicReference<Instant> now;
    private final ZoneId zone;
    private final Duration tick;

    public ControllableClock() {
        this(DEFAULT_START);
    }

    public ControllableClock(Instant start) {
        this(new AtomicReference<>(start), ZoneOffset.UTC, Duration.ZERO);
    }

    private ControllableClock(AtomicReference<Instant> now, ZoneId zone, Duration tick) {
        this.now = now;
        this.zone = zone;
        this.tick = tick;
    }

    /**
     * A clock that also moves by {@code tick} at every reading, so that every event has its own
     * time (a microsecond matches what PostgreSQL keeps).
     */
    public static ControllableClock ticking(Instant start, Duration tick) {
        return new ControllableClock(new AtomicReference<>(start), ZoneOffset.UTC, tick);
    }

    public ControllableClock advance(Duration duration) {
        now.updateAndGet(t -> t.plus(duration));
        return this;
    }

    public ControllableClock set(Instant instant) {
        now.set(instant);
        return this;
    }

    @Override
    public Instant instant() {
        return tick.isZero() ? now.get() : now.getAndUpdate(t -> t.plus(tick));
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** The same moving time, seen from another zone. */
    @Override
    public Clock withZone(ZoneId other) {
        return new ControllableClock(now, other, tick);
    }

    @Override
    public String toString() {
        return "ControllableClock[" + now.get() + "]";
    }
}
