package com.example.hosts.flywaydefault;

import com.example.hosts.Host;
import dev.cobro.db.testing.TestDatabase;
import dev.cobro.testkit.ProviderSandbox;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.DefaultResourceLoader;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The most usual Flyway host: migrations in {@code src/main/resources/db/migration}, no {@code spring.flyway.*}
 * property at all. Boot's Flyway must run them as it does without Cobro. The migration is on a classpath
 * of this host's own (a directory added to the test's), so the other hosts here do not see it.
 */
class DefaultLocationFlywayHostIT {

    static final ProviderSandbox SANDBOX = ProviderSandbox.builder().port(0).start();

    @SpringBootApplication
    static class ConventionalShop {
    }

    @TempDir
    Path resources;

    @AfterAll
    static void stopSandbox() {
        SANDBOX.close();
    }

    @Test
    void bootsFlywayRunsTheMigrationsAtItsDefaultLocation() throws IOException {
        Files.createDirectories(resources.resolve("db/migration"));
        Files.writeString(resources.resolve("db/migration/V1__shop_order.sql"),
                "create table shop_order (id varchar(40) primary key, total numeric(12,2) not null);");
        TestDatabase.Handle database = TestDatabase.freshDatabase();

        try (URLClassLoader classpath = new URLClassLoader(new URL[] {resources.toUri().toURL()},
                DefaultLocationFlywayHostIT.class.getClassLoader());
             ConfigurableApplicationContext shop = Host.start(ConventionalShop.class,
                     new DefaultResourceLoader(classpath), database, SANDBOX, Host.WITHOUT_JPA)) {
            Flyway hostFlyway = shop.getBean(Flyway.class);
            assertThat(hostFlyway.info().applied()).hasSize(1);
            Host.takesAPayment(shop);
        }

        Host.cobroStaysInItsSchema(database.dataSource(),
                Set.of("public.shop_order", "public.flyway_schema_history"), List.of("V1__shop_order.sql"));
    }
}
