package dev.cobro.adapters.http.payme;

import dev.cobro.application.port.out.PreparedCall;

/** {@code DELETE /charges/{internal_operation_number}}: no body, so the request line is what is recorded. */
record PreparedReversal(String operationNumber) implements PreparedCall {

    @Override
    public String redactedRequest() {
        return "DELETE /charges/" + operationNumber;
    }
}
