package com.example.shop;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's Java samples are files of this repository, compiled and run by the build: each block
 * marked {@code <!-- sample: PATH -->} must be that file, whole (imports included), so that a reader
 * copies code that builds and the two cannot drift apart.
 */
class ReadmeSamplesTest {

    private static final Pattern SAMPLE = Pattern.compile(
            "<!-- sample: (\\S+) -->\\s*```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern DEPENDENCIES = Pattern.compile(
            "<!-- dependencies: (\\S+) -->\\s*```xml\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern COBRO_VERSION = Pattern.compile(
            "<artifactId>(cobro-[\\w-]+)</artifactId>\\s*<version>([^<]+)</version>");
    private static final Pattern POM_DEPENDENCIES = Pattern.compile(
            "\\n  <dependencies>.*?</dependencies>", Pattern.DOTALL);

    @Test
    void everyJavaSampleInTheReadmeIsAFileTheBuildCompiles() throws IOException {
        Path root = repositoryRoot();
        Map<String, String> samples = new LinkedHashMap<>();
        Matcher m = SAMPLE.matcher(Files.readString(root.resolve("README.md")));
        while (m.find()) {
            samples.put(m.group(1), m.group(2));
        }
        assertThat(samples).as("samples in the README").containsKeys(
                "bootstrap/host-example/src/main/java/com/example/shop/ShopCheckout.java",
                "bootstrap/host-example/src/test/java/com/example/shop/ShopCheckoutTest.java");
        samples.forEach((path, code) -> {
            Path file = root.resolve(path);
            assertThat(file).as("the README names %s", path).isRegularFile();
            assertThat(normalize(read(file))).as("README sample %s", path).isEqualTo(normalize(code));
        });
    }

    /**
     * The README's dependency block is the host example's whole dependency list, comments included, so
     * that the build of the README's sample and test proves what a host needs: no more, no less.
     */
    @Test
    void theReadmesDependencyBlockIsExactlyTheHostExamplesDependencies() throws IOException {
        Path root = repositoryRoot();
        Matcher readme = DEPENDENCIES.matcher(Files.readString(root.resolve("README.md")));
        assertThat(readme.find()).as("a <!-- dependencies: PATH --> block in the README").isTrue();
        String pomPath = readme.group(1);
        assertThat(pomPath).isEqualTo("bootstrap/host-example/pom.xml");
        Matcher pom = POM_DEPENDENCIES.matcher(read(root.resolve(pomPath)));
        assertThat(pom.find()).as("the project's <dependencies> in %s", pomPath).isTrue();

        assertThat(normalize(pom.group())).as("README dependency block vs %s", pomPath)
                .isEqualTo(normalize(readme.group(2)));
        assertThat(readme.group(2)).as("a block a host copies names every version itself")
                .doesNotContain("${").contains("<artifactId>cobro-testkit</artifactId>");
    }

    /** Every version the README gives a Cobro artifact is the version this build makes. */
    @Test
    void theReadmeNamesTheVersionThisBuildMakes() throws IOException {
        String version = System.getProperty("cobro.version");
        assertThat(version).as("cobro.version, set by the build").isNotBlank();
        Matcher cobro = COBRO_VERSION.matcher(Files.readString(repositoryRoot().resolve("README.md")));
        Map<String, String> versions = new LinkedHashMap<>();
        while (cobro.find()) {
            versions.put(cobro.group(1), cobro.group(2));
        }
        assertThat(versions).as("Cobro artifacts the README gives a version").containsKeys(
                "cobro-bootstrap", "cobro-testkit", "cobro-bom");
        assertThat(versions).allSatisfy((artifact, given) -> assertThat(given).as(artifact).isEqualTo(version));
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

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String normalize(String code) {
        return code.replaceAll("\\s+", " ").trim();
    }
}
