package dev.cobro.adapters.persistence.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * What cobro.card_authorization keeps of the card, set once with the row: its kind, its masked value
 * and, for a token, the keyed hash. There is no column for a PAN, a CVV or a token id.
 */
@Embeddable
public record InstrumentColumns(
        @Column(name = "instrument_kind", updatable = false, nullable = false, length = 5) String kind,
        @Column(name = "instrument_masked", updatable = false, nullable = false, length = 19) String masked,
        @Column(name = "instrument_token_hash", updatable = false, length = 64) String tokenHash) {
}
