package dev.cobro.spring;

import dev.cobro.bootstrap.Cobro;
import dev.cobro.bootstrap.ConfiguredProvider;
import dev.cobro.db.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import dev.cobro.application.port.in.CheckoutPaymentResult;
import dev.cobro.application.port.in.StartCheckoutPaymentCommand;
import dev.cobro.domain.payment.PaymentStatus;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.util.List;

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
            List<ConfiguredProvider> checkout = cobro.providers().stream()
                    .filter(p -> p.capability() == ConfiguredProvider.Capability.HOSTED_CHECKOUT).toList();
            assertThat(checkout).extracting(p -> p.account().value()).containsExactly("default", "col");
            assertThat(checkout.get(1).countries()).extracting(Object::toString)
                    .containsExactlyInAnyOrder("COL", "ECU");
            assertThat(cobro.providers()).filteredOn(p -> p.capability() == ConfiguredProvider.Capability.CARD_AUTHORIZATION)
                    .extracting(p -> p.account().value()).containsExactly("pe");
        });
    }

    @Test
    void mercadoPagoPropertiesGiveItsAccountsWithTheirCountries() {
        runner.withPropertyValues(
                "cobro.mercado-pago.base-url=http://127.0.0.1:9/mercadopago",
                "cobro.mercado-pago.access-token=APP_USR-test-default",
                "cobro.mercado-pago.webhook-secret=mp-test-secret",
                "cobro.mercado-pago.accounts.chl.base-url=http://127.0.0.1:9/mercadopago",
                "cobro.mercado-pago.accounts.chl.access-token=APP_USR-test-chl",
                "cobro.mercado-pago.accounts.chl.countries=CHL").run(context -> {
            Cobro cobro = context.getBean(Cobro.class);
            assertThat(cobro.checkoutProviderIds()).extracting(Object::toString)
                    .containsExactlyInAnyOrder("88pay", "mercadopago");
            List<ConfiguredProvider> mercadoPago = cobro.providers().stream()
                    .filter(p -> p.provider().value().equals("mercadopago")).toList();
            assertThat(mercadoPago).extracting(p -> p.account().value()).containsExactly("default", "chl");
            assertThat(mercadoPago.get(1).countries()).extracting(Object::toString).containsExactly("CHL");
        });
    }

    @Test
    void routingPropertiesRouteACheckoutThatNamesNoProviderThroughTheirProvidersInOrder() {
        runner.withPropertyValues(
                "cobro.mercado-pago.base-url=http://127.0.0.1:9/mercadopago",
                "cobro.mercado-pago.access-token=APP_USR-test-default",
                "cobro.routing.mex=88pay,mercadopago").run(context -> {
            assertThat(context.getBean(CobroProperties.class).toString())
                    .contains("routing={mex=[88pay, mercadopago]}").doesNotContain("APP_USR-test-default");
            // Both unreachable (port 9 on loopback): nothing is created anywhere, so both are tried, in order.
            CheckoutPaymentResult result = context.getBean(Cobro.class).checkoutPayments().start(
                    StartCheckoutPaymentCommand.builder().merchantReference("routed-spring-1").customerId("cust-1")
                            .amount(new java.math.BigDecimal("100.00")).currency("MXN").country("MEX")
                            .method("CARDS", "CARD").description("Order at the test shop")
                            .notificationUrl("https://shop.example/notify").returnUrl("https://shop.example/thanks")
                            .build());
            assertThat(result.payment().status()).isEqualTo(PaymentStatus.NOT_SENT);
            assertThat(result.triedProviders()).extracting(Object::toString).containsExactly("88pay", "mercadopago");
        });
    }

    @Test
    void aRouteNamingAProviderThatIsNotConfiguredFailsTheStart() {
        runner.withPropertyValues("cobro.routing.mex=88pay,mercadopago").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("the route of MEX names provider 'mercadopago'");
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

    @Test
    void mercadoPagosWebhookEndpointExistsWhenMercadoPagoIsConfiguredAndItsPropertiesShowNoSecret() {
        WebApplicationContextRunner web = new WebApplicationContextRunner().withConfiguration(COBRO)
                .withBean(DataSource.class, () -> database);
        web.run(context -> assertThat(context).hasSingleBean(EightyEightPayWebhookController.class)
                .doesNotHaveBean(MercadoPagoWebhookController.class));
        WebApplicationContextRunner mercadoPago = web.withPropertyValues(
                "cobro.mercado-pago.base-url=http://127.0.0.1:9/mercadopago",
                "cobro.mercado-pago.access-token=APP_USR-test-secret-token",
                "cobro.mercado-pago.webhook-secret=mp-test-webhook-secret");
        mercadoPago.run(context -> {
            assertThat(context).hasSingleBean(MercadoPagoWebhookController.class);
            String shown = context.getBean(CobroProperties.class).toString();
            assertThat(shown).contains("mercadoPago=MercadoPago[baseUrl=http://127.0.0.1:9/mercadopago")
                    .doesNotContain("APP_USR-test-secret-token").doesNotContain("mp-test-webhook-secret");
        });
        web.withPropertyValues("cobro.mercado-pago.accounts.chl.base-url=http://127.0.0.1:9/mercadopago",
                        "cobro.mercado-pago.accounts.chl.access-token=APP_USR-test-chl")
                .run(context -> assertThat(context).hasSingleBean(MercadoPagoWebhookController.class));
        mercadoPago.withPropertyValues("cobro.webhooks.mercadopago.enabled=false")
                .run(context -> assertThat(context).hasSingleBean(EightyEightPayWebhookController.class)
                        .doesNotHaveBean(MercadoPagoWebhookController.class));
        mercadoPago.withPropertyValues("cobro.webhooks.88pay.enabled=false")
                .run(context -> assertThat(context).hasSingleBean(MercadoPagoWebhookController.class)
                        .doesNotHaveBean(EightyEightPayWebhookController.class));
    }

    @Test
    void theSigningKeyRingAndPreviousApiKeysKeepOpenPaymentsVerifiableAndHealthSaysWhenTheyAreNot() {
        String signingKey = java.util.Base64.getEncoder().encodeToString(
                "spring-signing-key-0123456789abc".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String newKey = java.util.Base64.getEncoder().encodeToString(
                "spring-signing-key-2-0123456789a".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        DataSource own = TestDatabase.freshDatabase().dataSource();
        try (dev.cobro.testkit.ProviderSandbox sandbox = dev.cobro.testkit.ProviderSandbox.builder().port(0).start()) {
            // Two payments started before: one under the ring's key "k1", one under the account's API key.
            var settings = dev.cobro.adapters.http.eightyeightpay.EightyEightPaySettings.defaults(
                    sandbox.eightyEightPayBaseUrl(), dev.cobro.testkit.ProviderSandbox.DEFAULT_88PAY_API_KEY,
                    dev.cobro.testkit.ProviderSandbox.DEFAULT_88PAY_MERCHANT_ID);
            try (Cobro before = Cobro.builder().dataSource(own).eightyEightPay(settings)
                    .notificationSigningKeys("k1:" + signingKey).build();
                 Cobro derived = Cobro.builder().dataSource(own).eightyEightPay(settings).build()) {
                before.checkoutPayments().start(checkout("spring-k1"));
                derived.checkoutPayments().start(checkout("spring-derived"));
            }
            ApplicationContextRunner rotated = new ApplicationContextRunner().withConfiguration(COBRO)
                    .withBean(DataSource.class, () -> own)
                    .withPropertyValues("cobro.eighty-eight-pay.base-url=" + sandbox.eightyEightPayBaseUrl(),
                            "cobro.eighty-eight-pay.api-key=sk_test_rotated",
                            "cobro.eighty-eight-pay.merchant-id=" + dev.cobro.testkit.ProviderSandbox.DEFAULT_88PAY_MERCHANT_ID);

            rotated.run(context -> {
                var health = context.getBean(CobroHealthIndicator.class).health();
                assertThat(health.getStatus().getCode()).isEqualTo("DOWN");
                assertThat(health.getDetails()).containsEntry("openPaymentsWithoutSigningKey", 2L);
            });
            rotated.withPropertyValues("cobro.notifications.signing-keys=k2:" + newKey + ",k1:" + signingKey,
                            "cobro.eighty-eight-pay.previous-api-keys=" + dev.cobro.testkit.ProviderSandbox.DEFAULT_88PAY_API_KEY)
                    .run(context -> {
                        var health = context.getBean(CobroHealthIndicator.class).health();
                        assertThat(health.getDetails()).containsEntry("openPaymentsWithoutSigningKey", 0L);
                        assertThat(health.getStatus().getCode()).isEqualTo("UP");
                    });
        }
    }

    private static dev.cobro.application.port.in.StartCheckoutPaymentCommand checkout(String reference) {
        return dev.cobro.application.port.in.StartCheckoutPaymentCommand.builder().provider("88pay")
                .merchantReference(reference).customerId("cust_987654").amount(new java.math.BigDecimal("100.00"))
                .currency("MXN").country("MEX").method("CARDS", "CARD").description("Compra #3")
                .notificationUrl("https://merchant.example.com/notify")
                .returnUrl("https://merchant.example.com/return").build();
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnCobro {
        @Bean(destroyMethod = "close")
        Cobro ownCobro(DataSource dataSource) {
            return Cobro.builder().dataSource(dataSource).build();
        }
    }
}
