package dev.cobro.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * The CLI's logging, set up in code when the CLI owns its JVM ({@link CobroCli#main}): stderr only
 * (stdout carries the JSON), WARN by default; {@link Logging} raises it with {@code --verbose}.
 * Parsing an XML configuration costs a one-second command about a tenth of its time, so the CLI
 * does without; {@code cobro-cli-logback.xml} says the same for a JVM that names it in
 * {@code -Dlogback.configurationFile}, and an explicit configuration file always wins. Anywhere
 * else (the CLI's classes in tests, an embedder) this steps aside for logback's usual search.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class CliLogbackConfigurator extends ContextAwareBase implements Configurator {

    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n";

    /** Set by {@link CobroCli#main} before anything logs. */
    private static volatile boolean cliOwnsTheJvm;

    static void cliOwnsTheJvm() {
        cliOwnsTheJvm = true;
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (!cliOwnsTheJvm || System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        // A replayed request finds its duplicate by the insert itself; Hibernate logs that expected
        // unique violation as WARN and ERROR before Cobro turns it into the replay. Any SQL error Cobro
        // does not expect reaches the command's own error output, so this only hides the noise.
        context.getLogger("org.hibernate.engine.jdbc.spi.SqlExceptionHelper").setLevel(Level.OFF);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
