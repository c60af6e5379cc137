package dev.cobro.adapters.http.payme;

import dev.cobro.application.port.out.PreparedCall;

/** {@code DELETE /charges/{internal_operation_number}}: no body, so the request line is what is recorded. */
final class PreparedReversal implements PreparedCall {

    private final String operationNumber;

    PreparedReversal(String operationNumber) {
        this.operationNumber = operationNumber;
    }

    String operationNumber() {
        return operationNumber;
    }

    @Override
    public String redactedRequest() {
        return "DELETE /charges/" + operationNumber;
    }

    @Override
    public String toString() {
        return "PreparedReversal[payme op " + operationNumber + "]";
    }
}
