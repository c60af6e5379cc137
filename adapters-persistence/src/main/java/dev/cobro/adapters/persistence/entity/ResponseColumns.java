package dev.cobro.adapters.persistence.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * What the provider last answered about an authorization, as columns of cobro.card_authorization.
 * The fields are the answer's own names; {@code message} and {@code locale} take the attribute's
 * path ({@code response_message}, {@code response_locale}), the other columns are named here because
 * the migration gave them no {@code response_} prefix (or, for the code, not a doubled one).
 */
@Embeddable
public class ResponseColumns {

    @Column(name = "provider_transaction_id") public String providerTransactionId;
    @Column(name = "authorization_code") public String authorizationCode;
    @Column(name = "response_code") public String responseCode;
    public String message;
    public String locale;
    @Column(name = "provider_masked_pan") public String providerMaskedPan;

    public ResponseColumns() {
    }
}
