package dev.cobro.adapters.http.eightyeightpay;

import dev.cobro.application.port.out.PreparedCharge;

/**
 * A charge body serialized once, its redacted twin for the REQUESTED attempt row, and the token
 * it will be sent under: what is recorded is exactly what is sent.
 */
final class EightyEightPayPreparedCharge implements PreparedCharge {

    private final String body;
    private final String redactedRequest;
    private final SessionToken token;

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
