package dev.cobro.adapters.persistence.write;

import org.hibernate.metamodel.mapping.JdbcMapping;
import org.hibernate.type.SqlTypes;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * An instant as PostgreSQL reads a timestamptz literal, in UTC, to the microsecond (a half microsecond
 * rounded up, as the driver does): {@code 2026-12-07 15:30:01.123457+00}. The driver's own path for a
 * {@code java.time} value (the text it sends is the same) builds a calendar for every statement and
 * formats through it; a write binds up to a dozen instants, and that path was about a tenth of the
 * writes' binding time in a profile of a load run. Years outside 1 to 9999 are not written here
 * ({@link #of} answers null): the driver's path handles them.
 */
public final class TimestampText {

    private static final long FIRST = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
    private static final long LAST = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    private static final int LONGEST = "9999-12-31 23:59:59.999999+00".length();

    private TimestampText() {
    }

    /** Whether {@code column} is a timestamptz column mapped to an {@code Instant} with no converter of its own. */
    static boolean holdsInstants(JdbcMapping column) {
        return column.getJdbcType().getDefaultSqlTypeCode() == SqlTypes.TIMESTAMP_UTC
                && column.getJavaTypeDescriptor().getJavaTypeClass() == Instant.class
                && column.getValueConverter() == null;
    }

    /** Binds {@code instant} as its text, typed by its column; outside years 1 to 9999, through the driver. */
    public static void bind(PreparedStatement st, int index, Instant instant) throws SQLException {
        String text = of(instant);
        if (text != null) {
            st.setObject(index, text, Types.OTHER);
        } else {
            st.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
        }
    }

    /** The text of {@code instant}, or null when its year is outside 1 to 9999. */
    static String of(Instant instant) {
        int belowMicros = instant.getNano() % 1000;
        if (instant.getEpochSecond() < FIRST || instant.getEpochSecond() > LAST) {
            return null;
        }
        Instant micros = belowMicros >= 500 ? instant.plusNanos(1000 - belowMicros) : instant.minusNanos(belowMicros);
        if (micros.getEpochSecond() > LAST) {
            return null;
        }
        LocalDateTime utc = LocalDateTime.ofEpochSecond(micros.getEpochSecond(), micros.getNano(), ZoneOffset.UTC);
        char[] text = new char[LONGEST];
        int at = digits(text, 0, utc.getYear(), 4);
        text[at++] = '-';
        at = digits(text, at, utc.getMonthValue(), 2);
        text[at++] = '-';
        at = digits(text, at, utc.getDayOfMonth(), 2);
        text[at++] = ' ';
        at = digits(text, at, utc.getHour(), 2);
        text[at++] = ':';
        at = digits(text, at, utc.getMinute(), 2);
        text[at++] = ':';
        at = digits(text, at, utc.getSecond(), 2);
        text[at++] = '.';
        at = digits(text, at, utc.getNano() / 1000, 6);
        text[at++] = '+';
        text[at++] = '0';
        text[at++] = '0';
        return new String(text, 0, at);
    }

    /** {@code value} in {@code width} decimal digits, zero-padded, from {@code at}; the index after them. */
    private static int digits(char[] into, int at, int value, int width) {
        int rest = value;
        for (int i = at + width - 1; i >= at; i--) {
            into[i] = (char) ('0' + rest % 10);
            rest /= 10;
        }
        return at + width;
    }
}
