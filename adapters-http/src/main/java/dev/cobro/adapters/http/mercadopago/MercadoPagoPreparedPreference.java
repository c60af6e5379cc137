package dev.cobro.adapters.http.mercadopago;

import dev.cobro.application.port.out.PreparedCharge;

/**
 * A preference body serialized once, its redacted twin for the attempt row, its idempotency key,
 * and the external reference that stands in for a session (Mercado Pago has none).
 */
final class MercadoPagoPreparedPreference implements PreparedCharge {

    private final String body;
    private final String redactedRequest;
    private final String idempotencyKey;
    private final String externalReference;

    MercadoPagoPreparedPreference(String body, String redactedRequest, String idempotencyKey,
                                  String externalReference) {
        this.body = body;
        this.redactedRequest = redactedRequest;
        this.idempotencyKey = idempotencyKey;
        this.externalReference = externalReference;
    }

    String body() {
        return body;
    }

    String idempotencyKey() {
        return idempotencyKey;
    }

    @Override
    public String sessionId() {
        return externalReference;
    }

    @Override
    public String redactedRequest() {
        return redactedRequest;
    }

    @Override
    public String toString() {
        return "MercadoPagoPreparedPreference[request=" + redactedRequest + "]";
    }
}
