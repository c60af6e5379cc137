package dev.cobro.bootstrap.events;

import dev.cobro.db.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Micrometer is optional for hosts: a JVM whose classpath has no Micrometer jar runs every flow,
 * delivers the events and reports health. (Micrometer's jars are on this test's own classpath: the
 * child's is this one without them.)
 */
class WithoutMicrometerIT {

    @Test
    void theFlowsRunWithMicrometerOffTheClasspath() throws Exception {
        TestDatabase.Handle db = TestDatabase.freshDatabase();
        List<String> classpath = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
        List<String> withoutMicrometer = classpath.stream().filter(entry -> !isMicrometer(entry)).toList();
        assertThat(classpath.size() - withoutMicrometer.size()).as("Micrometer jars taken away").isPositive();

        Path output = Files.createTempFile("cobro-without-micrometer", ".log");
        try {
            String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
            ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                    "-cp", String.join(File.pathSeparator, withoutMicrometer), WithoutMicrometerMain.class.getName())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            Map<String, String> env = builder.environment();
            env.put(WithoutMicrometerMain.JDBC_URL, db.jdbcUrl());
            env.put(WithoutMicrometerMain.JDBC_USER, db.user());
            env.put(WithoutMicrometerMain.JDBC_PASSWORD, db.password());
            Process child = builder.start();
            boolean ended = child.waitFor(3, TimeUnit.MINUTES);
            if (!ended) {
                child.destroyForcibly();
            }
            String log = Files.readString(output);
            assertThat(ended).as("the child ended; its output:%n%s", log).isTrue();
            assertThat(child.exitValue()).as("the child's exit; its output:%n%s", log).isZero();
            assertThat(log).contains("no Micrometer on the classpath").contains(WithoutMicrometerMain.DONE);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static boolean isMicrometer(String entry) {
        String name = entry.replace('\\', '/');
        return name.contains("/io/micrometer/") || name.contains("micrometer-")
                || name.contains("HdrHistogram") || name.contains("LatencyUtils");
    }
}
