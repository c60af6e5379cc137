package dev.cobro.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cobro.adapters.http.support.CobroJson;
import dev.cobro.db.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

/**
 * The bench on small sizes against a real PostgreSQL and the provider sandbox: its JSON is the
 * contract, its counts add up with what is in the database, and bad input is refused up front.
 * Figures are printed, never asserted: performance is measured by the bench, not by tests.
 */
class BenchCommandIT {

    /** The JVM's own value, read before any bench of this class ran. */
    private static final String HEAP_FREE_RATIO_BEFORE = heapFreeRatio();

    private static final int COUNT = 40;
    private static final int CONCURRENCY = 4;
    /** A short warm-up cap keeps CI quick; the rule (stable, or stopped at the cap) is checked either way. */
    private static final String WARMUP_CAP = "6";
    private static final Set<String> LOAD_FIELDS = Set.of("cobro", "baseline", "ratio", "token_requests", "count",
            "concurrency", "provider", "method", "cpu_ratio", "cpu_ratio_without_jit");
    private static final Set<String> TIMINGS = Set.of("throughput_per_s", "p50_ms", "p95_ms", "p99_ms");
    private static final Set<String> FIGURES = Set.of("throughput_per_s", "p50_ms", "p95_ms", "p99_ms",
            "cpu_ms_per_op", "compiler_cpu_ms_per_op", "sandbox_cpu_ms_per_op", "database_cpu_ms_per_op", "jit_ms",
            "gc_ms");

    /** One bench command line, run in-process. */
    private record Run(BenchCommand.Outcome outcome, String out, String err) {

        int exitCode() {
            return outcome.exitCode();
        }

        JsonNode json() throws Exception {
            return CobroJson.mapper().readTree(out);
        }
    }

