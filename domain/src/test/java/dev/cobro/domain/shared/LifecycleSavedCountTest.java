package dev.cobro.domain.shared;

import dev.cobro.domain.payment.PaymentStatus;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A store appends the status changes past the saved count: the count must follow loads and saves. */
class LifecycleSavedCountTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-01-15T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void aNewLifecycleHasNothingSavedUntilItIsMarkedSaved() {
        Lifecycle<PaymentStatus> lifecycle = Lifecycle.start(PaymentStatus.TRANSITIONS, PaymentStatus.REQUESTED,
                "requested", clock);
        assertThat(lifecycle.savedCount()).isZero();

        lifecycle.markSaved();
        lifecycle.move(PaymentStatus.UNKNOWN, "no answer", clock);

        assertThat(lifecycle.savedCount()).isEqualTo(1);
        assertThat(lifecycle.changes()).hasSize(2);
    }

    @Test
    void aRestoredLifecycleCountsWhatItWasLoadedWith() {
        Lifecycle<PaymentStatus> lifecycle = Lifecycle.restore(PaymentStatus.TRANSITIONS, PaymentStatus.REQUESTED,
                List.of(new StatusChange<>(null, PaymentStatus.REQUESTED, "requested", clock.instant())),
                clock.instant());

        lifecycle.move(PaymentStatus.REJECTED, "400", clock);

        assertThat(lifecycle.savedCount()).isEqualTo(1);
    }
}
