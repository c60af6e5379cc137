package com.example.hosts;

import dev.cobro.application.port.in.CheckoutPaymentResult;
import dev.cobro.application.port.in.StartCheckoutPaymentCommand;
import dev.cobro.bootstrap.Cobro;
import dev.cobro.db.testing.TestDatabase;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.testkit.ProviderSandbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ResourceLoader;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every host test does: start a Spring Boot application of the host's kind on a database of its
 * own (Cobro configured by properties only, as the README shows), take a payment through Cobro, and
 * check that nothing of Cobro's is outside schema {@code cobro}.
 */
public final class Host {

    private static final Logger LOG = LoggerFactory.getLogger(Host.class);
    private static final AtomicBoolean VERSIONS_LOGGED = new AtomicBoolean();
    private static final Set<String> SYSTEM_SCHEMAS = Set.of("pg_catalog", "information_schema", "pg_toast");
    /** Boot's JPA auto-configurations, left out for the hosts without JPA (its starter is on this test classpath). */
    public static final String WITHOUT_JPA = "spring.autoconfigure.exclude="
            + "org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration,"
            + "org.springframework.boot.autoconfigure.data.jpa.JpaRepositoriesAutoConfiguration";

    private Host() {
    }

    /** Runs the host's SQL before the application starts: what its database held before Cobro came. */
    public static void existingTables(TestDatabase.Handle database, String... statements) {
        JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
        for (String statement : statements) {
            jdbc.execute(statement);
        }
    }

    /**
     * Starts {@code application} as its {@code main} would, with the database, Cobro's properties for the
     * sandbox and the host's own properties. The caller closes it.
     */
    public static ConfigurableApplicationContext start(Class<?> application, TestDatabase.Handle database,
                                                       ProviderSandbox sandbox, String... hostProperties) {
        return start(application, null, database, sandbox, hostProperties);
    }

