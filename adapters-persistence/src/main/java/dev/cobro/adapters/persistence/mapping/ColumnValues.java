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
import org.mapstruct.TargetType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The domain's value types as the columns hold them and back, for the MapStruct mappers: each
 * mapper names the pairs of properties, these say how one value becomes the other. Each value type
 * that a column holds as text or as a uuid is one row of {@link #TYPES}; MapStruct calls the generic
 * methods below with the property's type as a class literal ({@link TargetType}), so a conversion is one
 * map lookup and a method reference, and null stays null. An enum absent from the table is stored by
 * its name. Every instant is cut to microseconds on its way to a row ({@link TimestampColumns}), so an
 * aggregate read back equals the one saved.
 */
class ColumnValues {

    /** One value type: its column's value and back. */
    private record ColumnType<V, C>(Class<V> type, Function<V, C> toColumn, Function<C, V> fromColumn) {
    }

    /** Every value type a column holds, by name. */
    private static final Map<Class<?>, ColumnType<?, ?>> TYPES = Stream.of(
                    new ColumnType<>(AccountId.class, AccountId::value, AccountId::of),
                    new ColumnType<>(AuthorizationId.class, AuthorizationId::value, AuthorizationId::new),
                    new ColumnType<>(Channel.class, Channel::code, Channel::fromCode),
                    new ColumnType<>(Country.class, Country::alpha3, Country::new),
                    new ColumnType<>(CustomerId.class, CustomerId::value, CustomerId::new),
                    new ColumnType<>(Description.class, Description::value, Description::new),
                    new ColumnType<>(HttpUrl.class, HttpUrl::value, HttpUrl::new),
                    new ColumnType<>(MerchantReference.class, MerchantReference::value, MerchantReference::new),
                    new ColumnType<>(OperationNumber.class, OperationNumber::value, OperationNumber::new),
                    new ColumnType<>(PaymentId.class, PaymentId::value, PaymentId::new),
                    new ColumnType<>(ProviderId.class, ProviderId::value, ProviderId::of),
                    new ColumnType<>(TransactionKind.class, TransactionKind::code, TransactionKind::fromCode))
            .collect(Collectors.toUnmodifiableMap(ColumnType::type, t -> t));

    /** A value type's text column (a record's: an id, a reference, a URL...). */
    public <V extends Record> String text(V value) {
        return value == null ? null : toColumn(value, type(value.getClass()), String.class);
    }

    /** A value type's uuid column (a payment's or an authorization's id). */
    public <V extends Record> UUID uuid(V value) {
        return value == null ? null : toColumn(value, type(value.getClass()), UUID.class);
    }

    /** An enum's text column: its code when the table has one, else its name. */
    public <E extends Enum<E>> String text(E value) {
        if (value == null) {
            return null;
        }
        ColumnType<?, ?> type = TYPES.get(value.getDeclaringClass());
        return type == null ? value.name() : toColumn(value, type, String.class);
    }

    /** The value type of {@code type} held by a text column. */
    public <V extends Record> V value(String column, @TargetType Class<V> type) {
        return column == null ? null : fromColumn(column, type(type), type);
    }

    /** The value type of {@code type} held by a uuid column. */
    public <V extends Record> V value(UUID column, @TargetType Class<V> type) {
        return column == null ? null : fromColumn(column, type(type), type);
    }

    /** The constant of {@code type} held by a text column: by its code when the table has one, else by name. */
    public <E extends Enum<E>> E constant(String column, @TargetType Class<E> type) {
        if (column == null) {
            return null;
        }
        ColumnType<?, ?> found = TYPES.get(type);
        return found == null ? Enum.valueOf(type, column) : fromColumn(column, found, type);
    }

    public Instant micros(Instant instant) {
        return TimestampColumns.micros(instant);
    }

    public MoneyColumns columns(Money money) {
        return money == null ? null : new MoneyColumns(money.amount(), money.currency().getCurrencyCode());
    }

    public Money money(MoneyColumns columns) {
        return columns == null ? null : Money.of(columns.amount(), Currency.getInstance(columns.currency()));
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

    @SuppressWarnings("unchecked")
    private static <C> C toColumn(Object value, ColumnType<?, ?> type, Class<C> column) {
        return column.cast(((ColumnType<Object, ?>) type).toColumn().apply(value));
    }

    @SuppressWarnings("unchecked")
    private static <V> V fromColumn(Object column, ColumnType<?, ?> found, Class<V> type) {
        return type.cast(((ColumnType<?, Object>) found).fromColumn().apply(column));
    }

    private static ColumnType<?, ?> type(Class<?> type) {
        ColumnType<?, ?> found = TYPES.get(type);
        if (found == null) {
            throw new IllegalStateException(type.getName() + " has no column type in ColumnValues");
        }
        return found;
    }
}
