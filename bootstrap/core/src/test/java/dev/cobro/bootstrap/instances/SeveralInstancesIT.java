package dev.cobro.bootstrap.instances;

import dev.cobro.bootstrap.faults.Await;
import dev.cobro.adapters.http.payme.PaymeSettings;
import dev.cobro.adapters.http.support.HttpTimeouts;
import dev.cobro.application.port.in.AuthorizationResult;
import dev.cobro.bootstrap.Cobro;
import dev.cobro.db.CobroMigrations;
import dev.cobro.db.testing.TestDatabase;
import dev.cobro.domain.authorization.AuthorizationStatus;
import dev.cobro.testkit.ProviderSandbox;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.cobro.application.fakes.CardAuthorizationBuilder.aCardAuthorization;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * ARCHITECTURE.md, "Several instances, one database", with real processes: four JVMs, each its own Cobro
 * on one PostgreSQL database, against one provider sandbox (88Pay: 60 s tokens, 10 token requests a
 * minute; Pay-me: counts DELETEs).
 * <ol>
 *   <li>For two minutes of real time each takes a checkout every half second. Token age is measured
 *       by the database clock, so the time is real: together they ask 88Pay for at most
 *       ceil(T / 50 s) + 1 tokens, and every checkout is AWAITING_CUSTOMER (no 429 refused one).</li>
 *   <li>Then all four run the resolver at once over 20 UNKNOWN authorizations: exactly 20 DELETEs reach
 *       Pay-me, no attempt is left REQUESTED, and every run finishes.</li>
 * </ol>
 */
class SeveralInstancesIT {

    private static final int INSTANCES = 4;
    private static final Duration CHECKOUT_FOR = Duration.ofMinutes(2);
    private static final int UNKNOWN_AUTHORIZATIONS = 20;

    @Test
    void fourProcessesShareOneTokenAndResolveEachUnknownAuthorizationOnce() throws Exception {
        TestDatabase.Handle db = TestDatabase.freshDatabase();
        CobroMigrations.migrate(db.dataSource());
        Path dir = Files.createTempDirectory("cobro-instances");
        Path goResolve = dir.resolve("go-resolve");
        try (ProviderSandbox sandbox = ProviderSandbox.builder().port(0).threads(64)
                .noAnswerHold(Duration.ofSeconds(30)).start()) {
            List<Process> processes = new ArrayList<>();
            List<Path> outputs = new ArrayList<>();
            try {
                for (int i = 1; i <= INSTANCES; i++) {
                    Path output = dir.resolve("instance-" + i + ".log");
                    outputs.add(output);
                    processes.add(start(i, db, sandbox, goResolve, output));
                }
                for (Path output : outputs) {
                    // A bound for a loaded machine (a JVM may take a minute to start there), not the expected time.
                    awaitLine(output, "CHECKOUTS ", CHECKOUT_FOR.plusMinutes(3));
                }

                // Phase 1: one token per 50 s for the whole group, every checkout awaiting its customer.
                long first = outputs.stream().mapToLong(o -> number(o, "FIRST ")).min().orElseThrow();
                long last = outputs.stream().mapToLong(o -> number(o, "LAST ")).max().orElseThrow();
                double seconds = (last - first) / 1000.0;
                long allowed = (long) Math.ceil(seconds / 50.0) + 1;
                long tokens = sandbox.tokenRequests88Pay();
                long checkouts = sandbox.charges88Pay();
                System.out.printf("several instances: %d processes, %.1f s, %d checkouts, %d token requests"
                        + " (allowed %d)%n", INSTANCES, seconds, checkouts, tokens, allowed);
                // Each instance checks out until CHECKOUT_FOR has passed on its own clock, so its last checkout
                // lands up to one pace (plus one checkout) before that: the span is only bounded from below by
                // what the test needs, more than two token renewals (50 s each) inside it.
                assertThat(seconds).as("checkouts span more than two token renewals").isGreaterThan(100.0);
                assertThat(tokens).isLessThanOrEqualTo(allowed);
                for (Path output : outputs) {
                    assertThat(read(output)).as(output.getFileName().toString())
                            .doesNotContain("NOT_AWAITING").doesNotContain("Exception").contains("CHECKOUTS ");
                }
                assertThat(rows(db, "select status, count(*) from cobro.checkout_payment group by status"))
                        .containsOnlyKeys("AWAITING_CUSTOMER");
                assertThat(Long.parseLong(rows(db, "select status, count(*) from cobro.checkout_payment"
                        + " group by status").get("AWAITING_CUSTOMER"))).isEqualTo(checkouts);

                // Phase 2: 20 UNKNOWN authorizations, then every instance resolves at once.
                makeUnknownAuthorizations(db, sandbox);
                long deletesBefore = sandbox.paymeReversals();
                Files.createFile(goResolve);
                for (Process process : processes) {
                    // A bound for a loaded machine, not the expected time.
                    assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("every run finishes").isTrue();
                    assertThat(process.exitValue()).isZero();
                }

                assertThat(sandbox.paymeReversals() - deletesBefore).isEqualTo(UNKNOWN_AUTHORIZATIONS);
                assertThat(rows(db, "select status, count(*) from cobro.provider_attempt group by status"))
                        .doesNotContainKey("REQUESTED");
                assertThat(rows(db, "select status, count(*) from cobro.card_authorization group by status"))
                        .containsOnlyKeys("REVERSED")
                        .containsEntry("REVERSED", String.valueOf(UNKNOWN_AUTHORIZATIONS));
                int changes = 0;
                for (Path output : outputs) {
                    String resolved = lineStarting(output, "RESOLVED ");
                    changes += Integer.parseInt(resolved.split(" ")[1]);
                    assertThat(read(output)).contains("EXIT");
                }
                assertThat(changes).isEqualTo(UNKNOWN_AUTHORIZATIONS);
            } finally {
                for (Process process : processes) {
                    process.destroyForcibly();
                }
                for (Path output : outputs) {
                    Files.deleteIfExists(output);
                }
                Files.deleteIfExists(goResolve);
                Files.deleteIfExists(dir);
            }
        }
    }

