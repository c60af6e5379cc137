package dev.cobro.cli;

import dev.cobro.cli.embedded.EmbeddedDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runnable jar holds what the README promises: PostgreSQL binaries for Linux x86-64 and no other
 * platform's, and on another platform (macOS, ARM) a clear word to set COBRO_DB_URL, which the README
 * shows how to do. Failsafe runs it after the package phase has built the jar.
 */
class ShadedJarPlatformsIT {

    private static final long TIMEOUT_MINUTES = 5;

    @TempDir
    Path home;

    @TempDir
    Path logs;

    @Test
    void theJarCarriesTheLinuxX8664BinariesOnlyAsTheReadmeSays() throws IOException {
        List<String> binaries = new ArrayList<>();
        try (JarFile jar = new JarFile(shadedJar().toFile())) {
            jar.stream().map(ZipEntry::getName).filter(name -> name.matches("postgres-.*\\.txz"))
                    .forEach(binaries::add);
        }

        assertThat(binaries).containsExactly(EmbeddedDatabase.CARRIED_BINARIES);
        String readme = Files.readString(repositoryRoot().resolve("README.md")).replaceAll("\\s+", " ");
        assertThat(readme).contains("The jar carries PostgreSQL binaries for Linux x86-64 only.",
                "On macOS (Apple silicon or Intel) or Linux on ARM it says so and stops (exit 4)",
                "export COBRO_DB_URL=jdbc:postgresql://localhost:5432/postgres");
    }

    /**
     * Linux on ARM, as the JVM reports it (a JVM told it runs on macOS loads macOS classes and fails
     * before Cobro's code: EmbeddedDatabasePlatformTest covers macOS's names).
     */
    @Test
    void onAnotherPlatformTheDemoSaysToSetCobroDbUrlAndStartsNothing() throws Exception {
        String osName = "Linux";
        String osArch = "aarch64";
        Path jar = shadedJar();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dos.name=" + osName, "-Dos.arch=" + osArch, "-jar", jar.toString(), "demo");
        Path out = logs.resolve("demo.out");
        Path err = logs.resolve("demo.err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("COBRO_"));
        builder.environment().put("COBRO_HOME", home.toString());
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("demo did not finish in " + TIMEOUT_MINUTES + " minutes:\n"
                    + Files.readString(err));
        }

        String stderr = Files.readString(err);
        assertThat(process.exitValue()).as(stderr).isEqualTo(ExitCodes.CONFIGURATION);
        assertThat(stderr).contains("Linux x86-64 only", osName + " " + osArch, "COBRO_DB_URL")
                .doesNotContainPattern("(?m)^\\s+at [\\w.$]+\\(");
        assertThat(home.resolve("pgdata")).doesNotExist();
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

    private static Path repositoryRoot() {
        Path here = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("README.md")) && Files.isDirectory(p.resolve("bootstrap"))) {
                return p;
            }
        }
        throw new AssertionError("no repository root above " + here);
    }
}
