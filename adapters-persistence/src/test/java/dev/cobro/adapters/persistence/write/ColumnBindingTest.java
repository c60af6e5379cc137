package dev.cobro.adapters.persistence.write;

import org.hibernate.dialect.PostgreSQLUUIDJdbcType;
import org.hibernate.metamodel.mapping.JdbcMapping;
import org.hibernate.type.descriptor.java.BigDecimalJavaType;
import org.hibernate.type.descriptor.java.InstantJavaType;
import org.hibernate.type.descriptor.java.IntegerJavaType;
import org.hibernate.type.descriptor.java.LongJavaType;
import org.hibernate.type.descriptor.java.StringJavaType;
import org.hibernate.type.descriptor.java.UUIDJavaType;
import org.hibernate.type.descriptor.jdbc.BigIntJdbcType;
import org.hibernate.type.descriptor.jdbc.DecimalJdbcType;
import org.hibernate.type.descriptor.jdbc.IntegerJdbcType;
import org.hibernate.type.descriptor.jdbc.NumericJdbcType;
import org.hibernate.type.descriptor.jdbc.TimestampUtcAsOffsetDateTimeJdbcType;
import org.hibernate.type.descriptor.jdbc.UUIDJdbcType;
import org.hibernate.type.descriptor.jdbc.VarcharJdbcType;
import org.hibernate.type.internal.BasicTypeImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A column whose value a write binds itself calls the statement exactly as the column's Hibernate
 * binder would (the same setter, the same value, {@code setNull} with the same type code); any other
 * column goes through that binder.
 */
class ColumnBindingTest {

    static Stream<Arguments> columns() {
        return Stream.of(
                Arguments.of(new BasicTypeImpl<>(StringJavaType.INSTANCE, VarcharJdbcType.INSTANCE),
                        ColumnBinding.TEXT, "Ana"),
                Arguments.of(new BasicTypeImpl<>(IntegerJavaType.INSTANCE, IntegerJdbcType.INSTANCE),
                        ColumnBinding.INTEGER, 42),
                Arguments.of(new BasicTypeImpl<>(LongJavaType.INSTANCE, BigIntJdbcType.INSTANCE),
                        ColumnBinding.BIGINT, 9_000_000_000L),
                Arguments.of(new BasicTypeImpl<>(BigDecimalJavaType.INSTANCE, DecimalJdbcType.INSTANCE),
                        ColumnBinding.DECIMAL, new BigDecimal("10.50000")),
                Arguments.of(new BasicTypeImpl<>(BigDecimalJavaType.INSTANCE, NumericJdbcType.INSTANCE),
                        ColumnBinding.DECIMAL, new BigDecimal("0.00001")),
                Arguments.of(new BasicTypeImpl<>(UUIDJavaType.INSTANCE, PostgreSQLUUIDJdbcType.INSTANCE),
                        ColumnBinding.UUID_VALUE, UUID.fromString("00000000-0000-0000-0000-00000000002a")),
                Arguments.of(new BasicTypeImpl<>(UUIDJavaType.INSTANCE, UUIDJdbcType.INSTANCE),
                        ColumnBinding.MAPPED, UUID.fromString("00000000-0000-0000-0000-00000000002a")));
    }

    @ParameterizedTest
    @MethodSource("columns")
    void aValueAndANullAreBoundAsTheColumnsHibernateBinderBindsThem(JdbcMapping column, ColumnBinding expected,
                                                                    Object value) throws SQLException {
        assertThat(ColumnBinding.of(column)).isEqualTo(expected);
        for (Object bound : Arrays.asList(value, null)) {
            Recorder own = new Recorder();
            ColumnBinding.of(column).bind(own.statement(), 3, bound, column, null);
            Recorder hibernate = new Recorder();
            column.getJdbcValueBinder().bind(hibernate.statement(), bound, 3, null);
            assertThat(own.calls).as("%s", bound).isNotEmpty().isEqualTo(hibernate.calls);
        }
    }

    @Test
    void aTimestamptzInstantIsBoundAsItsTextAndANullAsHibernateBindsIt() throws SQLException {
        JdbcMapping column = new BasicTypeImpl<>(InstantJavaType.INSTANCE, TimestampUtcAsOffsetDateTimeJdbcType.INSTANCE);
        assertThat(ColumnBinding.of(column)).isEqualTo(ColumnBinding.INSTANT);

        Recorder own = new Recorder();
        ColumnBinding.INSTANT.bind(own.statement(), 1, Instant.parse("2026-12-07T15:30:01.123456Z"), column, null);
        assertThat(own.calls).containsExactly(List.of("setObject", 1, "2026-12-07 15:30:01.123456+00", Types.OTHER));

        Recorder ownNull = new Recorder();
        ColumnBinding.INSTANT.bind(ownNull.statement(), 1, null, column, null);
        Recorder hibernateNull = new Recorder();
        column.getJdbcValueBinder().bind(hibernateNull.statement(), null, 1, null);
        assertThat(ownNull.calls).isNotEmpty().isEqualTo(hibernateNull.calls);
    }

    /** A statement that records each call made to it: the method's name and its arguments. */
    private static final class Recorder {

        final List<List<Object>> calls = new ArrayList<>();

        PreparedStatement statement() {
            return (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                        List<Object> call = new ArrayList<>();
                        call.add(method.getName());
                        call.addAll(args == null ? List.of() : Arrays.asList(args));
                        calls.add(call);
                        return null;
                    });
        }
    }
}
