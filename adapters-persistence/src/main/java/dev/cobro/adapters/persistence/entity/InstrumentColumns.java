package dev.cobro.adapters.persistence.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * What cobro.card_authorization keeps of the card, set once with the row: its kind, its masked value
 * and, for a token, the keyed hash ({@code instrument_kind}, {@code instrument_masked},
 * {@code instrument_token_hash}). There is no column for a PAN, a CVV or a token id.
 */
@Embeddable
public record InstrumentColumns(@Column(updatable = false) String kind,
                                @Column(updatable = false) String masked,
                                @Column(updatable = false) String tokenHash) {
}
