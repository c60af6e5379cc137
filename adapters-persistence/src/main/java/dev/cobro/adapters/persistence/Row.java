package dev.cobro.adapters.persistence;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One row as a write sends it: its columns in order, each value with its JDBC type (so that a null
 * is typed too), every value as Hibernate would write it through the entity: each text through
 * {@link NulSafeText#safe}, each instant cut to microseconds ({@link TimestampColumns}). Each entity
 * says its own columns ({@code row()}); {@link WriteBatch} turns rows into statements.
 */
final class Row {

    final List<String> columns = new ArrayList<>();
    final List<Object> values = new ArrayList<>();
    final List<Integer> types = new ArrayList<>();

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
        return text(prefix + "_id", a.id)
                .text(prefix + "_first_name", a.firstName)
                .text(prefix + "_last_name", a.lastName)
                .text(prefix + "_email", a.email)
                .text(prefix + "_phone_country_code", a.phoneCountryCode)
                .text(prefix + "_phone_subscriber", a.phoneSubscriber)
                .text(prefix + "_line1", a.line1)
                .text(prefix + "_line2", a.line2)
                .text(prefix + "_city", a.city)
                .text(prefix + "_state", a.state)
                .text(prefix + "_country", a.country)
                .text(prefix + "_zip_code", a.zipCode);
    }
}
