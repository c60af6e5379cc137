package dev.cobro.spring;

import dev.cobro.bootstrap.Cobro;
import dev.cobro.bootstrap.CobroHealth;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Up when {@code cobro.health()} finds no problem (database reachable and migrated, a provider
 * configured); the details say what it found, with nothing secret in them.
 */
public class CobroHealthIndicator implements HealthIndicator {

    private final Cobro cobro;

    public CobroHealthIndicator(Cobro cobro) {
        this.cobro = cobro;
    }

    @Override
    public Health health() {
        CobroHealth found = cobro.health();
        Health.Builder health = found.healthy() ? Health.up() : Health.down();
        health.withDetail("databaseReachable", found.databaseReachable())
                .withDetail("migrated", found.migrated())
                .withDetail("providers", found.providers())
                .withDetail("pendingEvents", found.pendingEvents())
                .withDetail("openUnknowns", found.openUnknowns())
                .withDetail("openPaymentsWithoutSigningKey", found.openPaymentsWithoutKey());
        found.schemaVersion().ifPresent(v -> health.withDetail("schemaVersion", v));
        found.oldestPendingEvent().ifPresent(age -> health.withDetail("oldestPendingEvent", age.toString()));
        found.oldestUnknown().ifPresent(age -> health.withDetail("oldestUnknown", age.toString()));
        found.oldestPaymentWithoutKey().ifPresent(age -> health.withDetail("oldestPaymentWithoutSigningKey",
                age.toString()));
        if (!found.problems().isEmpty()) {
            health.withDetail("problems", found.problems());
        }
        return health.build();
    }
}
