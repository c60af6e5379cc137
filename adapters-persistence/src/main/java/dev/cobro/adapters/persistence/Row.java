package dev.cobro.adapters.persistence;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * One row as a write sends it: its columns in order, each value with its JDBC type (so that a null
 * is typed too), every value as Hibernate would write it through the entity: each text through
 * {@link NulSafeText#safe}, each instant cut to microseconds ({@link TimestampColumns}). Each entity
 * says its own columns ({@code row()}); {@link WriteBatch} turns rows into statements.
 */
final class Row {

    final List<String> columns;
    final List<Object> values;
    final List<Integer> types;

    /** A row of a few columns (a key, a status change). */
    Row() {
        this(12);
    }

    /** A row of about {@code columns} columns: the lists are sized once, not grown column by column. */
    Row(int columns) {
        this.columns = new ArrayList<>(columns);
        this.values = new ArrayList<>(columns);
        this.types = new ArrayList<>(columns);
    }

    private Row add(String column, Object value, int type) {
        columns.add(column);
        values.add(value);
        types.add(type);
        return this;
    }

    Row text(String column, String value) {
        return add(column, NulSafeText.safe(value), java.sql.Types.VARCHAR);
    }

    Row uuid(String column, UUID value) {
        return add(column, value, java.sql.Types.OTHER);
    }

    Row number(String column, BigDecimal value) {
        return add(column, value, java.sql.Types.NUMERIC);
    }

    Row bool(String column, boolean value) {
        return add(column, value, java.sql.Types.BOOLEAN);
    }

    Row integer(String column, Integer value) {
        return add(column, value, java.sql.Types.INTEGER);
    }

    Row bigint(String column, Long value) {
        return add(column, value, java.sql.Types.BIGINT);
    }

    Row time(String column, Instant value) {
        return add(column, TimestampColumns.value(value), java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
    }

    /** An address's twelve columns, named after it ({@code billing_zip_code}); all null without one. */
    Row address(String prefix, AddressColumns address) {
        AddressColumns a = address == null ? new AddressColumns() : address;
        String[] c = ADDRESS_COLUMNS.computeIfAbsent(prefix, Row::addressColumns);
        return text(c[0], a.id)
                .text(c[1], a.firstName)
                .text(c[2], a.lastName)
                .text(c[3], a.email)
                .text(c[4], a.phoneCountryCode)
                .text(c[5], a.phoneSubscriber)
                .text(c[6], a.line1)
                .text(c[7], a.line2)
                .text(c[8], a.city)
                .text(c[9], a.state)
                .text(c[10], a.country)
                .text(c[11], a.zipCode);
    }

    /** The address columns' names per prefix, made once: the same strings every time, so a row's shape compares fast. */
    private static final Map<String, String[]> ADDRESS_COLUMNS = new ConcurrentHashMap<>();

    private static String[] addressColumns(String prefix) {
        return Stream.of("id", "first_name", "last_name", "email", "phone_country_code", "phone_subscriber", "line1",
                "line2", "city", "state", "country", "zip_code").map(name -> prefix + "_" + name).toArray(String[]::new);
    }
}
