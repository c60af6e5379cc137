package dev.cobro.spring;

import dev.cobro.bootstrap.Cobro;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.DispatcherServlet;

/** 88Pay's webhook endpoint, at {@code cobro.webhooks.88pay.path}, when Spring MVC serves the application. */
@AutoConfiguration(after = CobroAutoConfiguration.class)
@ConditionalOnBean(Cobro.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnProperty(prefix = "cobro.webhooks.88pay", name = "enabled", matchIfMissing = true)
public class CobroWebhookAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public EightyEightPayWebhookController cobroEightyEightPayWebhookController(Cobro cobro) {
        return new EightyEightPayWebhookController(cobro);
    }
}
