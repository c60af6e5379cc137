package dev.cobro.adapters.persistence.mapping;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class TimestampColumnsTest {

    @Test
    void instantsAreCutToTheMicrosecondPostgresqlKeeps() {
        assertThat(TimestampColumns.micros(Instant.parse("2026-01-01T00:00:00.123456789Z")))
                .isEqualTo(Instant.parse("2026-01-01T00:00:00.123456Z"));
        assertThat(TimestampColumns.micros(null)).isNull();
    }

    @Test
    void aRangeBoundBetweenMicrosecondsMovesUpToTheNextOne() {
        assertThat(TimestampColumns.ceilMicros(Instant.parse("2026-01-01T00:00:00.123456001Z")))
                .isEqualTo(Instant.parse("2026-01-01T00:00:00.123457Z"));
        assertThat(TimestampColumns.ceilMicros(Instant.parse("2026-01-01T00:00:00.123456Z")))
                .isEqualTo(Instant.parse("2026-01-01T00:00:00.123456Z"));
    }
}
