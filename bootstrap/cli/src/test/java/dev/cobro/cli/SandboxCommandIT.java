package dev.cobro.cli;

import dev.cobro.testkit.ProviderSandbox;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SandboxCommandIT {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void theSandboxServesUntilStoppedAndPrintsTheVariablesThatPointAtIt() throws Exception {
        WatchedOutput out = new WatchedOutput("# A payment's notification");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        Thread runner = new Thread(() -> exit.complete(CobroCli.execute(new String[]{"sandbox", "--port", "0"},
                Map.of(), InputStream.nullInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))), "sandbox-command");
        runner.start();

        String printed;
        String baseUrl;
        HttpResponse<String> token;
        try {
            printed = out.seen.get(30, TimeUnit.SECONDS);
            baseUrl = variable(printed, "COBRO_88PAY_BASE_URL");
            token = http.send(tokenRequest(baseUrl), HttpResponse.BodyHandlers.ofString());
        } finally {
            // Whatever happened above, the sandbox stops with the test.
            runner.interrupt();
        }
        int code = exit.get(30, TimeUnit.SECONDS);

        assertThat(printed).contains("COBRO_88PAY_API_KEY=" + ProviderSandbox.DEFAULT_88PAY_API_KEY,
                "COBRO_PAYME_AUTH_URL=", "COBRO_PAYME_API_URL=", "COBRO_PAYME_CLIENT_ID=");
        // What it prints is the README's session environment, its address aside, and the README's
        // notification path: a reader can copy either.
        Map<String, String> exported = new java.util.LinkedHashMap<>();
        printed.lines().filter(line -> line.startsWith("export ")).forEach(line -> {
            String assignment = line.substring("export ".length());
            int eq = assignment.indexOf('=');
            exported.put(assignment.substring(0, eq), assignment.substring(eq + 1)
                    .replace(baseUrl.substring(0, baseUrl.indexOf("/88pay")), "http://127.0.0.1:8088"));
        });
        assertThat(exported).isEqualTo(ExamplesIT.readmeExports());
        assertThat(printed).contains(baseUrl + "/sandbox/notification ");
        assertThat(token.statusCode()).isEqualTo(200);
        assertThat(token.body()).contains("session_id");
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThatThrownBy(() -> http.send(tokenRequest(baseUrl), HttpResponse.BodyHandlers.ofString()))
                .as("stopped: nothing listens any more").isInstanceOf(IOException.class);
    }

    private static HttpRequest tokenRequest(String baseUrl) {
        return HttpRequest.newBuilder(URI.create(baseUrl + "/api/auth/token"))
                .header("x-api-key", ProviderSandbox.DEFAULT_88PAY_API_KEY)
                .header("x-merchant-id", ProviderSandbox.DEFAULT_88PAY_MERCHANT_ID)
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
    }

    private static String variable(String printed, String name) {
        return printed.lines().filter(line -> line.startsWith("export " + name + "="))
                .map(line -> line.substring(("export " + name + "=").length()))
                .findFirst().orElseThrow(() -> new AssertionError(name + " not printed:\n" + printed));
    }

    /** Stdout that tells when a complete line holding {@code marker} has been written. */
    private static final class WatchedOutput extends OutputStream {
        final CompletableFuture<String> seen = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final String marker;

        WatchedOutput(String marker) {
            this.marker = marker;
        }

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
            check();
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
            check();
        }

        private void check() {
            String text = bytes.toString(StandardCharsets.UTF_8);
            int at = text.indexOf(marker);
            if (at >= 0 && text.indexOf('\n', at) > 0) {
                seen.complete(text);
            }
        }
    }
}
