package dev.cobro.adapters.persistence.write;

import dev.cobro.db.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The text a write binds for an instant: what it looks like, and that PostgreSQL reads it as the
 * value the driver's own path sends.
 */
class TimestampTextIT {

    private static final List<Instant> INSTANTS = List.of(
            Instant.parse("2026-12-07T15:30:01.123456Z"),
            Instant.parse("2026-12-07T15:30:01Z"),
            Instant.parse("2026-02-28T23:59:59.999999Z"),
            // Nanoseconds PostgreSQL rounds to microseconds, as it does the driver's text.
            Instant.parse("2026-12-07T15:30:01.123456789Z"),
            Instant.parse("2026-12-07T15:30:01.000000500Z"),
            Instant.parse("2026-12-07T15:30:01.000000499Z"),
            Instant.parse("2026-12-31T23:59:59.999999999Z"),
            Instant.parse("1970-01-01T00:00:00Z"),
            Instant.parse("1969-12-31T23:59:59.999999Z"),
            Instant.parse("0001-01-01T00:00:00Z"),
            Instant.parse("9999-12-31T23:59:59.999999Z"));

    @Test
    void anInstantIsWrittenInUtcToTheMicrosecondAHalfRoundedUp() {
        assertThat(TimestampText.of(Instant.parse("2026-12-07T15:30:01.123456Z")))
                .isEqualTo("2026-12-07 15:30:01.123456+00");
        assertThat(TimestampText.of(Instant.parse("0001-01-01T00:00:00Z"))).isEqualTo("0001-01-01 00:00:00.000000+00");
        assertThat(TimestampText.of(Instant.parse("2026-12-07T15:30:01.000000499Z")))
                .isEqualTo("2026-12-07 15:30:01.000000+00");
        assertThat(TimestampText.of(Instant.parse("2026-12-07T15:30:01.000000500Z")))
                .isEqualTo("2026-12-07 15:30:01.000001+00");
        assertThat(TimestampText.of(Instant.parse("2026-12-31T23:59:59.999999999Z")))
                .isEqualTo("2027-01-01 00:00:00.000000+00");
        assertThat(TimestampText.of(Instant.parse("1969-12-31T23:59:59.999999Z")))
                .isEqualTo("1969-12-31 23:59:59.999999+00");
    }

    @Test
    void aYearOutsideOneToNineThousandNineHundredNinetyNineIsLeftToTheDriver() {
        assertThat(TimestampText.of(Instant.parse("0000-12-31T23:59:59.999999Z"))).isNull();
        assertThat(TimestampText.of(Instant.parse("9999-12-31T23:59:59.9999995Z"))).as("rounds into 10000").isNull();
        assertThat(TimestampText.of(Instant.parse("+10000-01-01T00:00:00Z"))).isNull();
        assertThat(TimestampText.of(Instant.MIN)).isNull();
        assertThat(TimestampText.of(Instant.MAX)).isNull();
    }

    @Test
    void postgresqlReadsTheTextAsTheTimestampTheDriverWouldHaveSent() throws SQLException {
        TestDatabase.Handle db = TestDatabase.freshDatabase();
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement st = c.prepareStatement("select cast(? as timestamptz), cast(? as timestamptz)")) {
            for (Instant instant : INSTANTS) {
                st.setObject(1, TimestampText.of(instant), Types.OTHER);
                st.setObject(2, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    Instant fromText = rs.getObject(1, OffsetDateTime.class).toInstant();
                    assertThat(fromText).as("%s", instant)
                            .isEqualTo(rs.getObject(2, OffsetDateTime.class).toInstant());
                }
            }
        }
    }
}
