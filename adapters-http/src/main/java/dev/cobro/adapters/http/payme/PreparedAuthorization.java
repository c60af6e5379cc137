package dev.cobro.adapters.http.payme;

import dev.cobro.adapters.http.support.PreparedRequest;
import dev.cobro.application.port.out.PreparedCall;

/**
 * An authorize call built before the write-ahead: the body with the card data and its redacted twin,
 * sent with {@link PreparedRequest#takeBody()} so it goes out once, and what Pay-me's answer must echo.
 *
 * @param amount   the request's five-decimal amount, for the echo check
 * @param currency the request's numeric currency, for the echo check
 */
record PreparedAuthorization(PreparedRequest request, String operationNumber, String amount, String currency)
        implements PreparedCall {

    @Override
    public String redactedRequest() {
        return request.redactedRequest();
    }
}
