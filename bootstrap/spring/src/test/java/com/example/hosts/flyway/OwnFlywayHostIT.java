package com.example.hosts.flyway;

import com.example.hosts.Host;
import dev.cobro.db.testing.TestDatabase;
import dev.cobro.testkit.ProviderSandbox;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application with its own Flyway migrations, run by Spring Boot's Flyway auto-configuration in
 * {@code public}: they run as without Cobro, into the host's own history, and Cobro's stay in schema
 * {@code cobro}. The migrations sit beside this class, so the other hosts of this test classpath have none.
 */
class OwnFlywayHostIT {

    static final String LOCATION = "spring.flyway.locations=classpath:com/example/hosts/flyway/migration";
    static final List<String> HOST_MIGRATIONS = List.of("V1__shop_order.sql", "V2__shop_order_note.sql");

    static final ProviderSandbox SANDBOX = ProviderSandbox.builder().port(0).start();

    @SpringBootApplication
    static class MigratingShop {
    }

    @AfterAll
    static void stopSandbox() {
        SANDBOX.close();
    }

    @Test
    void bootsFlywayMigratesTheHostsSchemaAndOnlyThat() {
        TestDatabase.Handle database = TestDatabase.freshDatabase();

        try (ConfigurableApplicationContext shop = Host.start(MigratingShop.class, database, SANDBOX,
                LOCATION, Host.WITHOUT_JPA)) {
            Flyway hostFlyway = shop.getBean(Flyway.class);
            assertThat(hostFlyway.getConfiguration().getTable()).isEqualTo("flyway_schema_history");
            assertThat(hostFlyway.getConfiguration().getSchemas()).as("Boot's Flyway, not Cobro's").isEmpty();
            assertThat(hostFlyway.info().pending()).isEmpty();
            Host.takesAPayment(shop);
        }

        assertThat(new JdbcTemplate(database.dataSource()).queryForObject(
                "select note from shop_order where id = 'order-1'", String.class))
                .isEqualTo("seeded by the host's migration");
        Host.cobroStaysInItsSchema(database.dataSource(),
                Set.of("public.shop_order", "public.flyway_schema_history"), HOST_MIGRATIONS);
    }

    @Test
    void aSecondStartOfTheSameHostFindsBothHistoriesUpToDate() {
        TestDatabase.Handle database = TestDatabase.freshDatabase();
        Host.start(MigratingShop.class, database, SANDBOX, LOCATION, Host.WITHOUT_JPA).close();

        try (ConfigurableApplicationContext shop = Host.start(MigratingShop.class, database, SANDBOX,
                LOCATION, Host.WITHOUT_JPA)) {
            assertThat(shop.getBean(Flyway.class).info().applied()).hasSize(HOST_MIGRATIONS.size());
            Host.takesAPayment(shop);
        }

        Host.cobroStaysInItsSchema(database.dataSource(),
                Set.of("public.shop_order", "public.flyway_schema_history"), HOST_MIGRATIONS);
    }
}
