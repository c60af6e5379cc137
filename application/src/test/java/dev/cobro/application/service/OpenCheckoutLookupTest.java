package dev.cobro.application.service;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** When an open checkout is asked about: past the delay, then at each doubling of its age. */
class OpenCheckoutLookupTest {

    private static final Instant OPEN = Instant.parse("2026-03-02T12:00:00Z");
    private static final Duration DELAY = Duration.ofMinutes(10);

    @Test
    void notBeforeTheDelayAndOnTheFirstRunOfAProcessEveryCheckoutPastIt() {
        assertThat(OpenCheckoutLookup.due(OPEN, OPEN.plus(DELAY).minusSeconds(1), DELAY, null)).isFalse();
        assertThat(OpenCheckoutLookup.due(OPEN, OPEN.plus(DELAY), DELAY, null)).isTrue();
        assertThat(OpenCheckoutLookup.due(OPEN, OPEN.plus(Duration.ofHours(50)), DELAY, null)).isTrue();
    }

    @Test
    void thenOnceEachTimeItsAgeDoubles() {
        // Runs every minute for 3 hours: asked at 10, 20, 40, 80 and 160 minutes, and never between.
        int asked = 0;
        Instant previous = OPEN;
        for (int minute = 1; minute <= 180; minute++) {
            Instant now = OPEN.plus(Duration.ofMinutes(minute));
            if (OpenCheckoutLookup.due(OPEN, now, DELAY, previous)) {
                asked++;
                assertThat(minute).isIn(10, 20, 40, 80, 160);
            }
            previous = now;
        }
        assertThat(asked).isEqualTo(5);
    }

    @Test
    void aMarkPassedWhileNoRunLookedIsCaughtUpOnceByTheNextRun() {
        Instant previous = OPEN.plus(Duration.ofMinutes(15));
        assertThat(OpenCheckoutLookup.due(OPEN, OPEN.plus(Duration.ofMinutes(35)), DELAY, previous)).isTrue();
        assertThat(OpenCheckoutLookup.due(OPEN, OPEN.plus(Duration.ofMinutes(36)), DELAY,
                OPEN.plus(Duration.ofMinutes(35)))).isFalse();
    }

    @Test
    void aZeroDelayAsksOnEveryRunAndANegativeOneIsRefused() {
        assertThat(OpenCheckoutLookup.due(OPEN, OPEN.plusSeconds(1), Duration.ZERO, OPEN)).isTrue();
        assertThatThrownBy(() -> ResolverSettings.DEFAULTS.withOpenCheckoutLookupDelay(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("openCheckoutLookupDelay");
        assertThat(ResolverSettings.DEFAULTS.openCheckoutLookupDelay())
                .isEqualTo(ResolverSettings.DEFAULT_OPEN_CHECKOUT_LOOKUP_DELAY);
    }
}
