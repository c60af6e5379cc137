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
                "bootstrap/host-example/src/test/java/com/example/shop/ShopCheckoutIT.java");
        samples.forEach((path, code) -> {
            Path file = root.resolve(path);
            assertThat(file).as("the README names %s", path).isRegularFile();
            assertThat(normalize(read(file))).as("README sample %s", path).isEqualTo(normalize(code));
        });
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
