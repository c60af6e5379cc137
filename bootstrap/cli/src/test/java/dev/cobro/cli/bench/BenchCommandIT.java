package dev.cobro.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cobro.adapters.http.support.CobroJson;
import dev.cobro.cli.ExitCodes;
import dev.cobro.db.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bench on small sizes against a real PostgreSQL and the provider sandbox: its JSON is the
 * contract, its counts add up with what is in the database, and bad input is refused up front.
 * Figures are printed, never asserted: performance is measured by the bench, not by tests.
 */
class BenchCommandIT {

    private static final int COUNT = 40;
    private static final int CONCURRENCY = 4;
    private static final Set<String> LOAD_FIELDS = Set.of("cobro", "baseline", "ratio", "token_requests", "count",
            "concurrency", "provider");
    private static final Set<String> FIGURES = Set.of("throughput_per_s", "p50_ms", "p95_ms", "p99_ms");

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
                "--concurrency", Integer.toString(CONCURRENCY), "--sandbox-latency-ms", "5", "--format", "json");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        JsonNode json = run.json();
        assertLoadShape(json, "88pay");
        LoadBench.Report report = run.outcome().loadReport();
        assertThat(json.get("token_requests").asLong()).isGreaterThanOrEqualTo(1)
                .isEqualTo(report.sandboxCobroTokenRequests());
        // Cobro and the baseline each made every operation, their warm-up included, and every one got its checkout URL.
        long expected = 2L * (COUNT + LoadBench.warmup(COUNT, CONCURRENCY));
        assertThat(count(db, "select count(*) from cobro.checkout_payment where status = 'AWAITING_CUSTOMER'"
                + " and checkout_url is not null")).isEqualTo(expected);
        assertThat(count(db, "select count(*) from cobro.provider_attempt where status = 'SUCCEEDED'"))
                .isEqualTo(expected);
        assertThat(count(db, "select count(*) from cobro.status_change")).isEqualTo(2 * expected);
        assertThat(report.cobroOutcomes()).containsExactly(Map.entry("AWAITING_CUSTOMER", (long) COUNT));
    }

    @Test
    void authorizationBenchTimesApprovedCardsWithDistinctOperationNumbers() throws Exception {
        TestDatabase.Handle db = TestDatabase.freshDatabase();

        Run run = bench(envFor(db), "--provider", "payme", "--count", Integer.toString(COUNT),
                "--concurrency", Integer.toString(CONCURRENCY));

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        JsonNode json = run.json();
        assertLoadShape(json, "payme");
        LoadBench.Report report = run.outcome().loadReport();
        assertThat(json.get("token_requests").asLong()).isEqualTo(1).isEqualTo(report.sandboxCobroTokenRequests());
        long expected = 2L * (COUNT + LoadBench.warmup(COUNT, CONCURRENCY));
        assertThat(count(db, "select count(*) from cobro.card_authorization where status = 'AUTHORIZED'"))
                .isEqualTo(expected);
        assertThat(count(db, "select count(distinct operation_number) from cobro.card_authorization"))
                .isEqualTo(expected);
        assertThat(count(db, "select count(*) from cobro.provider_attempt where status = 'SUCCEEDED'"))
                .isEqualTo(expected);
    }

    @Test
    void tableFormatNamesBothSidesAndTheRatio() throws Exception {
        TestDatabase.Handle db = TestDatabase.freshDatabase();

        Run run = bench(envFor(db), "--provider", "payme", "--count", "10", "--concurrency", "2", "--format", "table");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("cobro", "baseline", "ratio cobro/baseline", "token requests by Cobro: 1");
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
        assertThat(names).containsExactly("by_customer", "by_status_and_time_range", "by_merchant_reference",
                "unfiltered_first_page", "deep_cursor_unfiltered", "deep_cursor_by_status");
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

    private static void assertLoadShape(JsonNode json, String provider) {
        assertThat(fieldNames(json)).containsExactlyInAnyOrderElementsOf(LOAD_FIELDS);
        for (String side : List.of("cobro", "baseline")) {
            assertThat(fieldNames(json.get(side))).containsExactlyInAnyOrderElementsOf(FIGURES);
            for (String figure : FIGURES) {
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
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
