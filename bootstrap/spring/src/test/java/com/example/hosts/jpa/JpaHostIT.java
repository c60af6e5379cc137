package com.example.hosts.jpa;

import com.example.hosts.Host;
import dev.cobro.db.testing.TestDatabase;
import dev.cobro.testkit.ProviderSandbox;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application with JPA (Spring Boot's Hibernate) over its existing table in {@code public}, schema
 * validated at start-up, no Flyway of its own: Cobro's own Hibernate and Flyway beside it change nothing.
 */
class JpaHostIT {

    static final ProviderSandbox SANDBOX = ProviderSandbox.builder().port(0).start();

    @SpringBootApplication
    static class JpaShop {
    }

    @AfterAll
    static void stopSandbox() {
        SANDBOX.close();
    }

    @Test
    void itsEntitiesWorkAndCobroStaysInSchemaCobro() {
        TestDatabase.Handle database = TestDatabase.freshDatabase();
        Host.existingTables(database,
                "create table shop_order (id varchar(40) primary key, total numeric(12,2) not null)",
                "insert into shop_order (id, total) values ('order-1', 99.90)");

        try (ConfigurableApplicationContext shop = Host.start(JpaShop.class, database, SANDBOX,
                "spring.jpa.hibernate.ddl-auto=validate")) {
            assertThat(shop.getBeanNamesForType(Flyway.class)).as("a Flyway of Boot's for the host").isEmpty();
            EntityManagerFactory entities = shop.getBean(EntityManagerFactory.class);
            assertThat(entities.getMetamodel().getEntities()).extracting(e -> e.getJavaType().getName())
                    .as("the host's entities only").containsExactly(ShopOrder.class.getName());
            EntityManager em = entities.createEntityManager();
            try {
                em.getTransaction().begin();
                em.persist(new ShopOrder("order-2", new BigDecimal("10.00")));
                em.getTransaction().commit();
                assertThat(em.find(ShopOrder.class, "order-1").total()).isEqualByComparingTo("99.90");
            } finally {
                em.close();
            }
            Host.takesAPayment(shop);
        }

        Host.cobroStaysInItsSchema(database.dataSource(), Set.of("public.shop_order"), List.of());
    }
}
