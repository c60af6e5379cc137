package dev.cobro.application.port.out;

import dev.cobro.application.port.in.AuthorizationView;
import dev.cobro.domain.authorization.CardSecret;

/**
 * What a card provider is asked to authorize: the REQUESTED authorization and, beside it, the
 * card data for this one call (never stored).
 */
public record AuthorizationCall(AuthorizationView authorization, CardSecret cardSecret) {

    @Override
    public String toString() {
        return "AuthorizationCall[" + authorization + " " + cardSecret + "]";
    }
}
