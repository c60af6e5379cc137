package dev.cobro.adapters.persistence.mapping;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Instants in timestamptz columns. PostgreSQL keeps microseconds: every instant is cut to
 * microseconds before it is written, so an aggregate read back equals the one saved (PostgreSQL
 * itself would round, not cut).
 */
public final class TimestampColumns {

    private TimestampColumns() {
    }

    public static Instant micros(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }

    /** The first whole microsecond at or after {@code instant}. */
    public static Instant ceilMicros(Instant instant) {
        if (instant == null) {
            return null;
        }
        Instant cut = micros(instant);
        return cut.equals(instant) ? cut : cut.plus(1, ChronoUnit.MICROS);
    }

    /** Milliseconds from {@code from} to {@code to} as both are stored; null while {@code to} is. */
    public static Long millisBetween(Instant from, Instant to) {
        return to == null ? null : java.time.Duration.between(micros(from), micros(to)).toMillis();
    }

    /** The value bound to a timestamptz parameter: the instant cut to microseconds, in UTC; null stays null. */
    public static OffsetDateTime value(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(micros(instant), ZoneOffset.UTC);
    }
}
