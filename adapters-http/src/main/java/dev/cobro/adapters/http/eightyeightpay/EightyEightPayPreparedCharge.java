package dev.cobro.adapters.http.eightyeightpay;

import dev.cobro.application.port.out.PreparedCharge;

/**
 * A charge body serialized once, its redacted twin for the REQUESTED attempt row, and the token
 * it goes out under: what is recorded is exactly what is sent. A 401 re-sends it under a fresh
 * token, which it then names ({@link #sentUnder}), so the payment keeps the session of the last send.
 */
final class EightyEightPayPreparedCharge implements PreparedCharge {

    private final String body;
    private final String redactedRequest;
    private volatile SessionToken token;

    EightyEightPayPreparedCharge(String body, String redactedRequest, SessionToken token) {
        this.body = body;
        this.redactedRequest = redactedRequest;
        this.token = token;
    }

    String body() {
        return body;
    }

    SessionToken token() {
        return token;
    }

    /** The charge goes out again under {@code fresh} (after a 401). */
    void sentUnder(SessionToken fresh) {
        this.token = fresh;
    }

    @Override
    public String sessionId() {
        return token.sessionId();
    }

    @Override
    public String redactedRequest() {
        return redactedRequest;
    }

    @Override
    public String toString() {
        return "EightyEightPayPreparedCharge[session=***, request=" + redactedRequest + "]";
    }
}
