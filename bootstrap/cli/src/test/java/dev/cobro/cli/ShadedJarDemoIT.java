package dev.cobro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cobro.testkit.ProviderSandbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code java -jar bootstrap/cli/target/cobro.jar demo} as a user runs it: its own process, no
 * COBRO_DB_URL, so the embedded PostgreSQL in COBRO_HOME; then {@code history} in another process
 * on the same home. Failsafe runs it after the package phase has built the jar.
 */
class ShadedJarDemoIT {

    private static final long TIMEOUT_MINUTES = 5;
    private static final AtomicInteger RUNS = new AtomicInteger();

    @TempDir
    Path home;

    @TempDir
    Path logs;

    @Test
    void theJarRunsTheDemoOnTheEmbeddedDatabaseAndHistoryShowsItAfterwards() throws Exception {
        Path jar = shadedJar();

        Run demo = run(jar, "demo");
        Run history = run(jar, "history", "--format", "json");

        assertThat(demo.exitCode).as(demo.toString()).isZero();
        assertThat(demo.out).contains("SUCCEEDED", "AUTHORIZED", "DECLINED", "REVERSED", "(embedded)");
        assertThat(history.exitCode).as(history.toString()).isZero();
        JsonNode page = new ObjectMapper().readTree(history.out);
        List<String> statuses = new ArrayList<>();
        page.get("items").forEach(item -> statuses.add(item.get("status").asText()));
        assertThat(statuses).containsExactlyInAnyOrder("SUCCEEDED", "AUTHORIZED", "DECLINED", "REVERSED",
                "PARTIALLY_REFUNDED", "AWAITING_CUSTOMER");
        assertThat(page.get("next_cursor").isNull()).isTrue();
        for (Run run : List.of(demo, history)) {
            assertThat(run.err).as("no stack trace without --verbose").doesNotContainPattern("(?m)^\\s+at [\\w.$]+\\(");
        }
        // Slow first-time work is said as it happens, once: the demo extracts PostgreSQL and migrates.
        assertThat(demo.err).contains("extracting and initializing the embedded PostgreSQL", "migrating the database");
        assertThat(history.err).doesNotContain("extracting", "migrating");
    }

    /**
     * The README's session's first commands as a reader runs them, each its own process, with the README's
     * environment: no warning or error on stderr, and the second run of the same file says it is a replay.
     */
    @Test
    void theReadmesCheckoutRunTwiceWarnsOfNothingAndTheSecondSaysItIsAReplay() throws Exception {
        Path jar = shadedJar();
        Path checkout = Path.of(System.getProperty("basedir", "."), "examples", "checkout.json");
        try (ProviderSandbox sandbox = ProviderSandbox.builder().port(0).start()) {
            Map<String, String> env = new HashMap<>();
            ExamplesIT.readmeExports().forEach((name, value) -> env.put(name,
                    value.replace("http://127.0.0.1:8088", sandbox.baseUrl())));

            Run first = run(jar, env, "checkout", "--request-file", checkout.toString());
            Run again = run(jar, env, "checkout", "--request-file", checkout.toString());

            assertThat(first.exitCode).as(first.toString()).isZero();
            assertThat(again.exitCode).as(again.toString()).isZero();
            assertThat(first.err).as(first.toString()).doesNotContain("WARN", "ERROR");
            assertThat(again.err).as(again.toString()).doesNotContain("WARN", "ERROR")
                    .contains("was sent before with this request");
            assertThat(new ObjectMapper().readTree(again.out).get("replayed").asBoolean()).isTrue();
        }
    }

    /** target/cobro.jar of this module, whether Maven runs from the module or from the top level. */
    private static Path shadedJar() {
        List<Path> candidates = List.of(
                Path.of(System.getProperty("basedir", "."), "target", "cobro.jar"),
                Path.of("target", "cobro.jar"),
                Path.of("bootstrap", "cli", "target", "cobro.jar"));
        return candidates.stream().filter(Files::isRegularFile).findFirst()
                .orElseThrow(() -> new AssertionError("no shaded jar in " + candidates
                        + ": run 'mvn -pl bootstrap/cli -am verify', whose package phase builds it"));
    }

    private Run run(Path jar, String... args) throws IOException, InterruptedException {
        return run(jar, Map.of(), args);
    }

    private Run run(Path jar, Map<String, String> variables, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        String name = String.join("-", args).replaceAll("[^a-z-]", "") + "-" + RUNS.incrementAndGet();
        Path out = logs.resolve(name + ".out");
        Path err = logs.resolve(name + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("COBRO_"));
        env.putAll(variables);
        env.put("COBRO_HOME", home.toString());
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", args) + " did not finish in " + TIMEOUT_MINUTES + " minutes:\n"
                    + Files.readString(err));
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
