package dev.cobro.application.port.out;

/** A prepared hosted-checkout charge: it knows the provider session it goes out under. */
public interface PreparedCharge extends PreparedCall {

    /**
     * The provider session (88Pay: the token's {@code session_id}) the charge goes out under. Before
     * the call, the one it was prepared with; after it, the one it last went out under (a 401
     * re-sends it under a fresh token and session), whatever the outcome: a notification is matched
     * on it, so the payment keeps that one. Never shown in a {@code toString()}.
     */
    String sessionId();
}
