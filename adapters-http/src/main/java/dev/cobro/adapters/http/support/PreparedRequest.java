package dev.cobro.adapters.http.support;

import dev.cobro.application.port.out.PreparedCall;

import java.util.Objects;

/**
 * A provider request built before the write-ahead: its body, serialized once, and the redacted twin
 * the REQUESTED attempt records, so what is recorded is exactly what is sent. A provider's prepared
 * call holds one beside what its send needs besides (the values an answer is checked against, an
 * idempotency key), or extends it when what it adds must stay out of a {@code toString()} too (a session).
 * <p>
 * The body may hold card data, so nothing shows it but {@link #body()} and {@link #takeBody()}: the
 * {@code toString()} is the redacted form. {@link #takeBody()} hands it out once and forgets it, for a
 * request that must never be sent twice (a second card charge); after it this object holds no card data.
 */
public class PreparedRequest implements PreparedCall {

    private final String redactedRequest;
    private String body;

    /** A JSON body and its redacted copy, both written from the one serialization. */
    public PreparedRequest(Redaction.Serialized request) {
        this(request.body(), request.redacted());
    }

    /**
     * @param body            what is sent; empty for a request without one
     * @param redactedRequest what is recorded: the body with every secret hidden, or the request line of a body-less one
     */
    public PreparedRequest(String body, String redactedRequest) {
        this.body = Objects.requireNonNull(body, "body");
        this.redactedRequest = Objects.requireNonNull(redactedRequest, "redactedRequest");
    }

    /**
     * The checked type of a request its adapter prepared: an adapter sends only its own.
     *
     * @param provider the adapter's provider, named in the error
     * @param what     what the adapter prepares ({@code charges}), named in the error
     */
    public static <T extends PreparedCall> T ours(PreparedCall prepared, Class<T> type, String provider,
                                                     String what) {
        if (!type.isInstance(prepared)) {
            throw new IllegalArgumentException("the " + provider + " adapter sends only " + what + " it prepared, not "
                    + (prepared == null ? "null" : prepared.getClass().getName()));
        }
        return type.cast(prepared);
    }

    /** The body to send, for a request that may go out again (after a 401, under a fresh token). */
    public final synchronized String body() {
        if (body == null) {
            throw alreadySent();
        }
        return body;
    }

    /** The body to send, handed out once: the request cannot go out a second time. */
    public final synchronized String takeBody() {
        String taken = body();
        body = null;
        return taken;
    }

    private IllegalStateException alreadySent() {
        return new IllegalStateException("this " + getClass().getSimpleName()
                + " was already sent; prepare it again to send it again");
    }

    @Override
    public final String redactedRequest() {
        return redactedRequest;
    }

    /** The redacted form only: the body may hold card data, a session or a key. */
    @Override
    public final String toString() {
        return getClass().getSimpleName() + "[" + redactedRequest + "]";
    }
}
