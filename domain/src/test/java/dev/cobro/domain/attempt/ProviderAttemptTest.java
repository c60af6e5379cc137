package dev.cobro.domain.attempt;

import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.TransactionKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static dev.cobro.domain.TestData.T0;
import static dev.cobro.domain.TestData.clockAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProviderAttemptTest {

    private final ProviderAttempt attempt = ProviderAttempt.start(UUID.randomUUID(), TransactionKind.CARD_AUTHORIZATION,
            UUID.randomUUID(), ProviderId.PAYME, AttemptOperation.AUTHORIZE, 1, "{\"pan\":\"***\"}", clockAt(T0));

    @Test
    void anAttemptIsRequestedUntilItsOutcomeIsRecorded() {
        assertThat(attempt.status()).isEqualTo(AttemptStatus.REQUESTED);
        assertThat(attempt.isFinished()).isFalse();
        assertThat(attempt.latency()).isNull();
        assertThat(attempt.startedAt()).isEqualTo(T0);
    }

    @Test
    void finishingKeepsTheOutcomeAndItsLatency() {
        attempt.finish(AttemptStatus.DECLINED, 200, "51", "Fondos insuficientes", "{}", clockAt(T0.plusMillis(850)));

        assertThat(attempt.status()).isEqualTo(AttemptStatus.DECLINED);
        assertThat(attempt.latency()).isEqualTo(Duration.ofMillis(850));
        assertThat(attempt.httpStatus()).isEqualTo(200);
        assertThat(attempt.providerCode()).isEqualTo("51");
    }

    @Test
    void anAttemptFinishesOnce() {
        attempt.finish(AttemptStatus.UNKNOWN, null, null, "read timed out", null, clockAt(T0.plusSeconds(45)));

        assertThatThrownBy(() -> attempt.finish(AttemptStatus.SUCCEEDED, 200, "00", "ok", "{}", clockAt(T0)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("UNKNOWN");
        assertThat(attempt.status()).isEqualTo(AttemptStatus.UNKNOWN);
    }

    @Test
    void anAttemptCannotFinishAsRequested() {
        assertThatThrownBy(() -> attempt.finish(AttemptStatus.REQUESTED, null, null, null, null, clockAt(T0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(attempt.isFinished()).isFalse();
    }

    @Test
    void attemptsAreNumberedFromOne() {
        assertThatThrownBy(() -> ProviderAttempt.start(UUID.randomUUID(), TransactionKind.CHECKOUT_PAYMENT,
                UUID.randomUUID(), ProviderId.EIGHTY_EIGHT_PAY, AttemptOperation.CHARGE, 0, null, clockAt(T0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("attempt number 0");
    }
}