    /** Authorizations of the sandbox's no-answer card, with a read timeout shorter than its hold. */
    private static void makeUnknownAuthorizations(TestDatabase.Handle db, ProviderSandbox sandbox) throws Exception {
        try (Cobro cobro = Cobro.builder()
                .dataSource(db.dataSource())
                .runMigrations(false)
                .operationNumbers(700_000_000L, 700_999_999L)
                .payme(PaymeSettings.defaults(sandbox.paymeAuthUrl(), sandbox.paymeApiUrl(),
                                ProviderSandbox.DEFAULT_PAYME_CLIENT_ID, ProviderSandbox.DEFAULT_PAYME_CLIENT_SECRET)
                        .withTimeouts(new HttpTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10))))
                .build()) {
            ExecutorService threads = Executors.newFixedThreadPool(UNKNOWN_AUTHORIZATIONS);
            try {
                List<Future<AuthorizationResult>> results = new ArrayList<>();
                for (int i = 0; i < UNKNOWN_AUTHORIZATIONS; i++) {
                    results.add(threads.submit(() -> cobro.cardAuthorizations().authorize(aCardAuthorization()
                            .withCard(ProviderSandbox.CARD_NO_ANSWER, "1234", "123").build())));
                }
                for (Future<AuthorizationResult> result : results) {
                    assertThat(result.get(1, TimeUnit.MINUTES).authorization().status())
                            .isEqualTo(AuthorizationStatus.UNKNOWN);
                    assertThat(result.get().authorization().operationNumber().value()).startsWith("700");
                }
            } finally {
                threads.shutdownNow();
            }
        }
    }

    private static Process start(int instance, TestDatabase.Handle db, ProviderSandbox sandbox, Path goResolve,
                                 Path output) throws IOException {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), InstanceMain.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        Map<String, String> env = builder.environment();
        env.put(InstanceMain.JDBC_URL, db.jdbcUrl());
        env.put(InstanceMain.JDBC_USER, db.user());
        env.put(InstanceMain.JDBC_PASSWORD, db.password());
        env.put(InstanceMain.EIGHTY_EIGHT_PAY_URL, sandbox.eightyEightPayBaseUrl());
        env.put(InstanceMain.PAYME_AUTH_URL, sandbox.paymeAuthUrl());
        env.put(InstanceMain.PAYME_API_URL, sandbox.paymeApiUrl());
        env.put(InstanceMain.INSTANCE, String.valueOf(instance));
        env.put(InstanceMain.CHECKOUT_FOR_MS, String.valueOf(CHECKOUT_FOR.toMillis()));
        env.put(InstanceMain.GO_RESOLVE, goResolve.toString());
        return builder.start();
    }

    /** Waits for a line the child prints once it has got there (a condition, not a guess at time). */
    private static void awaitLine(Path output, String prefix, Duration atMost) {
        Await.until("a '" + prefix + "' line in " + output, atMost, () -> lineOrNull(output, prefix) != null);
    }

    private static long number(Path output, String prefix) {
        return Long.parseLong(lineStarting(output, prefix).substring(prefix.length()).trim());
    }

    private static String lineStarting(Path output, String prefix) {
        String line = lineOrNull(output, prefix);
        if (line == null) {
            throw new AssertionError("no '" + prefix + "' line:\n" + read(output));
        }
        return line;
    }

    private static String lineOrNull(Path output, String prefix) {
        return read(output).lines().filter(l -> l.startsWith(prefix)).findFirst().orElse(null);
    }

    private static String read(Path output) {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "";
        }
    }

    private static Map<String, String> rows(TestDatabase.Handle db, String sql) throws Exception {
        Map<String, String> rows = new LinkedHashMap<>();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getString(2));
            }
        }
        return rows;
    }
}
