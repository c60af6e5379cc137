package dev.cobro.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cobro.adapters.http.support.CobroJson;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.stream.Collectors;

/** The bench's results as JSON (the contract scripts read) or as a table for people. */
final class BenchOutput {

    /** The targets, printed next to the figures so that a reader need not look them up. */
    static final double RATIO_TARGET = 0.9;
    static final double CPU_RATIO_TARGET = 0.85;
    static final int RATIO_TARGET_CONCURRENCY = 16;
    static final double TOKEN_WINDOW_SECONDS = 50;
    static final double HISTORY_P99_TARGET_MS = 20;

    private BenchOutput() {
    }

    static ObjectNode json(LoadBench.Report report) {
        ObjectNode root = CobroJson.mapper().createObjectNode();
        int count = report.settings().count();
        root.set("cobro", figures(report.cobro(), report.cobroUsage(), count));
        root.set("baseline", figures(report.baseline(), report.baselineUsage(), count));
        root.put("ratio", round(report.ratio(), 3));
        root.put("cpu_ratio", round(report.cpuRatio(), 3));
        root.put("cpu_ratio_without_jit", round(report.cpuRatioWithoutCompilers(), 3));
        root.put("token_requests", report.tokenRequests());
        root.put("count", count);
        root.put("concurrency", report.settings().concurrency());
        root.put("provider", report.settings().provider());
        root.set("method", method(report));
        return root;
    }

    /** How it was measured: the warm-up and the stability it reached, the rounds, the sandbox, the machine. */
    private static ObjectNode method(LoadBench.Report report) {
        ObjectNode method = CobroJson.mapper().createObjectNode();
        method.put("order", "both sides warmed alike in alternating windows, then measured in rounds whose"
                + " first side alternates; a GC before each measured phase, the heap kept at its size"
                + " (machine.heap_held); ratio = pooled throughput (each side's"
                + " measured operations over its measured time), cpu_ratio = the baseline's CPU per operation over"
                + " Cobro's (bench JVM + database, all measured phases), higher is better; cpu_ratio_without_jit: the"
                + " same with the JIT compiler threads' CPU left out of both sides");
        method.put("median_round_ratio", round(report.medianRoundRatio(), 3));
        LoadBench.Host host = report.host();
        method.putObject("cobro_host")
                .put("meter_registry", host.meterRegistry())
                .put("outcome_listener", "counts events by kind and status")
                .put("deliver_events_every_ms", host.deliverEveryMillis())
                .put("events_delivered", host.eventsDelivered())
                .put("settle_ms", round(host.settleNanos() / 1e6, 1));
        method.putObject("jit")
                .put("warmup_ms", report.warmup().jitMillis())
                .put("measured_ms", report.measuredJitMillis())
                .put("measured_share", round(report.measuredJitShare(), 4))
                .put("quiet_share", LoadBench.JIT_QUIET_SHARE)
                .put("busy", report.jitBusy());
        LoadBench.Warmup w = report.warmup();
        ObjectNode warmup = method.putObject("warmup");
        warmup.put("window_operations", w.windowOperations())
                .put("windows", w.windows())
                .put("operations_per_side", w.operationsPerSide())
                .put("min_windows", w.minWindows())
                .put("max_windows", w.maxWindows())
                .put("tolerance", w.tolerance())
                .put("stable", w.stable())
                .put("token_renewal_required", w.tokenRenewal().required())
                .put("token_renewed", w.tokenRenewal().done());
        ObjectNode lastChange = warmup.putObject("last_change");
        putOrNull(lastChange, "cobro", LoadBench.Warmup.lastChange(w.cobroPerSecond()), 4);
        putOrNull(lastChange, "baseline", LoadBench.Warmup.lastChange(w.baselinePerSecond()), 4);
        ArrayNode cobroWindows = warmup.putArray("cobro_per_s");
        w.cobroPerSecond().forEach(t -> cobroWindows.add(round(t, 1)));
        ArrayNode baselineWindows = warmup.putArray("baseline_per_s");
        w.baselinePerSecond().forEach(t -> baselineWindows.add(round(t, 1)));
        warmup.put("jit_quiet_share", LoadBench.JIT_QUIET_SHARE);
        warmup.put("jit_quiet_pairs", LoadBench.JIT_QUIET_PAIRS);
        ArrayNode jit = warmup.putArray("jit_share");
        w.jitShare().forEach(t -> jit.add(round(t, 3)));
        ArrayNode rounds = method.putArray("rounds");
        for (LoadBench.Round r : report.rounds()) {
            rounds.addObject()
                    .put("round", r.number())
                    .put("first", r.cobroFirst() ? "cobro" : "baseline")
                    .put("operations", r.cobro().latencies().count())
                    .put("cobro_per_s", round(r.cobro().latencies().throughputPerSecond(), 1))
                    .put("baseline_per_s", round(r.baseline().latencies().throughputPerSecond(), 1))
                    .put("ratio", round(r.ratio(), 3))
                    .put("cpu_ratio", round(r.cpuRatio(), 3));
        }
        LoadBench.ProviderPlace place = report.provider();
        ObjectNode sandbox = method.putObject("provider");
        sandbox.put("where", place.sandbox() ? "sandbox_own_jvm" : "configured");
        sandbox.put("endpoint", place.endpoint());
        if (place.sandbox()) {
            sandbox.put("pid", place.sandboxPid());
            ArrayNode options = sandbox.putArray("jvm_options");
            place.sandboxJvmOptions().forEach(options::add);
        }
        LoadBench.Machine m = report.machine();
        method.putObject("machine")
                .put("processors", m.processors())
                .put("load_average_before", round(m.loadBefore(), 2))
                .put("load_average_after", round(m.loadAfter(), 2))
                .put("database_cpu_metered", m.databaseMetered())
                .put("heap_held", m.heapHeld());
        return method;
    }

