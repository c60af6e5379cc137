package com.example.hosts.plain;

import com.example.hosts.Host;
import dev.cobro.db.testing.TestDatabase;
import dev.cobro.testkit.ProviderSandbox;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application that already has its tables in {@code public}, made without Flyway (by hand, by another
 * tool): adding Cobro must neither stop it from starting nor touch its tables.
 */
class TableInPublicHostIT {

    static final ProviderSandbox SANDBOX = ProviderSandbox.builder().port(0).start();

    @SpringBootApplication
    static class ExistingShop {
    }

    @AfterAll
    static void stopSandbox() {
        SANDBOX.close();
    }

    @Test
    void startsWithItsTablesAsTheyWereAndCobroInSchemaCobro() {
        TestDatabase.Handle database = TestDatabase.freshDatabase();
        Host.existingTables(database,
                "create table shop_order (id varchar(40) primary key, total numeric(12,2) not null)",
                "insert into shop_order (id, total) values ('order-1', 99.90)");

        try (ConfigurableApplicationContext shop = Host.start(ExistingShop.class, database, SANDBOX,
                Host.WITHOUT_JPA)) {
            assertThat(shop.getBeanNamesForType(Flyway.class)).as("a Flyway of Boot's for the host").isEmpty();
            JdbcTemplate jdbc = shop.getBean(JdbcTemplate.class);
            jdbc.update("insert into shop_order (id, total) values ('order-2', 10.00)");
            Host.takesAPayment(shop);
        }

        assertThat(new JdbcTemplate(database.dataSource())
                .queryForList("select total from shop_order order by id", BigDecimal.class))
                .containsExactly(new BigDecimal("99.90"), new BigDecimal("10.00"));
        Host.cobroStaysInItsSchema(database.dataSource(), Set.of("public.shop_order"), List.of());
    }
}
