package dev.cobro.adapters.persistence.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** What the provider last answered about an authorization. */
@Embeddable
public class ResponseColumns {

    @Column(name = "provider_transaction_id", length = 128)
    public String providerTransactionId;

    @Column(name = "authorization_code", length = 64)
    public String authorizationCode;

    @Column(name = "response_code", length = 16)
    public String responseCode;

    @Column(name = "response_message")
    public String message;

    @Column(name = "response_locale", length = 16)
    public String locale;

    @Column(name = "provider_masked_pan", length = 32)
    public String providerMaskedPan;

    public ResponseColumns() {
    }
}
