package com.example.hosts.jpaflyway;

import com.example.hosts.Host;
import com.example.hosts.jpa.ShopOrder;
import dev.cobro.db.testing.TestDatabase;
import dev.cobro.testkit.ProviderSandbox;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.domain.EntityScan;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The usual Spring Boot application: JPA whose schema its own Flyway migrations make, validated by
 * Hibernate at start-up (so Boot's ordering of Flyway before JPA must still hold with Cobro there).
 */
class JpaAndFlywayHostIT {

    static final List<String> HOST_MIGRATIONS = List.of("V1__shop_order.sql", "V2__shop_order_note.sql");

    static final ProviderSandbox SANDBOX = ProviderSandbox.builder().port(0).start();

    @SpringBootApplication
    @EntityScan(basePackageClasses = ShopOrder.class)
    static class JpaMigratingShop {
    }

    @AfterAll
    static void stopSandbox() {
        SANDBOX.close();
    }

    @Test
    void flywayThenJpaForTheHostAndCobroInSchemaCobro() {
        TestDatabase.Handle database = TestDatabase.freshDatabase();

        try (ConfigurableApplicationContext shop = Host.start(JpaMigratingShop.class, database, SANDBOX,
                "spring.flyway.locations=classpath:com/example/hosts/flyway/migration",
                "spring.jpa.hibernate.ddl-auto=validate")) {
            assertThat(shop.getBean(Flyway.class).info().pending()).isEmpty();
            EntityManager em = shop.getBean(EntityManagerFactory.class).createEntityManager();
            try {
                assertThat(em.find(ShopOrder.class, "order-1").total()).isEqualByComparingTo("99.90");
            } finally {
                em.close();
            }
            Host.takesAPayment(shop);
        }

        Host.cobroStaysInItsSchema(database.dataSource(),
                Set.of("public.shop_order", "public.flyway_schema_history"), HOST_MIGRATIONS);
    }
}
