package dev.cobro.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code bin/cobro} asks of the JVM, seen through a stand-in {@code java} (COBRO_JAVA) that
 * writes down its arguments and, asked to record an archive, writes one: the class training runs
 * once per jar and before a command that opens the database only, and every later command maps the
 * archive with the one-shot flags. {@code LauncherIT} runs the real JVM.
 */
class LauncherTest {

    @TempDir
    Path dir;

    private Path jar;
    private Path home;
    private Path calls;
    private Path fakeJava;

    @BeforeEach
    void fakeJavaAndJar() throws IOException {
        jar = Files.writeString(dir.resolve("cobro.jar"), "not really a jar");
        home = dir.resolve("home");
        calls = dir.resolve("calls.txt");
        fakeJava = dir.resolve("java");
        Files.writeString(fakeJava, """
                #!/bin/sh
                echo "$*" >> "$FAKE_CALLS"
                for arg in "$@"; do
                  case "$arg" in
                    -XX:ArchiveClassesAtExit=*)
                      [ -n "$FAKE_TRAINING_FAILS" ] && exit 5
                      echo archive > "${arg#-XX:ArchiveClassesAtExit=}" ;;
                  esac
                done
                exit 0
                """);
        Files.setPosixFilePermissions(fakeJava, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void theFirstCommandThatOpensTheDatabaseRecordsTheArchiveByTrainingThenEveryCommandMapsIt() throws Exception {
        Launch first = launch(Map.of(), "history", "--limit", "5");
        Launch second = launch(Map.of(), "events", "--limit", "1");

        assertThat(first.exitCode).isZero();
        assertThat(first.err).contains("recording the classes of its commands");
        List<String> firstCalls = first.calls;
        assertThat(firstCalls).hasSize(2);
        String archive = archiveIn(home.resolve("cds"));
        assertThat(firstCalls.get(0))
                .startsWith("-XX:ArchiveClassesAtExit=" + archive + ".")
                .contains("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
                .endsWith("-jar " + jar + " class-training");
        assertThat(firstCalls.get(1))
                .contains("-XX:SharedArchiveFile=" + archive, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                        "-XX:-UsePerfData")
                .endsWith("-jar " + jar + " history --limit 5");
        assertThat(second.err).isEmpty();
        assertThat(second.calls).singleElement().asString()
                .contains("-XX:SharedArchiveFile=" + archive, "-XX:TieredStopAtLevel=1")
                .endsWith("-jar " + jar + " events --limit 1");
        assertThat(home.resolve("cds").toFile().list()).as("no partial archive left")
                .containsExactly(Path.of(archive).getFileName().toString());
    }

    @Test
    void commandsThatNeedNoDatabaseDoNotWaitForTheTraining() throws Exception {
        List<List<String>> commands = List.of(List.of("--help"), List.of("sandbox", "--port", "0"),
                List.of("events", "--help"), List.of("bench", "--count", "1"), List.<String>of());
        for (List<String> args : commands) {
            Launch launch = launch(Map.of(), args.toArray(String[]::new));

            assertThat(launch.calls).as(args.toString()).singleElement().asString()
                    .doesNotContain("ArchiveClassesAtExit", "SharedArchiveFile")
                    .endsWith(("-jar " + jar + " " + String.join(" ", args)).strip());
            assertThat(launch.err).as(args.toString()).isEmpty();
        }
        assertThat(home.resolve("cds")).doesNotExist();
    }

    @Test
    void sandboxBenchAndDemoKeepTheOptimizingCompiler() throws Exception {
        launch(Map.of(), "migrate");
        for (String command : List.of("sandbox", "bench", "demo")) {
            Launch launch = launch(Map.of(), command);

            assertThat(launch.calls).as(command).singleElement().asString()
                    .contains("-XX:SharedArchiveFile=")
                    .doesNotContain("TieredStopAtLevel", "UseSerialGC");
        }
    }

    @Test
    void aTrainingThatFailsLeavesNoArchiveSaysSoAndTheCommandStillRuns() throws Exception {
        Launch launch = launch(Map.of("FAKE_TRAINING_FAILS", "yes"), "health");

        assertThat(launch.exitCode).isZero();
        assertThat(launch.err).contains("the recording did not complete", "the next one tries again");
        assertThat(launch.calls).hasSize(2);
        assertThat(launch.calls.get(1)).doesNotContain("SharedArchiveFile").endsWith("-jar " + jar + " health");
        assertThat(home.resolve("cds").toFile().list()).isEmpty();
    }

    @Test
    void javaOptsReachTheJvm() throws Exception {
        Launch launch = launch(Map.of("JAVA_OPTS", "-Xmx300m"), "--version");

        assertThat(launch.calls).singleElement().asString().contains("-Xmx300m");
    }

    private static String archiveIn(Path cds) throws IOException {
        try (var files = Files.list(cds)) {
            List<Path> archives = files.filter(f -> f.getFileName().toString().endsWith(".jsa")).toList();
            assertThat(archives).hasSize(1);
            return archives.get(0).toString();
        }
    }

    private Launch launch(Map<String, String> extra, String... args) throws Exception {
        Files.deleteIfExists(calls);
        List<String> command = new ArrayList<>(List.of("/bin/sh", launcher().toString()));
        command.addAll(List.of(args));
        Path err = dir.resolve("err.txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(err.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("COBRO_") || key.equals("JAVA_OPTS"));
        env.put("COBRO_JAVA", fakeJava.toString());
        env.put("COBRO_JAR", jar.toString());
        env.put("COBRO_HOME", home.toString());
        env.put("FAKE_CALLS", calls.toString());
        env.putAll(extra);
        Process process = builder.start();
        assertThat(process.waitFor(1, TimeUnit.MINUTES)).as("the launcher finished").isTrue();
        List<String> made = Files.exists(calls) ? Files.readAllLines(calls) : List.of();
        return new Launch(process.exitValue(), made, Files.readString(err));
    }

    /** bin/cobro of this module, whether Maven runs from the module or from the top level. */
    static Path launcher() {
        List<Path> candidates = List.of(
                Path.of(System.getProperty("basedir", "."), "bin", "cobro"),
                Path.of("bin", "cobro"),
                Path.of("bootstrap", "cli", "bin", "cobro"));
        return candidates.stream().filter(Files::isRegularFile).findFirst()
                .orElseThrow(() -> new AssertionError("no launcher in " + candidates)).toAbsolutePath();
    }

    private record Launch(int exitCode, List<String> calls, String err) {
    }
}
