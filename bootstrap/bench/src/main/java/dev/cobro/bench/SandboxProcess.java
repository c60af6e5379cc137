package dev.cobro.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cobro.adapters.http.support.CobroJson;
import dev.cobro.testkit.ProviderSandbox;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The provider sandbox in a JVM of its own, started by the bench and spoken to over loopback, so
 * that its CPU and its JIT compilation are neither Cobro's nor the baseline's (in the bench's JVM
 * the sandbox's code was compiled during whichever side ran first) and its CPU can be counted apart.
 * <p>
 * The child is this class's {@link #main}: it starts a {@link ProviderSandbox} with
 * {@code -Dsun.net.httpserver.nodelay=true}, prints one JSON line with its URLs, then answers each
 * {@code counters} line on its stdin with one JSON line of the sandbox's request counts. It stops
 * when its stdin closes, so it never outlives the bench.
 */
final class SandboxProcess implements AutoCloseable {

    /** The child's own settings: a small heap and one GC thread, so it takes little from the bench's cores. */
    static final List<String> JVM_OPTIONS = List.of("-Dsun.net.httpserver.nodelay=true",
            "-Dlogback.configurationFile=cobro-cli-logback.xml", "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC");

    private final Process process;
    private final BufferedWriter commands;
    private final BufferedReader answers;
    private final JsonNode urls;

    /** What the sandbox counted: requests received per endpoint, whatever the answer. */
    record Counters(long eightyEightPayTokens, long eightyEightPayCharges, long paymeTokens,
                    long paymeAuthorizations) {
    }

    private SandboxProcess(Process process) throws IOException {
        this.process = process;
        this.commands = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String ready = answers.readLine();
        if (ready == null) {
            throw new IOException("the sandbox process ended before it listened (exit "
                    + exitCode(process) + "; its stderr is the bench's)");
        }
        this.urls = CobroJson.mapper().readTree(ready);
    }

    /** Starts the child JVM on this JVM's class path and waits until it listens. */
    static SandboxProcess start(Duration latency) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.add("-cp");
        command.add(classPath());
        command.add(SandboxProcess.class.getName());
        command.add(Long.toString(latency.toMillis()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().keySet().removeIf(name -> name.startsWith("COBRO_"));
        Process process = builder.start();
        try {
            return new SandboxProcess(process);
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /**
     * This JVM's class path, or, when the bench was loaded by a class loader of its own (Maven's
     * {@code exec:java}), that loader's: the child needs the sandbox's classes and this one.
     */
    private static String classPath() {
        if (SandboxProcess.class.getClassLoader() instanceof URLClassLoader loader) {
            List<String> entries = new ArrayList<>();
            for (URL url : loader.getURLs()) {
                try {
                    entries.add(Path.of(url.toURI()).toString());
                } catch (URISyntaxException | IllegalArgumentException notAFile) {
                    // Only files and directories go on a class path.
                }
            }
            if (!entries.isEmpty()) {
                return String.join(File.pathSeparator, entries);
            }
        }
        return System.getProperty("java.class.path");
    }

    long pid() {
        return process.pid();
    }

    String baseUrl() {
        return urls.get("base").asText();
    }

    String eightyEightPayBaseUrl() {
        return urls.get("88pay").asText();
    }

    String paymeAuthUrl() {
        return urls.get("payme_auth").asText();
    }

    String paymeApiUrl() {
        return urls.get("payme_api").asText();
    }

    /** CPU the child has used so far (all its threads: HTTP, timers, JIT, GC), or -1 if the OS does not say. */
    long cpuNanos() {
        return Meters.cpuNanos(process.pid());
    }

    synchronized Counters counters() throws IOException {
        commands.write("counters\n");
        commands.flush();
        String line = answers.readLine();
        if (line == null) {
            throw new IOException("the sandbox process ended (exit " + exitCode(process) + ")");
        }
        JsonNode n = CobroJson.mapper().readTree(line);
        return new Counters(n.get("88pay_tokens").asLong(), n.get("88pay_charges").asLong(),
                n.get("payme_tokens").asLong(), n.get("payme_authorizations").asLong());
    }

    /** Closes the child's stdin (it stops on that) and waits for it a little, then ends it. */
    @Override
    public void close() {
        try {
            commands.close();
        } catch (IOException alreadyGone) {
            // Its stdin is closed either way: the child stops on that.
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String exitCode(Process process) {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "none yet";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** The child: {@code java -cp ... dev.cobro.bench.SandboxProcess <latency-ms>}. */
    public static void main(String[] args) throws IOException {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        Duration latency = Duration.ofMillis(args.length > 0 ? Long.parseLong(args[0]) : 0);
        try (ProviderSandbox sandbox = ProviderSandbox.builder().latency(latency).start();
             BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            out.println(CobroJson.mapper().writeValueAsString(Map.of("base", sandbox.baseUrl(),
                    "88pay", sandbox.eightyEightPayBaseUrl(), "payme_auth", sandbox.paymeAuthUrl(),
                    "payme_api", sandbox.paymeApiUrl())));
            String line;
            while ((line = in.readLine()) != null) {
                if ("counters".equals(line.strip())) {
                    out.println(CobroJson.mapper().writeValueAsString(Map.of(
                            "88pay_tokens", sandbox.tokenRequests88Pay(), "88pay_charges", sandbox.charges88Pay(),
                            "payme_tokens", sandbox.paymeTokenRequests(),
                            "payme_authorizations", sandbox.paymeAuthorizations())));
                }
            }
        }
        System.exit(0);
    }

    @Override
    public String toString() {
        return "SandboxProcess[pid " + process.pid() + ", " + baseUrl() + "]";
    }
}
