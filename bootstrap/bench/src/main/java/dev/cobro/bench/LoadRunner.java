package dev.cobro.bench;

import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs {@code count} operations, {@code concurrency} at a time, on threads of its own, and times
 * each. The first exception stops the run and is rethrown: a bench that goes on after a failure
 * would time something else than it says.
 */
final class LoadRunner {

    /** Progress lines only for phases long enough to need them. */
    private static final long PROGRESS_EVERY_SECONDS = 2;

    /** One operation; returns the outcome it ended in (e.g. a status), counted by name. */
    @FunctionalInterface
    interface Operation {
        String run(int index) throws Exception;
    }

    /** The timings and how the operations ended. */
    record Result(Latencies latencies, Map<String, Long> outcomes) {
    }

    private LoadRunner() {
    }

    static Result run(String label, int count, int concurrency, Operation operation, PrintWriter progress)
            throws Exception {
        long[] nanos = new long[count];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
        Thread[] workers = new Thread[Math.min(concurrency, count)];
        ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cobro-bench-progress");
            t.setDaemon(true);
            return t;
        });
        long start = System.nanoTime();
        reporter.scheduleAtFixedRate(() -> {
            double seconds = (System.nanoTime() - start) / 1e9;
            progress.printf("  %s: %d/%d done, %.0f/s%n", label, done.get(), count, done.get() / seconds);
            progress.flush();
        }, PROGRESS_EVERY_SECONDS, PROGRESS_EVERY_SECONDS, TimeUnit.SECONDS);
        try {
            for (int w = 0; w < workers.length; w++) {
                workers[w] = new Thread(() -> {
                    int i;
                    while (failure.get() == null && (i = next.getAndIncrement()) < count) {
                        long t0 = System.nanoTime();
                        try {
                            String outcome = operation.run(i);
                            nanos[i] = System.nanoTime() - t0;
                            outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
                            done.incrementAndGet();
                        } catch (Exception e) {
                            failure.compareAndSet(null, e);
                        }
                    }
                }, "cobro-bench-" + label.replace(' ', '-') + "-" + (w + 1));
                workers[w].start();
            }
            for (Thread worker : workers) {
                worker.join();
            }
        } finally {
            reporter.shutdownNow();
        }
        long wall = System.nanoTime() - start;
        if (failure.get() != null) {
            throw failure.get();
        }
        Map<String, Long> counted = new TreeMap<>();
        outcomes.forEach((k, v) -> counted.put(k, v.sum()));
        return new Result(new Latencies(nanos, wall), counted);
    }
}
