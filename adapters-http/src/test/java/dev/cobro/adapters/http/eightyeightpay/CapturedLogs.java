package dev.cobro.adapters.http.eightyeightpay;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every log event of a whole test class, root at DEBUG so that the redacting Feign logger writes
 * headers and bodies: what a host would see with debug logging on.
 */
final class CapturedLogs {

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private Level previous;

    static CapturedLogs attachToRoot() {
        CapturedLogs logs = new CapturedLogs();
        logs.previous = logs.root.getLevel();
        logs.root.setLevel(Level.DEBUG);
        logs.appender.start();
        logs.root.addAppender(logs.appender);
        return logs;
    }

    void detach() {
        root.detachAppender(appender);
        appender.stop();
        root.setLevel(previous);
    }

    /** Each event's message with the class and message of every throwable in its chain. */
    List<String> lines() {
        List<String> lines = new ArrayList<>();
        synchronized (appender) {
            for (ILoggingEvent event : appender.list) {
                StringBuilder line = new StringBuilder(event.getLoggerName()).append(' ').append(event.getFormattedMessage());
                for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                    line.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
                }
                lines.add(line.toString());
            }
        }
        return lines;
    }

    /** The logs showed the 88Pay traffic (so the check below is not vacuous) and none of the secrets. */
    void assertShowTrafficButNoSecret(String apiKey) {
        List<String> lines = lines();
        assertThat(lines).as("88Pay traffic was logged at DEBUG")
                .anyMatch(l -> l.contains("/api/auth/token"))
                .anyMatch(l -> l.contains("x-api-key"));
        assertThat(lines).as("no log line shows the API key, an access token or a session id")
                .noneMatch(l -> l.contains(apiKey))
                .noneMatch(l -> l.contains(EightyEightPayStubs.TOKEN_PREFIX))
                .noneMatch(l -> l.contains(EightyEightPayStubs.SESSION_PREFIX));
    }
}
