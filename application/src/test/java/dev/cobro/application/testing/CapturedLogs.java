package dev.cobro.application.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every log line written while attached (for a test class, attach in {@code @BeforeAll}), so that
 * a test can check that no secret reached a log. The one log-capturing helper of the test-jars.
 */
public final class CapturedLogs implements AutoCloseable {

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Map<Logger, Level> previousLevels = new LinkedHashMap<>();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private CapturedLogs(String... loggersAtDebug) {
        for (String name : loggersAtDebug) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            previousLevels.put(logger, logger.getLevel());
            logger.setLevel(Level.DEBUG);
        }
        appender.start();
        root.addAppender(appender);
    }

    /**
     * Everything at DEBUG: what a host would see with debug logging on (Feign's wire lines included).
     * Cobro's loggers are raised too, since the tests' logback configuration sets them to INFO; the
     * console keeps printing INFO and above only (its threshold filter), so the build log stays short.
     */
    public static CapturedLogs attachToRoot() {
        return new CapturedLogs(org.slf4j.Logger.ROOT_LOGGER_NAME, "dev.cobro");
    }

    /** Every line, with {@code loggerAtDebug} (e.g. {@code "dev.cobro"}) raised to DEBUG and the rest as it was. */
    public static CapturedLogs attach(String loggerAtDebug) {
        return new CapturedLogs(loggerAtDebug);
    }

    /** Each line with its logger name and the class and message of every throwable in its chain. */
    public List<String> lines() {
        return since(new Mark(0));
    }

    /**
     * Where the log stands now: {@link #since(Mark)} gives what was logged after it. Other threads (a
     * pool's housekeeping, a server's workers) may log at any moment, so a test reads "its" lines this
     * way rather than from two separate calls of {@link #lines()}, whose sizes may differ.
     */
    public Mark mark() {
        synchronized (appender) {
            return new Mark(appender.list.size());
        }
    }

    /** Every line logged since {@code mark}, by any thread, from one consistent snapshot. */
    public List<String> since(Mark mark) {
        List<ILoggingEvent> events;
        synchronized (appender) {
            List<ILoggingEvent> all = appender.list;
            events = new ArrayList<>(all.subList(Math.min(mark.position(), all.size()), all.size()));
        }
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent event : events) {
            StringBuilder line = new StringBuilder(event.getLoggerName()).append(' ').append(event.getFormattedMessage());
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                line.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
            }
            lines.add(line.toString());
        }
        return lines;
    }

    public void detach() {
        root.detachAppender(appender);
        appender.stop();
        previousLevels.forEach(Logger::setLevel);
    }

    @Override
    public void close() {
        detach();
    }

    /** A position in the captured log (see {@link #mark()}). */
    public record Mark(int position) {
    }
}
