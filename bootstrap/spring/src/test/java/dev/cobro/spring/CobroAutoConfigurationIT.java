package dev.cobro.spring;

import dev.cobro.bootstrap.Cobro;
import dev.cobro.db.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The auto-configuration's conditions and its back-off, each in a context of its own, on a real PostgreSQL. */
class CobroAutoConfigurationIT {

    private static final AutoConfigurations COBRO = AutoConfigurations.of(CobroAutoConfiguration.class,
            CobroSchedulingAutoConfiguration.class, CobroWebhookAutoConfiguration.class,
            CobroHealthAutoConfiguration.class);

    static DataSource database;

    @BeforeAll
    static void database() {
        database = TestDatabase.freshDatabase().dataSource();
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(COBRO)
            .withBean(DataSource.class, () -> database)
            .withPropertyValues("cobro.eighty-eight-pay.base-url=http://127.0.0.1:9/88pay",
                    "cobro.eighty-eight-pay.api-key=sk_test_key", "cobro.eighty-eight-pay.merchant-id=MCH-MEX-1");

    @Test
    void aDataSourceAndPropertiesGiveACobroWithItsScheduler() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(Cobro.class).hasSingleBean(CobroScheduler.class);
            assertThat(context.getBean(Cobro.class).checkoutProviderIds()).extracting(Object::toString)
                    .containsExactly("88pay");
            assertThat(context.getBean(CobroScheduler.class).isRunning()).isTrue();
        });
    }

    @Test
    void actuatorOnTheClasspathGivesAHealthIndicatorAndAMeterRegistryGetsCobrosMeters() {
        runner.withBean(io.micrometer.core.instrument.MeterRegistry.class,
                        io.micrometer.core.instrument.simple.SimpleMeterRegistry::new)
                .run(context -> {
                    assertThat(context).hasSingleBean(CobroHealthIndicator.class);
                    var registry = context.getBean(io.micrometer.core.instrument.MeterRegistry.class);
                    assertThat(registry.find("cobro.outbox.pending").gauge()).isNotNull();
                });
    }

    @Test
    void accountsAsAMapGiveOneAdapterPerAccountBesideTheFlatDefaultOne() {
        runner.withPropertyValues(
                "cobro.eighty-eight-pay.accounts.col.base-url=http://127.0.0.1:9/88pay",
                "cobro.eighty-eight-pay.accounts.col.api-key=sk_test_col",
                "cobro.eighty-eight-pay.accounts.col.merchant-id=MCH-COL-1",
                "cobro.eighty-eight-pay.accounts.col.countries=COL,ECU",
                "cobro.payme.accounts.pe.auth-url=http://127.0.0.1:9/auth",
                "cobro.payme.accounts.pe.api-url=http://127.0.0.1:9/api",
                "cobro.payme.accounts.pe.client-id=client-pe",
                "cobro.payme.accounts.pe.client-secret=secret-pe").run(context -> {
            Cobro cobro = context.getBean(Cobro.class);
            assertThat(cobro.checkoutAdapters()).extracting(a -> a.account().value())
                    .containsExactly("default", "col");
            assertThat(cobro.checkoutAdapters().get(1).countries()).extracting(Object::toString)
                    .containsExactlyInAnyOrder("COL", "ECU");
            assertThat(cobro.cardAdapters()).extracting(a -> a.account().value()).containsExactly("pe");
        });
    }

    @Test
    void itBacksOffWhenTheApplicationDefinesItsOwnCobro() {
        runner.withUserConfiguration(OwnCobro.class).run(context -> {
            assertThat(context).hasSingleBean(Cobro.class);
            assertThat(context).getBean("ownCobro").isSameAs(context.getBean(Cobro.class));
            assertThat(context.getBean(Cobro.class).checkoutProviderIds()).isEmpty();
        });
    }

    @Test
    void withoutADataSourceThereIsNoCobro() {
        new ApplicationContextRunner().withConfiguration(COBRO).run(context ->
                assertThat(context).hasNotFailed().doesNotHaveBean(Cobro.class).doesNotHaveBean(CobroScheduler.class));
    }

    @Test
    void cobroEnabledFalseTurnsItAllOff() {
        runner.withPropertyValues("cobro.enabled=false").run(context ->
                assertThat(context).hasNotFailed().doesNotHaveBean(Cobro.class).doesNotHaveBean(CobroScheduler.class));
    }

    @Test
    void schedulingCanBeLeftToTheHost() {
        runner.withPropertyValues("cobro.scheduling.enabled=false").run(context ->
                assertThat(context).hasSingleBean(Cobro.class).doesNotHaveBean(CobroScheduler.class));
    }

    @Test
    void aHalfConfiguredProviderFailsTheStartNamingWhatIsMissing() {
        new ApplicationContextRunner().withConfiguration(COBRO).withBean(DataSource.class, () -> database)
                .withPropertyValues("cobro.eighty-eight-pay.base-url=http://127.0.0.1:9/88pay")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("api_key")
                            .hasMessageContaining("merchant_id");
                });
    }

    @Test
    void theWebhookEndpointExistsOnlyInAServletApplication() {
        runner.run(context -> assertThat(context).doesNotHaveBean(EightyEightPayWebhookController.class));
        new WebApplicationContextRunner().withConfiguration(COBRO).withBean(DataSource.class, () -> database)
                .run(context -> assertThat(context).hasSingleBean(EightyEightPayWebhookController.class));
        new WebApplicationContextRunner().withConfiguration(COBRO).withBean(DataSource.class, () -> database)
                .withPropertyValues("cobro.webhooks.88pay.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(EightyEightPayWebhookController.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnCobro {
        @Bean(destroyMethod = "close")
        Cobro ownCobro(DataSource dataSource) {
            return Cobro.builder().dataSource(dataSource).build();
        }
    }
}
