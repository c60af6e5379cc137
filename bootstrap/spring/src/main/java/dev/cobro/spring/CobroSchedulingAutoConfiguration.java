package dev.cobro.spring;

import dev.cobro.bootstrap.Cobro;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Cobro's background work in this instance: the resolver on a schedule. Every instance of the
 * application may run it; the database keeps them from repeating work. Off with
 * {@code cobro.scheduling.enabled=false} (for a host that schedules it itself).
 */
@AutoConfiguration(after = CobroAutoConfiguration.class)
@ConditionalOnBean(Cobro.class)
@ConditionalOnProperty(prefix = "cobro.scheduling", name = "enabled", matchIfMissing = true)
public class CobroSchedulingAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public CobroScheduler cobroScheduler(Cobro cobro, CobroProperties properties) {
        return new CobroScheduler(cobro, properties.getScheduling());
    }
}
