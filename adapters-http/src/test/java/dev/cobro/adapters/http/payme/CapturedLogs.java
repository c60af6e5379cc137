package dev.cobro.adapters.http.payme;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every log line of a test class, from the root logger at DEBUG (Feign's wire lines included),
 * checked for the secrets the tests use: none may appear.
 */
final class CapturedLogs {

    /** A {@code security_code} shown with anything but the mask. */
    private static final Pattern CLEAR_CVV = Pattern.compile("security_code\"?\\s*[:=]\\s*\"?(?!\\*\\*\\*)[0-9]");

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Level previousLevel;

    private CapturedLogs() {
        previousLevel = root.getLevel();
        root.setLevel(Level.DEBUG);
        appender.start();
        root.addAppender(appender);
    }

    static CapturedLogs attachToRoot() {
        return new CapturedLogs();
    }

    void detach() {
        root.detachAppender(appender);
        appender.stop();
        root.setLevel(previousLevel);
    }

    List<String> lines() {
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

    /** No PAN, CVV, token id, client secret or access token, in any line so far. */
    void assertNoSecrets() {
        List<String> lines = lines();
        assertThat(lines).as("log lines").noneMatch(l -> l.contains(PaymeTestData.SEED_PAN))
                .noneMatch(l -> l.contains(PaymeTestData.SEED_TOKEN))
                .noneMatch(l -> l.contains(PaymeTestData.CLIENT_SECRET))
                .noneMatch(l -> l.contains(PaymeTestData.ACCESS_TOKEN_PREFIX))
                .noneMatch(l -> CLEAR_CVV.matcher(l).find())
                .noneMatch(l -> l.contains("\"" + PaymeTestData.SEED_CARD_CVV + "\""))
                .noneMatch(l -> l.contains("\"" + PaymeTestData.SEED_TOKEN_CVV + "\""));
    }
}
