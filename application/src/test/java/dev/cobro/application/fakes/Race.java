package dev.cobro.application.fakes;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Calls run at once, each on a thread of its own: every thread waits on one latch until all are
 * ready, then all are let go together (no sleeps). Says which calls returned and how the others
 * failed.
 *
 * @param winners the indexes of the calls that returned, in order
 * @param losses  what the other calls threw, in the order of their indexes
 */
public record Race(List<Integer> winners, List<Throwable> losses) {

    /** Runs {@code calls} together and waits (at most a minute, a bound for a loaded machine) for all of them. */
    public static Race of(List<? extends Runnable> calls) {
        int n = calls.size();
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(n);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (Runnable call : calls) {
                running.add(threads.submit(() -> {
                    ready.countDown();
                    go.await();
                    call.run();
                    return null;
                }));
            }
            if (!ready.await(1, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the racing threads did not start");
            }
            go.countDown();
            List<Integer> winners = new ArrayList<>();
            List<Throwable> losses = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                try {
                    running.get(i).get(1, TimeUnit.MINUTES);
                    winners.add(i);
                } catch (ExecutionException e) {
                    losses.add(e.getCause());
                }
            }
            return new Race(List.copyOf(winners), List.copyOf(losses));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while racing", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("a racing call did not finish within a minute", e);
        } finally {
            threads.shutdownNow();
        }
    }

    /** Runs {@code calls} together. */
    public static Race of(Runnable... calls) {
        return of(List.of(calls));
    }
}
