package dev.cobro.bootstrap.faults;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Every log line written while attached: Cobro's own loggers at DEBUG (so Feign's redacted wire
 * lines are there to be checked), everything else at the level it had.
 */
public final class CapturedLogs implements AutoCloseable {

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger cobro = (Logger) LoggerFactory.getLogger("dev.cobro");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Level previousCobroLevel;

    private CapturedLogs() {
        previousCobroLevel = cobro.getLevel();
        cobro.setLevel(Level.DEBUG);
        appender.start();
        root.addAppender(appender);
    }

    public static CapturedLogs start() {
        return new CapturedLogs();
    }

    /** Each line with its logger name and the messages of its exception chain. */
    public List<String> lines() {
        List<ILoggingEvent> events;
        synchronized (appender) {
            events = new ArrayList<>(appender.list);
        }
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent event : events) {
            StringBuilder line = new StringBuilder(event.getLoggerName()).append(' ')
                    .append(event.getFormattedMessage());
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                line.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
            }
            lines.add(line.toString());
        }
        return lines;
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
        cobro.setLevel(previousCobroLevel);
    }
}
