package dev.cobro.adapters.http.eightyeightpay;

import dev.cobro.adapters.http.support.PreparedRequest;
import dev.cobro.adapters.http.support.Redaction;
import dev.cobro.application.port.out.PreparedCharge;

/**
 * A charge body and its redacted twin ({@link PreparedRequest}), and the token it goes out under. A
 * 401 re-sends the same body under a fresh token, which it then names ({@link #sentUnder}), so the
 * payment keeps the session of the last send.
 */
final class EightyEightPayPreparedCharge extends PreparedRequest implements PreparedCharge {

    private volatile SessionToken token;

    EightyEightPayPreparedCharge(Redaction.Serialized request, SessionToken token) {
        super(request);
        this.token = token;
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
}
