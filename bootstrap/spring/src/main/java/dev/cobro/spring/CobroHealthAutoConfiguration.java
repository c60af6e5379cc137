package dev.cobro.spring;

import dev.cobro.bootstrap.Cobro;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** Cobro's contribution to Actuator's health ({@code /actuator/health}, component {@code cobro}). */
@AutoConfiguration(after = CobroAutoConfiguration.class)
@ConditionalOnBean(Cobro.class)
@ConditionalOnClass(HealthIndicator.class)
public class CobroHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "cobroHealthIndicator")
    public CobroHealthIndicator cobroHealthIndicator(Cobro cobro) {
        return new CobroHealthIndicator(cobro);
    }
}
