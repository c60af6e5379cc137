package dev.cobro.adapters.persistence.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

import java.math.BigDecimal;

/**
 * An aggregate's amount and its currency's ISO code: a {@code Money} as its row holds it. Set once,
 * with the row, so a value like the {@code Money} it maps.
 */
@Embeddable
public record MoneyColumns(@Column(name = "amount", updatable = false, nullable = false) BigDecimal amount,
                           @Column(name = "currency", updatable = false, nullable = false, length = 3) String currency) {
}