    static ObjectNode json(HistoryBench.Report report) {
        ObjectNode root = CobroJson.mapper().createObjectNode();
        root.put("rows", report.rows());
        ArrayNode queries = root.putArray("queries");
        for (HistoryBench.QueryResult q : report.queries()) {
            queries.addObject()
                    .put("name", q.name())
                    .put("p50_ms", round(q.p50Millis(), 3))
                    .put("p99_ms", round(q.p99Millis(), 3))
                    .put("pages", q.pages());
        }
        return root;
    }

    /**
     * A side's figures over all its measured phases, and what they used per operation: the bench
     * JVM's CPU (the side's own work, its GC and any JIT) and its JIT compiler threads' part of it, the
     * sandbox's and the database server's (null when not metered), and the JIT and GC milliseconds that
     * fell in its measured phases.
     */
    private static ObjectNode figures(Latencies latencies, Meters.Usage usage, int count) {
        ObjectNode figures = CobroJson.mapper().createObjectNode()
                .put("throughput_per_s", round(latencies.throughputPerSecond(), 1))
                .put("p50_ms", round(latencies.percentileMillis(50), 3))
                .put("p95_ms", round(latencies.percentileMillis(95), 3))
                .put("p99_ms", round(latencies.percentileMillis(99), 3));
        putOrNull(figures, "cpu_ms_per_op", perOperation(usage.benchCpuNanos(), count), 3);
        putOrNull(figures, "compiler_cpu_ms_per_op", perOperation(usage.compilerCpuNanos(), count), 3);
        putOrNull(figures, "sandbox_cpu_ms_per_op", perOperation(usage.sandboxCpuNanos(), count), 3);
        putOrNull(figures, "database_cpu_ms_per_op", perOperation(usage.databaseCpuNanos(), count), 3);
        figures.put("jit_ms", usage.jitMillis());
        figures.put("gc_ms", usage.gcMillis());
        return figures;
    }

    private static double perOperation(long nanos, int count) {
        return nanos < 0 || count == 0 ? Double.NaN : nanos / 1e6 / count;
    }

