package dev.cobro.adapters.persistence.write;

import org.hibernate.dialect.PostgreSQLUUIDJdbcType;
import org.hibernate.metamodel.mapping.JdbcMapping;
import org.hibernate.type.descriptor.WrapperOptions;
import org.hibernate.type.descriptor.jdbc.BigIntJdbcType;
import org.hibernate.type.descriptor.jdbc.DecimalJdbcType;
import org.hibernate.type.descriptor.jdbc.IntegerJdbcType;
import org.hibernate.type.descriptor.jdbc.JdbcType;
import org.hibernate.type.descriptor.jdbc.NumericJdbcType;
import org.hibernate.type.descriptor.jdbc.VarcharJdbcType;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

/**
 * How a write binds one column's value, chosen once per column from its mapping. For the JDBC types
 * whose Hibernate binder calls one setter with the value as it stands (text, integer, bigint, decimal
 * and numeric, PostgreSQL's uuid), the write calls that setter itself, and for a null {@code setNull}
 * with the type's code, as that binder does (a uuid's null goes to the binder, which names the type).
 * Hibernate's binder asks its logger whether to trace every value first, which was a twentieth of the
 * writes' time in a profile of a load run. A timestamptz instant is bound as {@link TimestampText}.
 * Any other column, and any value not of the type its column expects, goes through the column's own
 * Hibernate binder.
 */
enum ColumnBinding {

    TEXT(String.class, false, (st, index, value) -> st.setString(index, (String) value)),
    INTEGER(Integer.class, false, (st, index, value) -> st.setInt(index, (Integer) value)),
    BIGINT(Long.class, false, (st, index, value) -> st.setLong(index, (Long) value)),
    DECIMAL(BigDecimal.class, false, (st, index, value) -> st.setBigDecimal(index, (BigDecimal) value)),
    /** A timestamptz instant as its text ({@link TimestampText}); a null through the binder. */
    INSTANT(Instant.class, true, (st, index, value) -> TimestampText.bind(st, index, (Instant) value)),
    /** A uuid, set as an object as PostgreSQL's uuid binder sets it; a null (typed by name) through the binder. */
    UUID_VALUE(UUID.class, true, PreparedStatement::setObject),
    /** Hibernate's binder for the column, for every value. */
    MAPPED(Void.class, true, (st, index, value) -> {
        throw new IllegalStateException("a column bound by its binder has no setter of its own");
    });

    /** One of the statement's setters. */
    @FunctionalInterface
    private interface Setter {
        void set(PreparedStatement st, int index, Object value) throws SQLException;
    }

    private final Class<?> type;
    private final boolean nullThroughHibernate;
    private final Setter setter;

    ColumnBinding(Class<?> type, boolean nullThroughHibernate, Setter setter) {
        this.type = type;
        this.nullThroughHibernate = nullThroughHibernate;
        this.setter = setter;
    }

    /** The binding of a column mapped as {@code mapping}. */
    static ColumnBinding of(JdbcMapping mapping) {
        if (TimestampText.holdsInstants(mapping)) {
            return INSTANT;
        }
        // Exactly these classes: a subclass (a dialect's own) may bind otherwise.
        Class<? extends JdbcType> jdbcType = mapping.getJdbcType().getClass();
        if (jdbcType == VarcharJdbcType.class) {
            return TEXT;
        } else if (jdbcType == IntegerJdbcType.class) {
            return INTEGER;
        } else if (jdbcType == BigIntJdbcType.class) {
            return BIGINT;
        } else if (jdbcType == DecimalJdbcType.class || jdbcType == NumericJdbcType.class) {
            return DECIMAL;
        } else if (jdbcType == PostgreSQLUUIDJdbcType.class) {
            return UUID_VALUE;
        }
        return MAPPED;
    }

    /** Binds {@code value}, a JDBC value of a column mapped as {@code mapping} (after its converter). */
    void bind(PreparedStatement st, int index, Object value, JdbcMapping mapping, WrapperOptions options)
            throws SQLException {
        if (value == null ? nullThroughHibernate : !type.isInstance(value)) {
            throughHibernate(st, index, value, mapping, options);
        } else if (value == null) {
            st.setNull(index, mapping.getJdbcType().getJdbcTypeCode());
        } else {
            setter.set(st, index, value);
        }
    }

    @SuppressWarnings("unchecked")
    private static void throughHibernate(PreparedStatement st, int index, Object value, JdbcMapping mapping,
                                         WrapperOptions options) throws SQLException {
        mapping.getJdbcValueBinder().bind(st, value, index, options);
    }
}
