package dev.cobro.adapters.http.payme;

import dev.cobro.adapters.http.support.TransportFailure;
import feign.Response;
import feign.Util;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/** One HTTP call to Pay-me, reduced to what the adapter decides on: an answer, or a transport failure. */
final class PaymeHttp {

    private PaymeHttp() {
    }

    sealed interface Result {
    }

    /** Pay-me answered: any status, with the raw body ("" when there was none). Holds no request secret. */
    record Answered(int status, String body) implements Result {

        boolean isSuccessful() {
            return status >= 200 && status < 300;
        }
    }

    /**
     * No access token for the call: nothing was sent ({@code unauthorized} null), or the call was
     * answered 401 and no fresh token could be had for its one retry. {@code problem}'s message is secret-free.
     */
    record NoToken(RuntimeException problem, Answered unauthorized) implements Result {
    }

    /** No answer. {@code failure} says whether the request may have reached Pay-me; {@code reason} is secret-free. */
    record Failed(TransportFailure failure, String reason) implements Result {
    }

    static Result execute(Supplier<Response> call) {
        try (Response response = call.get()) {
            return new Answered(response.status(), readBody(response));
        } catch (IOException | RuntimeException e) {
            // Feign wraps I/O errors in a RetryableException (never retried: Retryer.NEVER_RETRY);
            // only a connection that was never made proves that nothing was sent.
            return new Failed(TransportFailure.classify(e), TransportFailure.describe(e));
        }
    }

    private static String readBody(Response response) throws IOException {
        if (response.body() == null) {
            return "";
        }
        try (InputStream in = response.body().asInputStream()) {
            return new String(Util.toByteArray(in), StandardCharsets.UTF_8);
        }
    }
}
