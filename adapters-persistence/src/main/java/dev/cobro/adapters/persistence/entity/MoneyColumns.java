package dev.cobro.adapters.persistence.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

import java.math.BigDecimal;

/**
 * An aggregate's amount and its currency's ISO code: a {@code Money} as its row holds it. Set once,
 * with the row, so a value like the {@code Money} it maps. Its columns are named here because they
 * are {@code amount} and {@code currency}, not the {@code money_} path the naming would derive.
 */
@Embeddable
public record MoneyColumns(@Column(name = "amount", updatable = false) BigDecimal amount,
                           @Column(name = "currency", updatable = false) String currency) {
}
