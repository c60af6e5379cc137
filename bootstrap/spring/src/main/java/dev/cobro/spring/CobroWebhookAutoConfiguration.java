package dev.cobro.spring;

import dev.cobro.bootstrap.Cobro;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * The providers' webhook endpoints, when Spring MVC serves the application: 88Pay's at
 * {@code cobro.webhooks.88pay.path}; Mercado Pago's at {@code cobro.webhooks.mercadopago.path} when
 * {@code cobro.mercado-pago.*} configures an account. Each can be turned off by its
 * {@code cobro.webhooks.<provider>.enabled}.
 */
@AutoConfiguration(after = CobroAutoConfiguration.class)
@ConditionalOnBean(Cobro.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
public class CobroWebhookAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "cobro.webhooks.88pay", name = "enabled", matchIfMissing = true)
    public EightyEightPayWebhookController cobroEightyEightPayWebhookController(Cobro cobro) {
        return new EightyEightPayWebhookController(cobro);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "cobro.webhooks.mercadopago", name = "enabled", matchIfMissing = true)
    @Conditional(MercadoPagoConfigured.class)
    public MercadoPagoWebhookController cobroMercadoPagoWebhookController(Cobro cobro) {
        return new MercadoPagoWebhookController(cobro);
    }

    /** Mercado Pago's default account or any other is configured by {@code cobro.mercado-pago.*}. */
    static final class MercadoPagoConfigured extends SpringBootCondition {

        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            CobroProperties.MercadoPago mercadoPago = Binder.get(context.getEnvironment())
                    .bind("cobro.mercado-pago", CobroProperties.MercadoPago.class)
                    .orElseGet(CobroProperties.MercadoPago::new);
            return mercadoPago.isConfigured() || !mercadoPago.getAccounts().isEmpty()
                    ? ConditionOutcome.match("cobro.mercado-pago configures an account")
                    : ConditionOutcome.noMatch("cobro.mercado-pago configures no account");
        }
    }
}