    private static void putOrNull(ObjectNode node, String name, double value, int scale) {
        if (Double.isNaN(value)) {
            node.putNull(name);
        } else {
            node.put(name, round(value, scale));
        }
    }

    static void table(LoadBench.Report r, PrintWriter out) {
        LoadBench.Settings s = r.settings();
        LoadBench.Warmup w = r.warmup();
        out.printf("bench %s: %d operations per side, %d at a time, in %d rounds alternating which side goes"
                + " first%n", s.provider(), s.count(), s.concurrency(), r.rounds().size());
        out.printf("warm-up: %d windows of %d operations per side, alternating; %s (last change: cobro %s,"
                        + " baseline %s, JIT %s of the time; tolerance %.0f%%, JIT under %.0f%% in the last %d pairs,"
                        + " %d to %d windows%s)%n",
                w.windows(), w.windowOperations(), w.stable() ? "stable" : "NOT stable, stopped at the cap",
                percent(LoadBench.Warmup.lastChange(w.cobroPerSecond())),
                percent(LoadBench.Warmup.lastChange(w.baselinePerSecond())),
                percent(w.jitShare().isEmpty() ? Double.NaN : w.jitShare().get(w.jitShare().size() - 1)),
                100 * w.tolerance(), 100 * LoadBench.JIT_QUIET_SHARE, LoadBench.JIT_QUIET_PAIRS, w.minWindows(),
                w.maxWindows(), !w.tokenRenewal().required() ? ""
                        : w.tokenRenewal().done() ? "; each side renewed its token"
                        : "; a side's token NOT renewed yet");
        out.printf("provider: %s%ndatabase: %s%n", r.provider().endpoint(), r.database());
        LoadBench.Machine m = r.machine();
        out.printf("machine: %d processors, load average %.2f before, %.2f after; heap %s%n%n", m.processors(),
                m.loadBefore(), m.loadAfter(), m.heapHeld() ? "kept at its size by every GC"
                        : "NOT held (this JVM has no " + HeapHold.FLAG + "): a GC may shrink it between phases");
        out.printf("%-7s %-9s %10s %12s %8s %10s%n", "round", "first", "cobro/s", "baseline/s", "ratio",
                "cpu ratio");
        for (LoadBench.Round round : r.rounds()) {
            out.printf("%-7d %-9s %10.1f %12.1f %8.3f %10.3f%n", round.number(),
                    round.cobroFirst() ? "cobro" : "baseline", round.cobro().latencies().throughputPerSecond(),
                    round.baseline().latencies().throughputPerSecond(), round.ratio(), round.cpuRatio());
        }
        out.println();
        out.printf("%-10s %14s %9s %9s %9s %12s %12s %12s %8s %8s%n", "", "throughput/s", "p50 ms", "p95 ms",
                "p99 ms", "cpu ms/op", "sandbox ms", "database ms", "jit ms", "gc ms");
        row(out, "cobro", r.cobro(), r.cobroUsage(), s.count());
        row(out, "baseline", r.baseline(), r.baselineUsage(), s.count());
        out.println("(cpu ms/op: the bench JVM's CPU per operation; sandbox and database: their processes' CPU per"
                + " operation; jit and gc: milliseconds within the measured phases)");
        out.println();
        String ratioTarget = s.concurrency() == RATIO_TARGET_CONCURRENCY
                ? (r.ratio() >= RATIO_TARGET ? "met" : "MISSED") + " (target >= " + RATIO_TARGET + " at concurrency "
                + RATIO_TARGET_CONCURRENCY + ")"
                : "(the target, >= " + RATIO_TARGET + ", is set for concurrency " + RATIO_TARGET_CONCURRENCY + ")";
        out.printf("ratio cobro/baseline (pooled throughput: each side's measured operations over its measured"
                + " time): %.3f  %s%n", r.ratio(), ratioTarget);
        out.printf("cpu ratio (baseline's CPU per operation over Cobro's, bench JVM + database, all measured"
                + " phases; higher is better): %.3f  %s (target >= %s)%n", r.cpuRatio(),
                r.cpuRatio() >= CPU_RATIO_TARGET ? "met" : "MISSED", CPU_RATIO_TARGET);
        out.printf("cpu ratio with the JIT compiler threads' CPU left out of both sides: %.3f%n",
                r.cpuRatioWithoutCompilers());
        out.printf("median of the rounds' ratios (for comparison): %.3f%n", r.medianRoundRatio());
        out.printf("JIT in the measured rounds: %d ms, %.1f%% of their time (warm-up: %d ms)  %s%n",
                r.measuredJitMillis(), 100 * r.measuredJitShare(), r.warmup().jitMillis(),
                r.jitBusy() ? "BUSY: compilation still fell in the measured rounds" : "quiet");
        LoadBench.Host host = r.host();
        out.printf("Cobro as a host runs it: %s, a listener that counted %d events (delivered every %d ms;"
                + " %.0f ms after the phases' last operations)%n", host.meterRegistry(), host.eventsDelivered(),
                host.deliverEveryMillis(), host.settleNanos() / 1e6);
        long windows = Math.max(1, (long) Math.ceil(r.tokenSpanSeconds() / TOKEN_WINDOW_SECONDS));
        out.printf("token requests by Cobro: %d in %.1f s (warm-up included)  %s (target: 1 per %.0f s window,"
                        + " here %d)%n", r.tokenRequests(), r.tokenSpanSeconds(),
                r.tokenRequests() <= windows ? "met" : "MISSED", TOKEN_WINDOW_SECONDS, windows);
        if (r.sandboxTokenRequests() != null) {
            out.printf("  cross-check: the sandbox counted %d token requests, %d of them the baseline's%n",
                    r.sandboxTokenRequests(), r.baselineTokenRequests());
        }
        out.printf("outcomes: cobro %s; baseline %s%n", outcomes(r.cobroOutcomes()), outcomes(r.baselineOutcomes()));
        out.flush();
    }

