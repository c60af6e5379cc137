package dev.cobro.spring;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.DefaultResourceLoader;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** When Boot's Flyway is left to the application and when it is turned off: each sign of the host's own Flyway. */
class HostFlywayEnvironmentPostProcessorTest {

    @TempDir
    Path classpathRoot;

    @Test
    void anApplicationWithNoSignOfFlywayGetsBootsFlywayTurnedOff() throws IOException {
        StandardEnvironment environment = prepared(Map.of("spring.datasource.url", "jdbc:postgresql://db/shop"));

        assertThat(environment.getProperty("spring.flyway.enabled")).isEqualTo("false");
        assertThat(environment.getPropertySources().stream().reduce((a, b) -> b).orElseThrow().getName())
                .as("the lowest-precedence source").isEqualTo(HostFlywayEnvironmentPostProcessor.PROPERTY_SOURCE_NAME);
    }

    @Test
    void theApplicationsOwnSettingWinsEitherWay() throws IOException {
        assertThat(prepared(Map.of("spring.flyway.enabled", "true")).getProperty("spring.flyway.enabled"))
                .isEqualTo("true");
        assertThat(prepared(Map.of("spring.flyway.enabled", "false")).getProperty("spring.flyway.enabled"))
                .isEqualTo("false");
    }

    @Test
    void anySpringFlywayPropertyLeavesBootsFlywayAsItIs() throws IOException {
        assertThat(prepared(Map.of("spring.flyway.locations", "classpath:shop/migration"))
                .getProperty("spring.flyway.enabled")).isNull();
        assertThat(prepared(Map.of("spring.flyway.baseline-on-migrate", "true"))
                .getProperty("spring.flyway.enabled")).isNull();
    }

    @Test
    void aFlywayPropertyAsAnEnvironmentVariableCountsToo() throws IOException {
        StandardEnvironment environment = prepared(Map.of());
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of("SPRING_FLYWAY_SCHEMAS", "shop")));

        assertThat(environment.getProperty("spring.flyway.enabled")).isNull();
    }

    @Test
    void aPropertyAddedAfterStartUpPreparationIsSeen() throws IOException {
        StandardEnvironment environment = prepared(Map.of());
        // As @DynamicPropertySource and context initializers do, after the post-processors ran.
        environment.getPropertySources().addFirst(new MapPropertySource("later",
                Map.of("spring.flyway.url", "jdbc:postgresql://db/shop")));

        assertThat(environment.getProperty("spring.flyway.enabled")).isNull();
    }

    @Test
    void sqlMigrationsAtBootsDefaultLocationLeaveBootsFlywayAsItIs() throws IOException {
        Files.createDirectories(classpathRoot.resolve("db/migration"));
        Files.writeString(classpathRoot.resolve("db/migration/V1__shop.sql"), "create table shop (id int);");

        assertThat(prepared(Map.of()).getProperty("spring.flyway.enabled")).isNull();
    }

    @Test
    void javaMigrationsAtBootsDefaultLocationLeaveBootsFlywayAsItIs() throws IOException {
        Files.createDirectories(classpathRoot.resolve("db/migration/shop"));
        Files.write(classpathRoot.resolve("db/migration/shop/V2__Backfill.class"), new byte[] {(byte) 0xCA});

        assertThat(prepared(Map.of()).getProperty("spring.flyway.enabled")).isNull();
    }

    /** An environment as Boot prepares it, on a classpath of {@link #classpathRoot} (and the JDK's) only. */
    private StandardEnvironment prepared(Map<String, Object> applicationProperties) throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        // Only what the test gives: this machine's own variables and system properties do not count.
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().addFirst(new MapPropertySource("application", applicationProperties));
        ClassLoader classpath = new URLClassLoader(new URL[] {classpathRoot.toUri().toURL()},
                ClassLoader.getPlatformClassLoader());
        SpringApplication application = new SpringApplication();
        application.setResourceLoader(new DefaultResourceLoader(classpath));
        new HostFlywayEnvironmentPostProcessor().postProcessEnvironment(environment, application);
        return environment;
    }
}
