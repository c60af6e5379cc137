package dev.cobro.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** A run that throws anything, an Error included, is logged at ERROR and does not end the task. */
class GuardedRunTest {

    private final Logger log = (Logger) LoggerFactory.getLogger("dev.cobro.test.guarded");
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void capture() {
        logs.start();
        log.addAppender(logs);
        log.setAdditive(false);     // the provoked ERROR stays out of the build log
    }

    @AfterEach
    void release() {
        log.detachAppender(logs);
        log.setAdditive(true);
    }

    @Test
    void anErrorInOneRunIsLoggedWithItsCauseAndTheNextRunRuns() {
        AtomicInteger runs = new AtomicInteger();
        Runnable guarded = GuardedRun.of(log, "Delivering outcome events", Duration.ofSeconds(5), () -> {
            if (runs.incrementAndGet() == 1) {
                throw new AssertionError("the listener's first call breaks");
            }
        });

        assertThatCode(guarded::run).doesNotThrowAnyException();
        assertThatCode(guarded::run).doesNotThrowAnyException();

        assertThat(runs).hasValue(2);
        assertThat(logs.list).singleElement().satisfies(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.ERROR);
            assertThat(e.getFormattedMessage())
                    .isEqualTo("Delivering outcome events failed; the next run is in PT5S");
            assertThat(e.getThrowableProxy().getMessage())
                    .isEqualTo("java.lang.AssertionError: the listener's first call breaks");
        });
    }
}
