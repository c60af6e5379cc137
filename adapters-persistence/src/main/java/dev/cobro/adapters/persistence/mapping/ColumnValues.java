package dev.cobro.adapters.persistence.mapping;

import dev.cobro.adapters.persistence.entity.AdditionalFieldColumns;
import dev.cobro.adapters.persistence.entity.MoneyColumns;
import dev.cobro.domain.authorization.AdditionalFields;
import dev.cobro.domain.authorization.AuthorizationId;
import dev.cobro.domain.authorization.Channel;
import dev.cobro.domain.authorization.OperationNumber;
import dev.cobro.domain.payment.Country;
import dev.cobro.domain.payment.CustomerId;
import dev.cobro.domain.payment.MerchantReference;
import dev.cobro.domain.payment.PaymentId;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.Description;
import dev.cobro.domain.shared.HttpUrl;
import dev.cobro.domain.shared.Money;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.TransactionKind;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The domain's value types as the columns hold them and back, for the MapStruct mappers: each
 * mapper names the pairs of properties, these say how one value becomes the other. Every instant is
 * cut to microseconds on its way to a row ({@link TimestampColumns}), so an aggregate read back
 * equals the one saved.
 */
class ColumnValues {

    public Instant micros(Instant instant) {
        return TimestampColumns.micros(instant);
    }

    public MoneyColumns columns(Money money) {
        return money == null ? null : new MoneyColumns(money.amount(), money.currency().getCurrencyCode());
    }

    public Money money(MoneyColumns columns) {
        return columns == null ? null : Money.of(columns.amount(), Currency.getInstance(columns.currency()));
    }

    public String text(ProviderId v) {
        return v == null ? null : v.value();
    }

    public ProviderId provider(String v) {
        return v == null ? null : ProviderId.of(v);
    }

    public String text(AccountId v) {
        return v == null ? null : v.value();
    }

    public AccountId account(String v) {
        return v == null ? null : AccountId.of(v);
    }

    public UUID uuid(PaymentId v) {
        return v == null ? null : v.value();
    }

    public PaymentId paymentId(UUID v) {
        return v == null ? null : new PaymentId(v);
    }

    public UUID uuid(AuthorizationId v) {
        return v == null ? null : v.value();
    }

    public AuthorizationId authorizationId(UUID v) {
        return v == null ? null : new AuthorizationId(v);
    }

    public String text(MerchantReference v) {
        return v == null ? null : v.value();
    }

    public MerchantReference merchantReference(String v) {
        return v == null ? null : new MerchantReference(v);
    }

    public String text(OperationNumber v) {
        return v == null ? null : v.value();
    }

    public OperationNumber operationNumber(String v) {
        return v == null ? null : new OperationNumber(v);
    }

    public String text(CustomerId v) {
        return v == null ? null : v.value();
    }

    public CustomerId customerId(String v) {
        return v == null ? null : new CustomerId(v);
    }

    public String text(Description v) {
        return v == null ? null : v.value();
    }

    public Description description(String v) {
        return v == null ? null : new Description(v);
    }

    public String text(HttpUrl v) {
        return v == null ? null : v.value();
    }

    public HttpUrl url(String v) {
        return v == null ? null : new HttpUrl(v);
    }

    public String text(Country v) {
        return v == null ? null : v.alpha3();
    }

    public Country country(String v) {
        return v == null ? null : new Country(v);
    }

    public String text(Channel v) {
        return v == null ? null : v.code();
    }

    public Channel channel(String v) {
        return v == null ? null : Channel.fromCode(v);
    }

    public String text(TransactionKind v) {
        return v == null ? null : v.code();
    }

    public TransactionKind kind(String v) {
        return v == null ? null : TransactionKind.fromCode(v);
    }

    /** The merchant's fields in their order: the list's position is the row's. */
    public List<AdditionalFieldColumns> rows(AdditionalFields fields) {
        List<AdditionalFieldColumns> rows = new ArrayList<>();
        if (fields != null) {
            fields.values().forEach((key, value) -> rows.add(new AdditionalFieldColumns(key, value)));
        }
        return rows;
    }

    public AdditionalFields fields(List<AdditionalFieldColumns> rows) {
        Map<String, String> fields = new LinkedHashMap<>();
        rows.forEach(row -> fields.put(row.key, row.value));
        return new AdditionalFields(fields);
    }
}
