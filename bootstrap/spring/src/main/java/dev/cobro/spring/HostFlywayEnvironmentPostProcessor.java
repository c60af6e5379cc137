package dev.cobro.spring;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps Spring Boot's Flyway auto-configuration for the application's own migrations.
 *
 * <p>Cobro brings {@code flyway-core} for its own migrations, which it runs itself through its own
 * {@code Flyway} instance in schema {@code cobro}. Boot's {@code FlywayAutoConfiguration} switches on
 * for any application that has {@code flyway-core} on its classpath and a {@code DataSource}: left
 * alone it would migrate the application's default schema, creating {@code public.flyway_schema_history}
 * on an empty database and refusing to start on a database whose {@code public} already has tables
 * ({@code Found non-empty schema(s) "public" but no schema history table}). An application that never
 * used Flyway would be changed by adding Cobro.
 *
 * <p>So this adds, with the lowest precedence of all property sources, {@code spring.flyway.enabled=false}
 * for an application that shows no sign of using Flyway itself: no migration under Boot's default
 * location ({@code classpath:db/migration}, SQL or Java) and no {@code spring.flyway.*} property from
 * any source. An application with migrations there, or any {@code spring.flyway.*} property
 * ({@code spring.flyway.enabled=true} included), gets Boot's Flyway exactly as without Cobro; one that
 * defines its own {@code Flyway} bean is unaffected too (Boot's Flyway backs off for it anyway).
 *
 * <p>The answer is worked out when the property is first read (by Boot's condition), not when the
 * environment is prepared, so properties added later ({@code @DynamicPropertySource}, context
 * initializers) count too. It does not depend on {@code cobro.enabled}: {@code flyway-core} is on the
 * classpath whether Cobro's bean is wanted or not.
 */
public class HostFlywayEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    /** The name of the property source this adds, as {@code /actuator/env} would show it. */
    public static final String PROPERTY_SOURCE_NAME = "cobroHostFlywayDefault";

    static final String ENABLED = "spring.flyway.enabled";
    /** Spring Boot's default {@code spring.flyway.locations}: SQL files and Java migrations alike. */
    static final String DEFAULT_LOCATION_PATTERN = "classpath*:db/migration/**/*";

    private static final Logger LOG = LoggerFactory.getLogger(HostFlywayEnvironmentPostProcessor.class);
    private static final ConfigurationPropertyName SPRING_FLYWAY = ConfigurationPropertyName.of("spring.flyway");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        ResourceLoader loader = application.getResourceLoader() != null ? application.getResourceLoader()
                : new DefaultResourceLoader(application.getClassLoader());
        environment.getPropertySources().addLast(new FlywayOffUnlessTheHostUsesIt(environment, loader));
    }

    /** After the application's configuration files are read; the source goes last whatever the order. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /** Answers {@code spring.flyway.enabled} only, and only when nothing of higher precedence does. */
    static final class FlywayOffUnlessTheHostUsesIt extends PropertySource<Object> {

        private final ConfigurableEnvironment environment;
        private final ResourceLoader loader;
        private final AtomicBoolean reported = new AtomicBoolean();
        private volatile Boolean hostHasMigrations;

        FlywayOffUnlessTheHostUsesIt(ConfigurableEnvironment environment, ResourceLoader loader) {
            super(PROPERTY_SOURCE_NAME, new Object());
            this.environment = environment;
            this.loader = loader;
        }

        @Override
        public Object getProperty(String name) {
            if (!ENABLED.equals(name) || hostConfiguresFlyway() || hostHasMigrations()) {
                return null;
            }
            if (reported.compareAndSet(false, true)) {
                LOG.info("Spring Boot's Flyway auto-configuration is off: the application has no migrations in "
                        + "classpath:db/migration and no spring.flyway.* property (Cobro migrates its schema "
                        + "'cobro' itself). spring.flyway.enabled=true turns it on.");
            }
            return "false";
        }

        private boolean hostConfiguresFlyway() {
            for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
                if (source.getUnderlyingSource() != this
                        && source.containsDescendantOf(SPRING_FLYWAY) == ConfigurationPropertyState.PRESENT) {
                    return true;
                }
            }
            return false;
        }

        private boolean hostHasMigrations() {
            Boolean found = hostHasMigrations;
            if (found == null) {
                try {
                    found = new PathMatchingResourcePatternResolver(loader)
                            .getResources(DEFAULT_LOCATION_PATTERN).length > 0;
                } catch (IOException e) {
                    // Unreadable classpath: leave Boot's Flyway as it would be without Cobro.
                    LOG.warn("Could not look for migrations in classpath:db/migration; Spring Boot's Flyway "
                            + "auto-configuration is left as it is", e);
                    found = true;
                }
                hostHasMigrations = found;
            }
            return found;
        }
    }
}
