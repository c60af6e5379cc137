package dev.cobro.bootstrap;

import dev.cobro.domain.attempt.AttemptOperation;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.TransactionKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Meters are kept once registered, and follow the registry when it drops one. */
class MicrometerMetricsTest {

    @Test
    void aKeptMeterCountsEveryCallAndOneTheRegistryDroppedIsRegisteredAgainOnItsNextUse() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MicrometerMetrics metrics = MicrometerMetrics.bind(registry, () -> 0, () -> 0);

        metrics.transition(TransactionKind.CHECKOUT_PAYMENT, null, "REQUESTED");
        metrics.transition(TransactionKind.CHECKOUT_PAYMENT, null, "REQUESTED");
        metrics.transition(TransactionKind.CHECKOUT_PAYMENT, "REQUESTED", "AWAITING_CUSTOMER");
        Counter created = registry.get(MicrometerMetrics.TRANSITIONS).tags("from", "NONE").counter();
        assertThat(created.count()).isEqualTo(2.0);
        assertThat(registry.get(MicrometerMetrics.TRANSITIONS).tags("from", "REQUESTED").counter().count())
                .isEqualTo(1.0);

        registry.remove(created);
        metrics.transition(TransactionKind.CHECKOUT_PAYMENT, null, "REQUESTED");

        Counter again = registry.get(MicrometerMetrics.TRANSITIONS).tags("from", "NONE").counter();
        assertThat(again).isNotSameAs(created);
        assertThat(again.count()).isEqualTo(1.0);
    }

    @Test
    void everyMeterThisCobroRegisteredLeavesTheRegistryWhenItCloses() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MicrometerMetrics metrics = MicrometerMetrics.bind(registry, () -> 0, () -> 0);
        metrics.providerCall(ProviderId.PAYME, "default", AttemptOperation.AUTHORIZE, "succeeded",
                Duration.ofMillis(3));
        metrics.tokenRequest(ProviderId.PAYME, "default", "issued");
        metrics.providerCall(ProviderId.PAYME, "default", AttemptOperation.AUTHORIZE, "succeeded",
                Duration.ofMillis(5));
        assertThat(registry.get(MicrometerMetrics.PROVIDER_CALLS).timer().count()).isEqualTo(2);

        metrics.close();

        assertThat(registry.getMeters()).isEmpty();
    }
}
