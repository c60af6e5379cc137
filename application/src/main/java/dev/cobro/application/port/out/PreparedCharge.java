package dev.cobro.application.port.out;

/** A prepared hosted-checkout charge: it already knows the provider session it will be sent under. */
public interface PreparedCharge extends PreparedCall {

    /** The provider session (88Pay: the token's {@code session_id}) the charge will be sent under. */
    String sessionId();
}
