package dev.cobro.testkit;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a simulator wants done with a request: answer it, answer it late, or hold it and never answer. */
sealed interface SandboxResponse {

    /** An answer; {@code delayed} is false for the sandbox's own control endpoints (no latency). */
    record Reply(int status, String contentType, Map<String, String> headers, byte[] body, boolean delayed)
            implements SandboxResponse {

        static Reply json(int status, byte[] body) {
            return new Reply(status, "application/json", Map.of(), body, true);
        }

        static Reply text(int status, String text) {
            return new Reply(status, "text/plain; charset=utf-8", Map.of(), text.getBytes(StandardCharsets.UTF_8), true);
        }

        Reply withHeaders(Map<String, String> extra) {
            Map<String, String> all = new LinkedHashMap<>(headers);
            all.putAll(extra);
            return new Reply(status, contentType, Map.copyOf(all), body, delayed);
        }

        Reply undelayed() {
            return new Reply(status, contentType, headers, body, false);
        }
    }

    /**
     * The provider processed the request, but its answer comes only after {@code delay}: longer than
     * the client waits, so the client sees a timeout while the effect happened (Mercado Pago's timeout fault).
     */
    record Late(Reply reply, java.time.Duration delay) implements SandboxResponse {
    }

    /** The provider received the request but its answer never comes (Pay-me's no-answer test card). */
    record NoAnswer() implements SandboxResponse {
    }
}
