package dev.cobro.adapters.persistence;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * PostgreSQL keeps microseconds. Every instant is cut to microseconds before it is written, so
 * an aggregate read back equals the one saved (PostgreSQL itself would round, not cut).
 */
final class Times {

    private Times() {
    }

    static Instant micros(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }

    /** The first whole microsecond at or after {@code instant}. */
    static Instant ceilMicros(Instant instant) {
        if (instant == null) {
            return null;
        }
        Instant cut = micros(instant);
        return cut.equals(instant) ? cut : cut.plus(1, ChronoUnit.MICROS);
    }
}