    /** As {@link #start(Class, TestDatabase.Handle, ProviderSandbox, String...)}, on a classpath of the host's. */
    public static ConfigurableApplicationContext start(Class<?> application, ResourceLoader classpath,
                                                       TestDatabase.Handle database, ProviderSandbox sandbox,
                                                       String... hostProperties) {
        logVersionsOnce();
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password(),
                "--cobro.eighty-eight-pay.base-url=" + sandbox.eightyEightPayBaseUrl(),
                "--cobro.eighty-eight-pay.api-key=" + ProviderSandbox.DEFAULT_88PAY_API_KEY,
                "--cobro.eighty-eight-pay.merchant-id=" + ProviderSandbox.DEFAULT_88PAY_MERCHANT_ID,
                "--cobro.eighty-eight-pay.webhook-secret=" + ProviderSandbox.DEFAULT_88PAY_WEBHOOK_SECRET,
                // The sandbox answers at once; on a busy machine it may still take seconds to be scheduled.
                "--cobro.eighty-eight-pay.connect-timeout=30s",
                "--cobro.eighty-eight-pay.read-timeout=120s"));
        for (String property : hostProperties) {
            args.add("--" + property);
        }
        SpringApplication app = new SpringApplication(classpath, application);
        app.setWebApplicationType(WebApplicationType.NONE);
        return app.run(args.toArray(String[]::new));
    }

    /** A checkout through the host's {@link Cobro} bean: Cobro's own tables work in this host. */
    public static void takesAPayment(ConfigurableApplicationContext context) {
        Cobro cobro = context.getBean(Cobro.class);
        assertThat(cobro.health().healthy()).as("Cobro's health in this host").isTrue();
        CheckoutPaymentResult started = cobro.checkoutPayments().start(StartCheckoutPaymentCommand.builder()
                .provider("88pay")
                .merchantReference("host-order-1")
                .customerId("cust-1")
                .amount(new BigDecimal("150.00"))
                .currency("MXN")
                .country("MEX")
                .method("CARDS", "CARD")
                .description("Order")
                .notificationUrl("https://shop.example/payments/88pay")
                .returnUrl("https://shop.example/thanks")
                .build());
        assertThat(started.payment().status()).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
        assertThat(cobro.history().findById(started.payment().id().value())).isPresent();
    }

    /**
     * Everything in the database outside schema {@code cobro} is the host's: exactly {@code hostTables}
     * ("schema.table"), no schema but {@code public} and {@code cobro}, no function of Cobro's elsewhere,
     * and no Flyway history but the host's own (when it has one) holding only the host's migrations.
     */
    public static void cobroStaysInItsSchema(DataSource dataSource, Set<String> hostTables,
                                             List<String> hostMigrationScripts) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        Set<String> cobroTables = new TreeSet<>(jdbc.queryForList(
                "select table_name from information_schema.tables where table_schema = 'cobro'", String.class));
        assertThat(cobroTables).as("Cobro's tables in schema cobro").contains("flyway_schema_history");
        assertThat(jdbc.queryForList("select script from cobro.flyway_schema_history where success", String.class))
                .as("Cobro's migrations, applied in schema cobro").isNotEmpty();

        Set<String> outside = new TreeSet<>();
        for (Map<String, Object> row : jdbc.queryForList(
                "select table_schema, table_name from information_schema.tables where table_schema <> 'cobro'")) {
            String schema = (String) row.get("table_schema");
            if (!SYSTEM_SCHEMAS.contains(schema)) {
                outside.add(schema + "." + row.get("table_name"));
            }
        }
        assertThat(outside).as("tables outside schema cobro (the host's only)")
                .containsExactlyInAnyOrderElementsOf(hostTables);

        Set<String> schemas = new TreeSet<>(jdbc.queryForList(
                "select nspname from pg_namespace where nspname not like 'pg\\_%' and nspname <> 'information_schema'",
                String.class));
        assertThat(schemas).as("schemas in the host's database").containsExactlyInAnyOrder("public", "cobro");

        assertThat(jdbc.queryForList("select n.nspname || '.' || p.proname from pg_proc p "
                        + "join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public'", String.class))
                .as("functions in public (Cobro's belong in cobro)").isEmpty();

        if (hostTables.contains("public.flyway_schema_history")) {
            List<String> scripts = jdbc.queryForList(
                    "select script from public.flyway_schema_history where success order by installed_rank",
                    String.class);
            assertThat(scripts).as("the host's Flyway history holds the host's migrations only")
                    .containsExactlyElementsOf(hostMigrationScripts);
            assertThat(scripts).as("none of Cobro's migrations in the host's history")
                    .doesNotContainAnyElementsOf(jdbc.queryForList(
                            "select script from cobro.flyway_schema_history", String.class));
        }
    }

    /** The versions this run resolved, so a build log says which dependency set it tested. */
    private static void logVersionsOnce() {
        if (!VERSIONS_LOGGED.compareAndSet(false, true)) {
            return;
        }
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("Spring Boot", SpringBootVersion.getVersion());
        versions.put("Jackson", com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString());
        versions.put("Hibernate", org.hibernate.Version.getVersionString());
        versions.put("Flyway", jarVersion(org.flywaydb.core.Flyway.class));
        versions.put("HikariCP", jarVersion(com.zaxxer.hikari.HikariDataSource.class));
        versions.put("PostgreSQL JDBC", org.postgresql.util.DriverInfo.DRIVER_VERSION);
        LOG.info("Host test dependency versions: {}", versions);
    }

    /** The version in the jar's file name (Maven's layout), as not every jar's manifest carries one. */
    private static String jarVersion(Class<?> type) {
        String location = type.getProtectionDomain().getCodeSource().getLocation().getPath();
        String jar = location.substring(location.lastIndexOf('/') + 1);
        return jar.replaceAll("^[A-Za-z-]+-(\\d.*)\\.jar$", "$1");
    }
}
