package dev.cobro.application.testing;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** A test reads the lines logged since its mark while other threads go on logging. */
class CapturedLogsTest {

    private static final Logger TEST = LoggerFactory.getLogger("dev.cobro.test.captured");
    private static final Logger BACKGROUND = LoggerFactory.getLogger("dev.cobro.test.background");

    @Test
    void theLinesSinceAMarkAreReadFromOneSnapshotWhileAnotherThreadLogs() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch logging = new CountDownLatch(1);
        try (CapturedLogs logs = CapturedLogs.attach("dev.cobro.test")) {
            Thread background = new Thread(() -> {
                while (!stop.get()) {
                    BACKGROUND.debug("housekeeping");
                    logging.countDown();
                }
            }, "background-logger");
            background.start();
            try {
                assertThat(logging.await(60, TimeUnit.SECONDS)).as("the background thread logs").isTrue();
                for (int i = 0; i < 2_000; i++) {
                    CapturedLogs.Mark mark = logs.mark();
                    TEST.debug("line {}", i);   // captured, and below the console's INFO threshold

                    List<String> mine = logs.since(mark).stream().filter(l -> l.startsWith(TEST.getName())).toList();

                    assertThat(mine).containsExactly(TEST.getName() + " line " + i);
                }
            } finally {
                stop.set(true);
                background.join();
            }
        }
    }
}
