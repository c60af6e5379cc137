package dev.cobro.application.port.out;

import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.TransactionKind;
import dev.cobro.domain.shared.ValidationException;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Currency;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Filters of a history query; every null (or empty set) means "any". {@code createdFrom} is
 * inclusive, {@code createdTo} exclusive; amounts are inclusive and compared numerically. Build one
 * with {@link #builder()}, naming only the filters you want. With a {@code kind}, every status must be
 * one of that kind's: {@code card_authorization} with {@code SUCCEEDED} is refused, naming the kind's
 * statuses, instead of returning nothing. An {@code account} is a provider account's name
 * ({@code default}, {@code mx}, ...): alone it matches that name at every provider.
 */
public record HistoryCriteria(String customerId, ProviderId provider, AccountId account, TransactionKind kind,
                              Set<TransactionStatus> statuses, Currency currency, BigDecimal minAmount,
                              BigDecimal maxAmount, Instant createdFrom, Instant createdTo, String merchantReference) {

    /** No filter: every transaction. */
    public static final HistoryCriteria ANY = builder().build();

    public HistoryCriteria {
        statuses = statuses == null || statuses.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(statuses));
        if (kind != null) {
            Set<TransactionStatus> foreign = statuses.stream().filter(s -> !s.belongsTo(kind))
                    .collect(Collectors.toCollection(() -> EnumSet.noneOf(TransactionStatus.class)));
            if (!foreign.isEmpty()) {
                throw ValidationException.of("status", "a " + kind.code() + " is never "
                        + TransactionStatus.names(foreign) + "; its statuses are "
                        + TransactionStatus.names(TransactionStatus.of(kind)), TransactionStatus.names(foreign));
            }
        }
    }

    /** {@code HistoryCriteria.builder().customerId("cust-1").statuses(SUCCEEDED, AUTHORIZED).build()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Each filter by name; those not set mean "any". */
    public static final class Builder {

        private String customerId;
        private ProviderId provider;
        private AccountId account;
        private TransactionKind kind;
        private Set<TransactionStatus> statuses = Set.of();
        private Currency currency;
        private BigDecimal minAmount;
        private BigDecimal maxAmount;
        private Instant createdFrom;
        private Instant createdTo;
        private String merchantReference;

        private Builder() {
        }

        public Builder customerId(String customerId) {
            this.customerId = customerId;
            return this;
        }

        public Builder provider(ProviderId provider) {
            this.provider = provider;
            return this;
        }

        /** Only transactions made through this provider account. */
        public Builder account(AccountId account) {
            this.account = account;
            return this;
        }

        public Builder kind(TransactionKind kind) {
            this.kind = kind;
            return this;
        }

        /** Any of these statuses; text is read with {@link TransactionStatus#parse}. */
        public Builder statuses(TransactionStatus... statuses) {
            return statuses(Arrays.asList(statuses));
        }

        public Builder statuses(Collection<TransactionStatus> statuses) {
            this.statuses = Set.copyOf(statuses);
            return this;
        }

        public Builder currency(Currency currency) {
            this.currency = currency;
            return this;
        }

        /** At least this amount, inclusive. */
        public Builder minAmount(BigDecimal minAmount) {
            this.minAmount = minAmount;
            return this;
        }

        /** At most this amount, inclusive. */
        public Builder maxAmount(BigDecimal maxAmount) {
            this.maxAmount = maxAmount;
            return this;
        }

        /** Created at or after, inclusive. */
        public Builder createdFrom(Instant createdFrom) {
            this.createdFrom = createdFrom;
            return this;
        }

        /** Created before, exclusive. */
        public Builder createdTo(Instant createdTo) {
            this.createdTo = createdTo;
            return this;
        }

        /** A checkout's merchant reference or an authorization's operation number. */
        public Builder merchantReference(String merchantReference) {
            this.merchantReference = merchantReference;
            return this;
        }

        public HistoryCriteria build() {
            return new HistoryCriteria(customerId, provider, account, kind, statuses, currency, minAmount, maxAmount,
                    createdFrom, createdTo, merchantReference);
        }
    }
}
