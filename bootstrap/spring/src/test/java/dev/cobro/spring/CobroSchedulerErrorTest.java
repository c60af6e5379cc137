package dev.cobro.spring;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.cobro.application.port.in.DeliveryReport;
import dev.cobro.application.port.in.ResolutionReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The resolver's and the pruning's schedules survive a run that throws an {@link Error}: a scheduled
 * executor cancels a task that throws, silently, so the scheduler must catch it, log it at ERROR with
 * its cause and keep the schedule.
 */
class CobroSchedulerErrorTest {

    private static final Duration OFTEN = Duration.ofMillis(10);
    private static final Duration NEVER_IN_THIS_TEST = Duration.ofHours(1);

    private final Logger schedulerLog = (Logger) LoggerFactory.getLogger(CobroScheduler.class);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private CobroScheduler scheduler;

    @BeforeEach
    void captureLogs() {
        logs.start();
        schedulerLog.addAppender(logs);
    }

    @AfterEach
    void stop() {
        if (scheduler != null) {
            scheduler.stop();
        }
        schedulerLog.detachAppender(logs);
    }

    @Test
    void aResolverRunThatThrowsAnErrorIsLoggedAndTheResolverRunsAgain() {
        AtomicInteger runs = new AtomicInteger();
        scheduler = new CobroScheduler(command -> {
            if (runs.incrementAndGet() == 1) {
                throw new AssertionError("the resolver's first run breaks");
            }
            return new ResolutionReport(List.of());
        }, CobroSchedulerErrorTest::nothingToDeliver, age -> 0, scheduling(OFTEN, NEVER_IN_THIS_TEST));

        scheduler.start();

        await().atMost(Duration.ofSeconds(30)).until(() -> runs.get() >= 3);
        assertThat(errors()).anySatisfy(e -> {
            assertThat(e.getFormattedMessage()).startsWith("Cobro resolver run failed");
            assertThat(e.getThrowableProxy().getMessage())
                    .isEqualTo("java.lang.AssertionError: the resolver's first run breaks");
        });
    }

    @Test
    void aPruningRunThatThrowsAnErrorIsLoggedAndThePruningRunsAgain() {
        AtomicInteger runs = new AtomicInteger();
        scheduler = new CobroScheduler(command -> new ResolutionReport(List.of()),
                CobroSchedulerErrorTest::nothingToDeliver, age -> {
                    if (runs.incrementAndGet() == 1) {
                        throw new StackOverflowError("the pruning's first run breaks");
                    }
                    return 0;
                }, scheduling(NEVER_IN_THIS_TEST, OFTEN));

        scheduler.start();

        await().atMost(Duration.ofSeconds(30)).until(() -> runs.get() >= 3);
        assertThat(errors()).anySatisfy(e -> {
            assertThat(e.getFormattedMessage()).startsWith("Pruning Cobro's unproven notifications failed");
            assertThat(e.getThrowableProxy().getMessage())
                    .isEqualTo("java.lang.StackOverflowError: the pruning's first run breaks");
        });
    }

    private List<ILoggingEvent> errors() {
        return logs.list.stream().filter(e -> e.getLevel() == Level.ERROR).toList();
    }

    private static DeliveryReport nothingToDeliver() {
        return new DeliveryReport(0, 0);
    }

    private static CobroProperties.Scheduling scheduling(Duration resolver, Duration pruning) {
        CobroProperties.Scheduling settings = new CobroProperties.Scheduling();
        settings.setResolverInterval(resolver);
        settings.setEventsInterval(NEVER_IN_THIS_TEST);
        settings.setPruningInterval(pruning);
        return settings;
    }
}
