package dev.cobro.cli;

import dev.cobro.db.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/cobro} with the real JVM and jar: whatever command comes first (here {@code history},
 * which starts no Hibernate), the archive it records serves the commands that build Cobro whole,
 * Hibernate's and Flyway's classes included; {@code health} answers without starting Hibernate.
 * Failsafe runs it after the package phase built the jar.
 */
class LauncherIT {

    private static final long TIMEOUT_MINUTES = 5;

    @TempDir
    Path dir;

    @Test
    void afterAFirstHistoryTheCommandsThatBuildCobroWholeLoadTheirClassesFromTheArchive() throws Exception {
        Map<String, String> env = CliEnvironment.databaseOnly(TestDatabase.freshDatabase());

        Launch first = launch(env, List.of(), "history", "--limit", "1");
        Path classes = dir.resolve("classes.txt");
        Launch events = launch(env, List.of("-Xlog:class+load:file=" + classes), "events", "--limit", "1");

        assertThat(first.exitCode).as(first.err).isZero();
        assertThat(events.exitCode).as(events.err).isZero();
        List<String> loaded = Files.readAllLines(classes);
        for (String name : List.of("dev.cobro.cli.EventsCommand", "org.hibernate.internal.SessionFactoryImpl",
                "dev.cobro.db.CobroMigrations", "com.zaxxer.hikari.HikariDataSource")) {
            assertThat(loaded).as(name).anyMatch(line -> line.contains(" " + name + " source: shared objects file"));
        }
        assertThat(first.err).contains("recording the classes of its commands").doesNotContain("did not complete");
        assertThat(events.err).doesNotContain("recording");
    }

    @Test
    void healthAnswersWithoutStartingHibernate() throws Exception {
        Map<String, String> env = CliEnvironment.databaseOnly(TestDatabase.freshDatabase());
        Path classes = dir.resolve("classes.txt");

        Launch health = launch(env, List.of("-Xlog:class+load:file=" + classes), "health");

        // No provider is configured here: unhealthy (5), yet every check of the database answered.
        assertThat(health.exitCode).as(health.err).isEqualTo(ExitCodes.INFRASTRUCTURE);
        assertThat(health.out).contains("\"database_reachable\" : true", "\"migrated\" : true",
                "no provider is configured");
        List<String> loaded = Files.readAllLines(classes);
        assertThat(loaded).anyMatch(line -> line.contains(" dev.cobro.cli.HealthCommand "));
        assertThat(loaded).as("Hibernate's session factory")
                .noneMatch(line -> line.contains(" org.hibernate.internal.SessionFactoryImpl "));
    }

    private Launch launch(Map<String, String> env, List<String> javaOpts, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/bin/sh", LauncherTest.launcher().toString()));
        command.addAll(List.of(args));
        Path err = Files.createTempFile(dir, "err", ".txt");
        Path out = Files.createTempFile(dir, "out", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(err.toFile()).redirectOutput(out.toFile());
        Map<String, String> variables = builder.environment();
        variables.keySet().removeIf(key -> key.startsWith("COBRO_") || key.equals("JAVA_OPTS"));
        variables.putAll(env);
        variables.put("COBRO_HOME", dir.resolve("home").toString());
        variables.put("COBRO_JAR", shadedJar().toString());
        variables.put("COBRO_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        variables.put("JAVA_OPTS", String.join(" ", javaOpts));
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", args) + " did not finish in " + TIMEOUT_MINUTES + " minutes:\n"
                    + Files.readString(err));
        }
        return new Launch(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static Path shadedJar() {
        List<Path> candidates = List.of(
                Path.of(System.getProperty("basedir", "."), "target", "cobro.jar"),
                Path.of("target", "cobro.jar"),
                Path.of("bootstrap", "cli", "target", "cobro.jar"));
        return candidates.stream().filter(Files::isRegularFile).findFirst()
                .orElseThrow(() -> new AssertionError("no shaded jar in " + candidates)).toAbsolutePath();
    }

    private record Launch(int exitCode, String out, String err) {
    }
}