    static void table(HistoryBench.Report r, PrintWriter out) {
        out.printf("bench --history: %d attempts (%d transactions) in %s, %s%n", r.rows(), r.transactions(),
                r.database(), r.reused() ? "seeded by an earlier run" : String.format("seeded in %.1f s",
                        r.seedSeconds()));
        out.printf("pages of %d through cobro.history().query(...), on connections forced to generic plans%n%n",
                HistoryBench.PAGE);
        out.printf("%-28s %10s %10s %7s%n", "query", "p50 ms", "p99 ms", "pages");
        double worst = 0;
        for (HistoryBench.QueryResult q : r.queries()) {
            out.printf("%-28s %10.2f %10.2f %7d%n", q.name(), q.p50Millis(), q.p99Millis(), q.pages());
            worst = Math.max(worst, q.p99Millis());
        }
        out.printf("%nworst p99 %.2f ms: %s (target p99 <= %.0f ms per page)%n", worst,
                worst <= HISTORY_P99_TARGET_MS ? "met" : "MISSED", HISTORY_P99_TARGET_MS);
        out.flush();
    }

    private static void row(PrintWriter out, String name, Latencies l, Meters.Usage u, int count) {
        out.printf("%-10s %14.1f %9.2f %9.2f %9.2f %12s %12s %12s %8d %8d%n", name, l.throughputPerSecond(),
                l.percentileMillis(50), l.percentileMillis(95), l.percentileMillis(99),
                millis(perOperation(u.benchCpuNanos(), count)), millis(perOperation(u.sandboxCpuNanos(), count)),
                millis(perOperation(u.databaseCpuNanos(), count)), u.jitMillis(), u.gcMillis());
    }

    private static String millis(double value) {
        return Double.isNaN(value) ? "-" : String.format("%.2f", value);
    }

    private static String percent(double change) {
        return Double.isNaN(change) ? "-" : String.format("%.1f%%", 100 * change);
    }

    private static String outcomes(Map<String, Long> outcomes) {
        return outcomes.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static BigDecimal round(double value, int scale) {
        return BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_UP);
    }
}
