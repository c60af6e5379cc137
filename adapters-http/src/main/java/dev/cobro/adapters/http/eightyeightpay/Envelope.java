package dev.cobro.adapters.http.eightyeightpay;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The envelope of every 88Pay answer: {@code status} ("Success" or "Error"), {@code code} (the HTTP
 * status again), {@code message}, {@code data}; a 429 adds {@code retry_after} (seconds).
 */
record Envelope<T>(String status, String code, String message, T data,
                   @JsonProperty("retry_after") Long retryAfter) {

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
