package dev.cobro.adapters.http.payme;

import dev.cobro.application.port.out.PreparedCall;

/**
 * An authorize call built before the write-ahead: the serialized body (with the card data) and its
 * redacted form. The body is handed out once: after {@link #takeBody()} this object holds no card
 * data, and sending it twice (a second charge) is impossible.
 */
final class PreparedAuthorization implements PreparedCall {

    private final String operationNumber;
    private final String amount;
    private final String currency;
    private final String redactedRequest;
    private String body;

    /** {@code amount} and {@code currency}: the request's five-decimal amount and numeric currency, for the echo check. */
    PreparedAuthorization(String operationNumber, String amount, String currency, String body,
                          String redactedRequest) {
        this.operationNumber = operationNumber;
        this.amount = amount;
        this.currency = currency;
        this.body = body;
        this.redactedRequest = redactedRequest;
    }

    String amount() {
        return amount;
    }

    String currency() {
        return currency;
    }

    synchronized String takeBody() {
        if (body == null) {
            throw new IllegalStateException("the Pay-me authorization of operation " + operationNumber
                    + " was already sent; prepare it again to send it again");
        }
        String taken = body;
        body = null;
        return taken;
    }

    String operationNumber() {
        return operationNumber;
    }

    @Override
    public String redactedRequest() {
        return redactedRequest;
    }

    @Override
    public String toString() {
        return "PreparedAuthorization[payme op " + operationNumber + "]";
    }
}
