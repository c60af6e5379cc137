package dev.cobro.cli.bench;

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
    static final double RATIO_TARGET = 0.8;
    static final int RATIO_TARGET_CONCURRENCY = 16;
    static final double TOKEN_WINDOW_SECONDS = 50;
    static final double HISTORY_P99_TARGET_MS = 20;

    private BenchOutput() {
    }

    static ObjectNode json(LoadBench.Report report) {
        ObjectNode root = CobroJson.mapper().createObjectNode();
        root.set("cobro", figures(report.cobro()));
        root.set("baseline", figures(report.baseline()));
        root.put("ratio", round(report.ratio(), 3));
        root.put("token_requests", report.tokenRequests());
        root.put("count", report.settings().count());
        root.put("concurrency", report.settings().concurrency());
        root.put("provider", report.settings().provider());
        return root;
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

    private static ObjectNode figures(Latencies latencies) {
        return CobroJson.mapper().createObjectNode()
                .put("throughput_per_s", round(latencies.throughputPerSecond(), 1))
                .put("p50_ms", round(latencies.percentileMillis(50), 3))
                .put("p95_ms", round(latencies.percentileMillis(95), 3))
                .put("p99_ms", round(latencies.percentileMillis(99), 3));
    }

    static void table(LoadBench.Report r, PrintWriter out) {
        LoadBench.Settings s = r.settings();
        out.printf("bench %s: %d operations, %d at a time (after %d warm-up operations, not counted)%n",
                s.provider(), s.count(), s.concurrency(), r.warmup());
        out.printf("provider: %s%ndatabase: %s%n%n", r.endpoint(), r.database());
        out.printf("%-10s %14s %10s %10s %10s%n", "", "throughput/s", "p50 ms", "p95 ms", "p99 ms");
        row(out, "cobro", r.cobro());
        row(out, "baseline", r.baseline());
        out.println();
        String ratioTarget = s.concurrency() == RATIO_TARGET_CONCURRENCY
                ? (r.ratio() >= RATIO_TARGET ? "met" : "MISSED") + " (target >= " + RATIO_TARGET + " at concurrency "
                + RATIO_TARGET_CONCURRENCY + ")"
                : "(the target, >= " + RATIO_TARGET + ", is set for concurrency " + RATIO_TARGET_CONCURRENCY + ")";
        out.printf("ratio cobro/baseline (throughput): %.3f  %s%n", r.ratio(), ratioTarget);
        long windows = Math.max(1, (long) Math.ceil(r.cobroSeconds() / TOKEN_WINDOW_SECONDS));
        out.printf("token requests by Cobro: %d in %.1f s (warm-up included)  %s (target: 1 per %.0f s window,"
                        + " here %d)%n", r.tokenRequests(), r.cobroSeconds(),
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
        out.printf("pages of %d through cobro.history().query(...)%n%n", HistoryBench.PAGE);
        out.printf("%-26s %10s %10s %7s%n", "query", "p50 ms", "p99 ms", "pages");
        double worst = 0;
        for (HistoryBench.QueryResult q : r.queries()) {
            out.printf("%-26s %10.2f %10.2f %7d%n", q.name(), q.p50Millis(), q.p99Millis(), q.pages());
            worst = Math.max(worst, q.p99Millis());
        }
        out.printf("%nworst p99 %.2f ms: %s (target p99 <= %.0f ms per page)%n", worst,
                worst <= HISTORY_P99_TARGET_MS ? "met" : "MISSED", HISTORY_P99_TARGET_MS);
        out.flush();
    }

    private static void row(PrintWriter out, String name, Latencies l) {
        out.printf("%-10s %14.1f %10.2f %10.2f %10.2f%n", name, l.throughputPerSecond(), l.percentileMillis(50),
                l.percentileMillis(95), l.percentileMillis(99));
    }

    private static String outcomes(Map<String, Long> outcomes) {
        return outcomes.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static BigDecimal round(double value, int scale) {
        return BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_UP);
    }
}
