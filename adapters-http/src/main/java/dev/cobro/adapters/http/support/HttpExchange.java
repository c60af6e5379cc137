package dev.cobro.adapters.http.support;

import dev.cobro.application.port.out.ProviderExchange;
import dev.cobro.application.port.out.ProviderOutcome;
import feign.Response;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One HTTP call to a provider, reduced to what an adapter judges: the provider answered (any status,
 * its headers and its raw body, read whole) or it did not ({@link Failed}, with the one transport
 * classification: NOT_SENT when nothing left, UNKNOWN once the request may have reached it). Every
 * adapter sends through {@link #of}, so none of them classifies a failure or reads a body its own way.
 */
public sealed interface HttpExchange {

    /**
     * Makes {@code call} and reads its answer whole, closing it. Never throws: Feign wraps I/O errors
     * in a {@code RetryableException} (never retried: {@code Retryer.NEVER_RETRY}), and a failure
     * while reading the body counts as one after sending.
     */
    static HttpExchange of(Supplier<Response> call) {
        try (Response response = call.get()) {
            return new Answered(response.status(), response.headers(), readBody(response));
        } catch (IOException | RuntimeException e) {
            return new Failed(TransportFailure.classify(e), TransportFailure.describe(e));
        }
    }

    /**
     * The provider answered. {@code headers} are Feign's (names case-insensitive); {@code body} is
     * {@code ""} when there was none. Holds no request secret.
     */
    record Answered(int status, Map<String, Collection<String>> headers, String body) implements HttpExchange {

        public Answered {
            headers = headers == null ? Map.of() : headers;
            body = body == null ? "" : body;
        }

        /** The values of header {@code name}; none when it is absent. */
        public Collection<String> header(String name) {
            Collection<String> values = headers.get(name);
            return values == null ? List.of() : values;
        }

        public boolean isSuccessful() {
            return status >= 200 && status < 300;
        }

        @Override
        public String toString() {
            return "Answered[HTTP " + status + "]";
        }
    }

    /**
     * No answer. {@code failure} says whether the request may have reached the provider;
     * {@code reason} is secret-free (a provider's adapter may redact it further with its own secrets).
     */
    record Failed(TransportFailure failure, String reason) implements HttpExchange {

        /** Nothing left this process: the same request may be sent again. */
        public boolean nothingSent() {
            return failure == TransportFailure.NOT_SENT;
        }

        /**
         * This failure as the outcome of a provider call: NOT_SENT when nothing left, else UNKNOWN (the
         * provider may have processed it). {@code safeReason} is {@link #reason()} as the adapter may
         * keep it (with its own secrets redacted); {@code exchange} is what the attempt row keeps.
         */
        public <S> ProviderOutcome<S> outcome(String provider, String call, String safeReason,
                                              ProviderExchange exchange) {
            if (nothingSent()) {
                return ProviderOutcome.notSent(provider + " could not be reached (" + safeReason + "); nothing was"
                        + " sent", exchange);
            }
            return ProviderOutcome.unknown("no answer from " + provider + " after sending the " + call + " ("
                    + safeReason + "); it may have been processed", exchange);
        }
    }

    private static String readBody(Response response) throws IOException {
        if (response.body() == null) {
            return "";
        }
        // The client hands Feign the whole body as bytes: their stream's readAllBytes copies them once.
        try (InputStream in = response.body().asInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
