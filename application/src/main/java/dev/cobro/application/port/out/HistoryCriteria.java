package dev.cobro.application.port.out;

import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.TransactionKind;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.Set;

/**
 * Filters of a history query; every null (or empty set) means "any". {@code createdFrom} is
 * inclusive, {@code createdTo} exclusive; amounts are inclusive and compared numerically.
 */
public record HistoryCriteria(String customerId, ProviderId provider, TransactionKind kind, Set<String> statuses,
                              Currency currency, BigDecimal minAmount, BigDecimal maxAmount, Instant createdFrom,
                              Instant createdTo, String merchantReference) {

    public static final HistoryCriteria ANY = new HistoryCriteria(null, null, null, Set.of(), null, null, null,
            null, null, null);

    public HistoryCriteria {
        statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
    }
}
