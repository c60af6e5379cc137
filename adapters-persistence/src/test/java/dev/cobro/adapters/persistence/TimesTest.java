package dev.cobro.adapters.persistence;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class TimesTest {

    @Test
    void instantsAreCutToTheMicrosecondPostgresqlKeeps() {
        assertThat(Times.micros(Instant.parse("2026-01-01T00:00:00.123456789Z")))
                .isEqualTo(Instant.parse("2026-01-01T00:00:00.123456Z"));
        assertThat(Times.micros(null)).isNull();
    }

    @Test
    void aRangeBoundBetweenMicrosecondsMovesUpToTheNextOne() {
        assertThat(Times.ceilMicros(Instant.parse("2026-01-01T00:00:00.123456001Z")))
                .isEqualTo(Instant.parse("2026-01-01T00:00:00.123457Z"));
        assertThat(Times.ceilMicros(Instant.parse("2026-01-01T00:00:00.123456Z")))
                .isEqualTo(Instant.parse("2026-01-01T00:00:00.123456Z"));
    }
}
