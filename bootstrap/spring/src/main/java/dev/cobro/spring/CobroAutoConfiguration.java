package dev.cobro.spring;

import dev.cobro.adapters.http.eightyeightpay.EightyEightPaySettings;
import dev.cobro.adapters.http.mercadopago.MercadoPagoSettings;
import dev.cobro.adapters.http.payme.PaymeSettings;
import dev.cobro.adapters.http.support.HttpTimeouts;
import dev.cobro.bootstrap.Cobro;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.util.Base64;

/**
 * A {@link Cobro} bean from {@code cobro.*} and the application's {@link DataSource}, closed with the
 * context. Backs off when the application defines its own {@code Cobro}.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class, afterName = {
        "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnClass(Cobro.class)
@ConditionalOnProperty(prefix = "cobro", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(CobroProperties.class)
public class CobroAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnSingleCandidate(DataSource.class)
    public Cobro cobro(DataSource dataSource, CobroProperties properties,
                       ObjectProvider<CobroBuilderCustomizer> customizers, ApplicationEventPublisher publisher) {
        Cobro.Builder builder = Cobro.builder().dataSource(dataSource).runMigrations(properties.isRunMigrations());
        // Outcome events reach the application as Spring events; a listener that throws gets the event again.
        builder.onOutcome(event -> publisher.publishEvent(new CobroOutcomeEvent(event)));
        // The flat properties are the default account; accounts.<id>.* are more accounts (ARCHITECTURE.md, Provider accounts).
        CobroProperties.EightyEightPay ep = properties.getEightyEightPay();
        if (ep.isConfigured()) {
            builder.eightyEightPay("default", eightyEightPay(ep), ep.getCountries().toArray(String[]::new));
        }
        ep.getAccounts().forEach((account, settings) -> builder.eightyEightPay(account, eightyEightPay(settings),
                settings.getCountries().toArray(String[]::new)));
        CobroProperties.MercadoPago mp = properties.getMercadoPago();
        if (mp.isConfigured()) {
            builder.mercadoPago("default", mercadoPago(mp), mp.getCountries().toArray(String[]::new));
        }
        mp.getAccounts().forEach((account, settings) -> builder.mercadoPago(account, mercadoPago(settings),
                settings.getCountries().toArray(String[]::new)));
        CobroProperties.Payme pm = properties.getPayme();
        if (pm.isConfigured()) {
            builder.payme(payme(pm));
        }
        pm.getAccounts().forEach((account, settings) -> builder.payme(account, payme(settings)));
        if (properties.getTokenHashKey() != null) {
            builder.tokenHashKey(Base64.getDecoder().decode(properties.getTokenHashKey()));
        }
        if (properties.getNotificationSigningKey() != null) {
            builder.notificationSigningKey(Base64.getDecoder().decode(properties.getNotificationSigningKey()));
        }
        if (!properties.getNotifications().getSigningKeys().isEmpty()) {
            builder.notificationSigningKeys(String.join(",", properties.getNotifications().getSigningKeys()));
        }
        if (properties.isAcceptUnverifiedNotifications()) {
            builder.acceptUnverifiedNotifications();
        }
        if (properties.getMaxNotificationBodySize() != null) {
            builder.maxNotificationBodyBytes(Math.toIntExact(properties.getMaxNotificationBodySize().toBytes()));
        }
        if (properties.isAllowInsecureHttp()) {
            builder.allowInsecureHttp();
        }
        properties.getRouting().forEach((country, providers) -> builder.routing(country,
                providers.toArray(String[]::new)));
        customizers.orderedStream().forEach(c -> c.customize(builder));
        return builder.build();
    }

    private static MercadoPagoSettings mercadoPago(CobroProperties.MercadoPagoAccount mp) {
        return new MercadoPagoSettings(mp.getBaseUrl(), mp.getAccessToken(), mp.getWebhookSecret(),
                new HttpTimeouts(mp.getConnectTimeout(), mp.getReadTimeout()), mp.getSuccessUrl(), mp.getPendingUrl(),
                mp.getFailureUrl());
    }

    private static EightyEightPaySettings eightyEightPay(CobroProperties.EightyEightPayAccount ep) {
        return EightyEightPaySettings.defaults(ep.getBaseUrl(), ep.getApiKey(), ep.getMerchantId())
                .withTimeouts(new HttpTimeouts(ep.getConnectTimeout(), ep.getReadTimeout()))
                .withWebhookSecret(ep.getWebhookSecret())
                .withPreviousApiKeys(ep.getPreviousApiKeys().toArray(String[]::new));
    }

    private static PaymeSettings payme(CobroProperties.PaymeAccount pm) {
        PaymeSettings defaults = PaymeSettings.defaults(pm.getAuthUrl(), pm.getApiUrl(), pm.getClientId(),
                pm.getClientSecret());
        return new PaymeSettings(defaults.authUrl(), defaults.apiUrl(), defaults.clientId(),
                defaults.clientSecret(), pm.getAudience() != null ? pm.getAudience() : defaults.audience(),
                pm.getScope() != null ? pm.getScope() : defaults.scope(),
                new HttpTimeouts(pm.getConnectTimeout(), pm.getReadTimeout()));
    }

    /** Cobro's meters in the application's registry, when Micrometer is there (ARCHITECTURE.md, Observability). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    static class Metrics {

        @Bean
        CobroBuilderCustomizer cobroMeterRegistry(
                ObjectProvider<io.micrometer.core.instrument.MeterRegistry> registry) {
            return builder -> registry.ifAvailable(builder::meterRegistry);
        }
    }
}
