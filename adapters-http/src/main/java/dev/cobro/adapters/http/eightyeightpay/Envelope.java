package dev.cobro.adapters.http.eightyeightpay;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.cobro.adapters.http.support.CobroJson;

import java.io.IOException;

/**
 * The envelope of every 88Pay answer: {@code status} ("Success" or "Error"), {@code code} (the HTTP
 * status again), {@code message}, {@code data}; a 429 adds {@code retry_after} (seconds).
 */
record Envelope<T>(String status, String code, String message, T data,
                   @JsonProperty("retry_after") Long retryAfter) {

    /**
     * A reader of envelopes holding a {@code T}, made once per answer type: a reader keeps the type
     * and its deserializer, which the mapper would otherwise resolve from the type on every answer.
     */
    static <T> ObjectReader reader(TypeReference<Envelope<T>> type) {
        return CobroJson.mapper().readerFor(type);
    }

    /**
     * The envelope {@code body} holds, read by {@code reader} ({@link #reader}), or null when it is
     * empty or not the documented JSON.
     */
    static <T> Envelope<T> read(String body, ObjectReader reader) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return reader.readValue(body);
        } catch (IOException | RuntimeException notTheDocumentedJson) {
            return null;
        }
    }

    boolean isSuccess() {
        return "Success".equalsIgnoreCase(status);
    }

    boolean isError() {
        return "Error".equalsIgnoreCase(status);
    }

    @Override
    public String toString() {
        // data may hold a token; the envelope's own fields are safe to show.
        return "Envelope[status=" + status + ", code=" + code + ", message=" + message + "]";
    }
}
