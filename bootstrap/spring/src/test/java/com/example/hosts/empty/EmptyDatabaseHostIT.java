package com.example.hosts.empty;

import com.example.hosts.Host;
import dev.cobro.db.testing.TestDatabase;
import dev.cobro.testkit.ProviderSandbox;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** A new application on an empty database, no Flyway and no JPA of its own: Cobro's starter is all it adds. */
class EmptyDatabaseHostIT {

    static final ProviderSandbox SANDBOX = ProviderSandbox.builder().port(0).start();

    @SpringBootApplication
    static class NewShop {
    }

    @AfterAll
    static void stopSandbox() {
        SANDBOX.close();
    }

    @Test
    void startsAndLeavesNothingOfCobrosOutsideSchemaCobro() {
        TestDatabase.Handle database = TestDatabase.freshDatabase();

        String[] flywayBeans;
        try (ConfigurableApplicationContext shop = Host.start(NewShop.class, database, SANDBOX, Host.WITHOUT_JPA)) {
            flywayBeans = shop.getBeanNamesForType(Flyway.class);
            Host.takesAPayment(shop);
        }

        // No public.flyway_schema_history: the host has no Flyway, so nothing may have created one.
        Host.cobroStaysInItsSchema(database.dataSource(), Set.of(), List.of());
        assertThat(flywayBeans).as("a Flyway of Boot's for the host").isEmpty();
    }
}
