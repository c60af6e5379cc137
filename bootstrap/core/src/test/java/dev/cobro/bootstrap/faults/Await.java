package dev.cobro.bootstrap.faults;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition, checking it often, and fails with its description when time runs out. */
public final class Await {

    private static final long CHECK_EVERY_NANOS = Duration.ofMillis(50).toNanos();

    private Await() {
    }

    public static void until(String condition, Duration timeout, BooleanSupplier check) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!check.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting until " + condition);
            }
            LockSupport.parkNanos(CHECK_EVERY_NANOS);
        }
    }
}
