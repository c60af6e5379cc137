package dev.cobro.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Log levels of the CLI (CliLogbackConfigurator sends everything to stderr): WARN by default, so stdout stays
 * JSON and stderr stays quiet; INFO, and DEBUG for Cobro itself, with {@code --verbose}.
 */
final class Logging {

    private Logging() {
    }

    static void configure(boolean verbose) {
        try {
            ILoggerFactory factory = LoggerFactory.getILoggerFactory();
            if (factory instanceof LoggerContext context) {
                context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(verbose ? Level.INFO : Level.WARN);
                context.getLogger("dev.cobro").setLevel(verbose ? Level.DEBUG : null);
            }
        } catch (LinkageError noLogback) {
            // Run without logback (an embedder's classpath): its own binding decides.
        }
    }
}
