package dev.cobro.bench;

import java.util.Arrays;
import java.util.List;

/**
 * Latencies of one measured phase and what they add up to: throughput over the phase's wall time
 * and nearest-rank percentiles (p99 of 2000 samples is the 1980th fastest, never interpolated).
 *
 * @param nanos     one latency per operation, in nanoseconds
 * @param wallNanos from the first operation's start to the last one's end
 */
record Latencies(long[] nanos, long wallNanos) {

    Latencies {
        nanos = nanos.clone();
        Arrays.sort(nanos);
    }

    /** Phases taken together: every latency, and the sum of their wall times. */
    static Latencies merge(List<Latencies> phases) {
        long[] all = new long[phases.stream().mapToInt(Latencies::count).sum()];
        int at = 0;
        long wall = 0;
        for (Latencies phase : phases) {
            System.arraycopy(phase.nanos, 0, all, at, phase.nanos.length);
            at += phase.nanos.length;
            wall += phase.wallNanos;
        }
        return new Latencies(all, wall);
    }

    int count() {
        return nanos.length;
    }

    double throughputPerSecond() {
        return wallNanos <= 0 ? 0 : nanos.length * 1e9 / wallNanos;
    }

    double wallSeconds() {
        return wallNanos / 1e9;
    }

    double percentileMillis(double percentile) {
        if (nanos.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(percentile / 100.0 * nanos.length);
        return nanos[Math.min(Math.max(rank, 1), nanos.length) - 1] / 1e6;
    }
}
