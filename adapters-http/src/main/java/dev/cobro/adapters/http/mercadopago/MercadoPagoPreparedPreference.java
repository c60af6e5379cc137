package dev.cobro.adapters.http.mercadopago;

import dev.cobro.adapters.http.support.PreparedRequest;
import dev.cobro.adapters.http.support.Redaction;
import dev.cobro.application.port.out.PreparedCharge;

/**
 * A preference body and its redacted twin ({@link PreparedRequest}), its idempotency key, and the
 * external reference that stands in for a session (Mercado Pago has none).
 */
final class MercadoPagoPreparedPreference extends PreparedRequest implements PreparedCharge {

    private final String idempotencyKey;
    private final String externalReference;

    MercadoPagoPreparedPreference(Redaction.Serialized request, String idempotencyKey, String externalReference) {
        super(request);
        this.idempotencyKey = idempotencyKey;
        this.externalReference = externalReference;
    }

    String idempotencyKey() {
        return idempotencyKey;
    }

    @Override
    public String sessionId() {
        return externalReference;
    }
}