    private static Run bench(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        BenchCommand.Outcome outcome = BenchCommand.execute(args, env,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(outcome, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Map<String, String> envFor(TestDatabase.Handle db) {
        return Map.of("COBRO_DB_URL", db.jdbcUrl(), "COBRO_DB_USER", db.user(), "COBRO_DB_PASSWORD", db.password());
    }

    private static long count(TestDatabase.Handle db, String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void checkoutBenchPrintsItsFiguresAsJsonAndRecordsEveryPaymentItTimed() throws Exception {
        TestDatabase.Handle db = TestDatabase.freshDatabase();

        Run run = bench(envFor(db), "--provider", "88pay", "--count", Integer.toString(COUNT),
                "--concurrency", Integer.toString(CONCURRENCY), "--sandbox-latency-ms", "5", "--format", "json",
                "--warmup-max-windows", WARMUP_CAP);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        JsonNode json = run.json();
        LoadBench.Report report = run.outcome().loadReport();
        assertLoadShape(json, "88pay", report);
        assertThat(json.get("token_requests").asLong()).isGreaterThanOrEqualTo(1)
                .isEqualTo(report.sandboxCobroTokenRequests());
        // Cobro and the baseline each made every operation, their warm-up included, and every one got its checkout URL.
        long expected = 2L * (COUNT + json.get("method").get("warmup").get("operations_per_side").asLong());
        assertThat(count(db, "select count(*) from cobro.checkout_payment where status = 'AWAITING_CUSTOMER'"
                + " and checkout_url is not null")).isEqualTo(expected);
        assertThat(count(db, "select count(*) from cobro.provider_attempt where status = 'SUCCEEDED'"))
                .isEqualTo(expected);
        assertThat(count(db, "select count(*) from cobro.status_change")).isEqualTo(2 * expected);
        assertThat(report.cobroOutcomes()).containsExactly(Map.entry("AWAITING_CUSTOMER", (long) COUNT));
        assertTheBaselineWroteWhatCobroWrote(db, "checkout_payment");
        assertTheListenerGotEveryOneOfCobrosEvents(db, "checkout_payment", json);
    }

    @Test
    void authorizationBenchTimesApprovedCardsWithDistinctOperationNumbers() throws Exception {
        TestDatabase.Handle db = TestDatabase.freshDatabase();

        Run run = bench(envFor(db), "--provider", "payme", "--count", Integer.toString(COUNT),
                "--concurrency", Integer.toString(CONCURRENCY), "--warmup-max-windows", WARMUP_CAP);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        JsonNode json = run.json();
        LoadBench.Report report = run.outcome().loadReport();
        assertLoadShape(json, "payme", report);
        assertThat(json.get("token_requests").asLong()).isEqualTo(1).isEqualTo(report.sandboxCobroTokenRequests());
        long expected = 2L * (COUNT + json.get("method").get("warmup").get("operations_per_side").asLong());
        assertThat(count(db, "select count(*) from cobro.card_authorization where status = 'AUTHORIZED'"))
                .isEqualTo(expected);
        assertThat(count(db, "select count(distinct operation_number) from cobro.card_authorization"))
                .isEqualTo(expected);
        assertThat(count(db, "select count(*) from cobro.provider_attempt where status = 'SUCCEEDED'"))
                .isEqualTo(expected);
        assertThat(report.cobroOutcomes()).containsExactly(Map.entry("AUTHORIZED", (long) COUNT));
        assertTheBaselineWroteWhatCobroWrote(db, "card_authorization");
        assertTheListenerGotEveryOneOfCobrosEvents(db, "card_authorization", json);
    }

    /** Cobro ran as a host runs it: its dispatcher delivered every event Cobro wrote to the bench's listener. */
    private static void assertTheListenerGotEveryOneOfCobrosEvents(TestDatabase.Handle db, String table,
                                                                   JsonNode json) throws Exception {
        JsonNode host = json.get("method").get("cobro_host");
        assertThat(host.get("meter_registry").asText()).isEqualTo("SimpleMeterRegistry");
        assertThat(host.get("events_delivered").asLong()).isPositive().isEqualTo(count(db, "select count(*) from"
                + " cobro.outcome_event e join cobro." + table + " t on t.id = e.subject_id"
                + " where t.customer_id not like '%-baseline'"));
        assertThat(count(db, "select count(*) from cobro.outcome_event where delivered_at is null")).isZero();
    }

    /**
     * The baseline is the least that Cobro's work can cost only if it does all of that work: per
     * side, as many rows in every table, the same columns filled, the same status changes.
     */
    private static void assertTheBaselineWroteWhatCobroWrote(TestDatabase.Handle db, String table) throws Exception {
        String side = "(t.customer_id like '%-baseline')";
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put(table, "select " + side + " b, to_jsonb(t) j from cobro." + table + " t");
        rows.put("status_change", "select " + side + " b, to_jsonb(c) j from cobro.status_change c join cobro."
                + table + " t on t.id = c.subject_id");
        rows.put("provider_attempt", "select " + side + " b, to_jsonb(c) j from cobro.provider_attempt c join cobro."
                + table + " t on t.id = c.subject_id");
        rows.put("outcome_event", "select " + side + " b, to_jsonb(c) - 'id' j from cobro.outcome_event c join cobro."
                + table + " t on t.id = c.subject_id");
        if (table.equals("card_authorization")) {
            rows.put("card_authorization_field", "select " + side + " b, to_jsonb(c) j from"
                    + " cobro.card_authorization_field c join cobro.card_authorization t on t.id = c.authorization_id");
        }
        for (Map.Entry<String, String> each : rows.entrySet()) {
            Map<Boolean, String> bySide = bySide(db, "select b, count(*) || ' rows; filled: ' || coalesce((select"
                    + " string_agg(k, ',' order by k) from (select distinct e.k from (" + each.getValue() + ") y,"
                    + " jsonb_each(y.j) e(k, v) where y.b = x.b and v <> 'null'::jsonb) keys), '') from ("
                    + each.getValue() + ") x group by b");
            assertThat(bySide.get(true)).as(each.getKey() + ": baseline against Cobro").isEqualTo(bySide.get(false));
        }
        Map<Boolean, String> changes = bySide(db, "select " + side + ", string_agg(distinct c.position || ' '"
                + " || coalesce(c.from_status, '-') || '>' || c.to_status || ' ' || c.reason, '; ') from"
                + " cobro.status_change c join cobro." + table + " t on t.id = c.subject_id group by 1");
        assertThat(changes.get(true)).as("status changes: baseline against Cobro").isEqualTo(changes.get(false));
        assertThat(changes.get(false)).isNotBlank();
    }

    private static Map<Boolean, String> bySide(TestDatabase.Handle db, String sql) throws Exception {
        Map<Boolean, String> bySide = new HashMap<>();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                bySide.put(rs.getBoolean(1), rs.getString(2));
            }
        }
        return bySide;
    }

    @Test
    void tableFormatNamesBothSidesAndTheRatio() throws Exception {
        TestDatabase.Handle db = TestDatabase.freshDatabase();

        Run run = bench(envFor(db), "--provider", "payme", "--count", "10", "--concurrency", "2", "--format", "table",
                "--rounds", "3", "--warmup-max-windows", "4");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("cobro", "baseline", "ratio cobro/baseline (pooled throughput",
                "cpu ratio (baseline's CPU per operation over Cobro's", "JIT in the measured rounds: ",
                "token requests by Cobro: 1", "in 3 rounds alternating", "warm-up: ", "in its own JVM", "load average");
        assertThat(run.err()).contains("bench payme: 10 operations, 2 at a time");
    }

    @Test
    void historyBenchSeedsItsOwnDatabaseAndTimesEveryQuery() throws Exception {
        TestDatabase.Handle db = TestDatabase.freshDatabase();

        Run run = bench(envFor(db), "--history", "--rows", "10000");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        JsonNode json = run.json();
        assertThat(fieldNames(json)).containsExactlyInAnyOrder("rows", "queries");
        assertThat(json.get("rows").asLong()).isEqualTo(10_000);
        List<String> names = new ArrayList<>();
        for (JsonNode query : json.get("queries")) {
            assertThat(fieldNames(query)).containsExactlyInAnyOrder("name", "p50_ms", "p99_ms", "pages");
            assertThat(query.get("p50_ms").isNumber()).isTrue();
            assertThat(query.get("p99_ms").decimalValue()).isGreaterThanOrEqualTo(query.get("p50_ms").decimalValue());
            assertThat(query.get("pages").asInt()).isPositive();
            names.add(query.get("name").asText());
        }
        assertThat(names).containsExactly("unfiltered_first_page", "by_customer", "by_customer_and_status",
                "by_merchant_reference", "by_status", "by_rare_status", "by_three_statuses", "by_provider",
                "by_account", "by_provider_and_account", "by_kind", "by_kind_and_status", "by_currency",
                "by_amount_range", "by_time_range", "by_status_and_time_range", "every_filter",
                "deep_cursor_unfiltered", "deep_cursor_by_status", "deep_cursor_by_provider", "deep_cursor_by_account",
                "deep_cursor_by_amount_range");
        // The rows went to their own database, not into Cobro's.
        assertThat(count(db, "select count(*) from pg_database where datname = '" + HistoryBench.DATABASE + "'"))
                .isEqualTo(1);
        String historyUrl = db.jdbcUrl().replaceFirst("/" + db.name(), "/" + HistoryBench.DATABASE);
        try (Connection c = DriverManager.getConnection(historyUrl, db.user(), db.password());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select (select count(*) from cobro.provider_attempt),"
                     + " (select count(*) from cobro.transaction_history)")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(10_000);
            assertThat(rs.getLong(2)).isEqualTo(HistorySeeder.plan(10_000).transactions());
        }
    }

    @Test
    void badInputIsRefusedWithExitCode2BeforeAnythingRuns() {
        Map<String, String> env = Map.of("COBRO_DB_URL", "jdbc:postgresql://127.0.0.1:1/never_used");

        for (String[] args : List.of(
                new String[] {"--provider", "stripe", "--count", "10"},
                new String[] {"--provider", "88pay", "--count", "0"},
                new String[] {"--provider", "payme", "--concurrency", "0"},
                new String[] {"--provider", "payme", "--count", "ten"},
                new String[] {"--provider", "payme", "--format", "xml"},
                new String[] {"--count", "10"},
                new String[] {"--provider", "payme", "--rounds", "0"},
                new String[] {"--provider", "payme", "--warmup-max-windows", "0"},
                new String[] {"--history"},
                new String[] {"--history", "--rows", "0"})) {
            Run run = bench(env, args);

            assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(run.err()).as(String.join(" ", args)).contains("error:");
            assertThat(run.out()).isEmpty();
        }
    }

    @Test
    void aBadDatabaseSettingIsConfigurationAndAnUnreachableDatabaseIsInfrastructure() throws Exception {
        Run misconfigured = bench(Map.of("COBRO_DB_URL", "mysql://localhost/cobro"), "--provider", "payme",
                "--count", "5");
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Run unreachable = bench(Map.of("COBRO_DB_URL", "jdbc:postgresql://127.0.0.1:" + closedPort + "/cobro"),
                "--provider", "payme", "--count", "5");

        assertThat(misconfigured.exitCode()).isEqualTo(ExitCodes.CONFIGURATION);
        assertThat(misconfigured.err()).contains("COBRO_DB_URL");
        assertThat(unreachable.exitCode()).as(unreachable.err()).isEqualTo(ExitCodes.INFRASTRUCTURE);
        assertThat(unreachable.out()).isEmpty();
    }

    private static void assertLoadShape(JsonNode json, String provider, LoadBench.Report report) {
        assertThat(fieldNames(json)).containsExactlyInAnyOrderElementsOf(LOAD_FIELDS);
        for (String side : List.of("cobro", "baseline")) {
            assertThat(fieldNames(json.get(side))).containsExactlyInAnyOrderElementsOf(FIGURES);
            assertThat(json.get(side).get("cpu_ms_per_op").doubleValue()).as(side + " cpu").isPositive();
            // The sandbox runs in its own JVM, so its CPU is metered; the database's when it runs here.
            assertThat(json.get(side).get("sandbox_cpu_ms_per_op").isNumber()).as(side + " sandbox cpu").isTrue();
            // The JIT compiler threads are found by name in /proc/self/task on Linux; their CPU is part of the JVM's.
            assertThat(json.get(side).get("compiler_cpu_ms_per_op").doubleValue()).as(side + " compiler cpu")
                    .isNotNegative().isLessThanOrEqualTo(json.get(side).get("cpu_ms_per_op").doubleValue());
            assertThat(json.get(side).get("database_cpu_ms_per_op").isNumber()
                    || json.get(side).get("database_cpu_ms_per_op").isNull()).isTrue();
            assertThat(json.get(side).get("jit_ms").isIntegralNumber()).isTrue();
            assertThat(json.get(side).get("gc_ms").isIntegralNumber()).isTrue();
            for (String figure : TIMINGS) {
                assertThat(json.get(side).get(figure).isNumber()).as(side + "." + figure).isTrue();
                assertThat(json.get(side).get(figure).doubleValue()).as(side + "." + figure).isPositive();
            }
            assertThat(json.get(side).get("p99_ms").doubleValue())
                    .isGreaterThanOrEqualTo(json.get(side).get("p50_ms").doubleValue());
        }
        assertThat(json.get("ratio").isNumber()).isTrue();
        assertThat(json.get("ratio").doubleValue()).isPositive();
        assertThat(json.get("token_requests").isIntegralNumber()).isTrue();
        assertThat(json.get("count").isInt()).isTrue();
        assertThat(json.get("count").asInt()).isEqualTo(COUNT);
        assertThat(json.get("concurrency").isInt()).isTrue();
        assertThat(json.get("concurrency").asInt()).isEqualTo(CONCURRENCY);
        assertThat(json.get("provider").asText()).isEqualTo(provider);
        assertMethod(json, report);
    }

    /**
     * The report says how it measured: rounds that alternate, the pooled ratios and the median of the
     * rounds', the JIT over the measured rounds, the warm-up's rule, the sandbox.
     */
    private static void assertMethod(JsonNode json, LoadBench.Report report) {
        JsonNode method = json.get("method");
        assertThat(fieldNames(method)).containsExactlyInAnyOrder("order", "warmup", "rounds", "provider", "machine",
                "median_round_ratio", "cobro_host", "jit");
        JsonNode rounds = method.get("rounds");
        assertThat(rounds.size()).isEqualTo(LoadBench.DEFAULT_ROUNDS);
        List<Double> ratios = new ArrayList<>();
        int operations = 0;
        for (int r = 0; r < rounds.size(); r++) {
            JsonNode round = rounds.get(r);
            assertThat(fieldNames(round)).containsExactlyInAnyOrder("round", "first", "operations", "cobro_per_s",
                    "baseline_per_s", "ratio", "cpu_ratio");
            assertThat(round.get("cpu_ratio").doubleValue()).isPositive();
            assertThat(round.get("round").asInt()).isEqualTo(r + 1);
            assertThat(round.get("first").asText()).isEqualTo(r % 2 == 0 ? "cobro" : "baseline");
            assertThat(round.get("cobro_per_s").doubleValue()).isPositive();
            assertThat(round.get("baseline_per_s").doubleValue()).isPositive();
            ratios.add(round.get("ratio").doubleValue());
            operations += round.get("operations").asInt();
        }
        assertThat(operations).isEqualTo(json.get("count").asInt());
        double median = LoadBench.median(ratios.stream().mapToDouble(Double::doubleValue).toArray());
        assertThat(method.get("median_round_ratio").doubleValue()).isCloseTo(median, offset(0.0011));
        // Pooled: each side's measured operations over its measured time, and its CPU over its operations.
        long cobroNanos = 0;
        long baselineNanos = 0;
        long cobroCpu = 0;
        long baselineCpu = 0;
        for (LoadBench.Round round : report.rounds()) {
            cobroNanos += round.cobro().latencies().wallNanos();
            baselineNanos += round.baseline().latencies().wallNanos();
            cobroCpu += round.cobro().usage().benchCpuNanos() + Math.max(0, round.cobro().usage().databaseCpuNanos());
            baselineCpu += round.baseline().usage().benchCpuNanos()
                    + Math.max(0, round.baseline().usage().databaseCpuNanos());
        }
        int count = json.get("count").asInt();
        assertThat(json.get("ratio").doubleValue()).isCloseTo((double) baselineNanos / cobroNanos, offset(0.0011));
        if (json.get("cobro").get("database_cpu_ms_per_op").isNumber()) {
            assertThat(json.get("cpu_ratio").doubleValue()).isPositive()
                    .isCloseTo((double) baselineCpu / cobroCpu, offset(0.0011));
        }
        assertThat(count).isEqualTo(report.cobro().count()).isEqualTo(report.baseline().count());

        JsonNode jit = method.get("jit");
        assertThat(fieldNames(jit)).containsExactlyInAnyOrder("warmup_ms", "measured_ms", "measured_share",
                "quiet_share", "busy");
        assertThat(jit.get("measured_ms").asLong())
                .isEqualTo(json.get("cobro").get("jit_ms").asLong() + json.get("baseline").get("jit_ms").asLong());
        assertThat(jit.get("measured_share").doubleValue()).isCloseTo(report.measuredJitShare(), offset(0.0001));
        assertThat(jit.get("busy").asBoolean()).isEqualTo(report.jitBusy())
                .isEqualTo(report.measuredJitShare() >= LoadBench.JIT_QUIET_SHARE);

        JsonNode warmup = method.get("warmup");
        assertThat(fieldNames(warmup)).containsExactlyInAnyOrder("window_operations", "windows",
                "operations_per_side", "min_windows", "max_windows", "tolerance", "stable", "last_change",
                "cobro_per_s", "baseline_per_s", "jit_quiet_share", "jit_quiet_pairs", "jit_share",
                "token_renewal_required", "token_renewed");
        // 88Pay's tokens expire within a run: a stable warm-up has seen each side renew its token.
        assertThat(warmup.get("token_renewal_required").asBoolean())
                .isEqualTo("88pay".equals(json.get("provider").asText()));
        int windows = warmup.get("windows").asInt();
        assertThat(windows).isBetween(warmup.get("min_windows").asInt(), warmup.get("max_windows").asInt());
        assertThat(warmup.get("max_windows").asInt()).isEqualTo(Integer.parseInt(WARMUP_CAP));
        assertThat(warmup.get("operations_per_side").asInt())
                .isEqualTo(windows * warmup.get("window_operations").asInt());
        assertThat(warmup.get("cobro_per_s").size()).isEqualTo(windows);
        assertThat(warmup.get("baseline_per_s").size()).isEqualTo(windows);
        assertThat(warmup.get("jit_share").size()).isEqualTo(windows);
        double tolerance = warmup.get("tolerance").doubleValue();
        if (warmup.get("stable").asBoolean()) {
            if (warmup.get("token_renewal_required").asBoolean()) {
                assertThat(warmup.get("token_renewed").asBoolean()).isTrue();
            }
            assertThat(warmup.get("last_change").get("cobro").doubleValue()).isLessThan(tolerance);
            assertThat(warmup.get("last_change").get("baseline").doubleValue()).isLessThan(tolerance);
            int pairs = warmup.get("jit_quiet_pairs").asInt();
            assertThat(windows).isGreaterThanOrEqualTo(pairs);
            for (int w = windows - pairs; w < windows; w++) {
                assertThat(warmup.get("jit_share").get(w).doubleValue())
                        .isLessThan(warmup.get("jit_quiet_share").doubleValue());
            }
        } else {
            assertThat(windows).isEqualTo(warmup.get("max_windows").asInt());
        }

        JsonNode provider = method.get("provider");
        assertThat(provider.get("where").asText()).isEqualTo("sandbox_own_jvm");
        long pid = provider.get("pid").asLong();
        assertThat(pid).isNotEqualTo(ProcessHandle.current().pid());
        // The sandbox's JVM ends with the bench: none is left behind.
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(method.get("machine").get("processors").asInt()).isPositive();
        // A HotSpot JVM (the build's) lets the bench keep its heap's size; it gives the flag back after.
        assertThat(method.get("machine").get("heap_held").asBoolean()).isTrue();
        assertThat(heapFreeRatio()).isEqualTo(HEAP_FREE_RATIO_BEFORE);
    }

    private static String heapFreeRatio() {
        return ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                .getVMOption(HeapHold.FLAG).getValue();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
