package dev.cobro.adapters.persistence;

import dev.cobro.db.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A claim of the outbox reads a bounded number of buffers however many events are pending: seeded
 * with twice as many pending events, after an ANALYZE taken while none was pending (the statistics
 * of an outbox that keeps up, which say the pending set is empty), under the generic plan a pooled
 * connection's prepared statement gets.
 */
class OutboxClaimBuffersIT {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxClaimBuffersIT.class);
    private static final int DELIVERED = 20_000;
    private static final int EVENTS_PER_SUBJECT = 4;
    private static final int LIMIT = 100;
    private static final Pattern HIT = Pattern.compile("\"Shared Hit Blocks\": (\\d+)");
    private static final Pattern READ = Pattern.compile("\"Shared Read Blocks\": (\\d+)");
    private static final Pattern ROWS = Pattern.compile("\"Actual Rows\": (\\d+)");

    @Test
    void aClaimCostsTheSameBuffersWithTwiceThePendingEvents() {
        TestDatabase.Handle db = Databases.migrated();
        long small = claimBuffers(db, 2_000);
        long large = claimBuffers(db, 4_000);

        LOG.info("claim of {}: {} buffers at 2000 pending events, {} at 4000", LIMIT, small, large);
        // Each candidate costs one descent of the subject's index, and each event taken the new version
        // its mark writes (the row, an entry in three indexes): about 1,600 buffers for 100. A claim that
        // reads the pending set once per candidate reads thousands more here, twice as many at twice the
        // events.
        assertThat(large).as("buffers of a claim at 4000 pending events (%d at 2000)", small)
                .isLessThanOrEqualTo(small + 20).isLessThan(2_500);
    }

    /** Seeds {@code pending} events of {@code pending / 4} subjects, interleaved, and measures one claim. */
    private static long claimBuffers(TestDatabase.Handle db, int pending) {
        Databases.emptySubjects(db);
        // No autovacuum between the ANALYZE and the claim: the statistics stay those of an empty backlog.
        Databases.execute(db, "alter table cobro.outcome_event set (autovacuum_enabled = false)");
        Databases.execute(db, "insert into cobro.outcome_event (subject_kind, subject_id, provider, reference,"
                + " to_status, reason, occurred_at, delivered_at, delivery_tries)"
                + " select 'card_authorization', md5('delivered' || (g / 3))::uuid, 'payme', 'r' || g, 'AUTHORIZED',"
                + " 'approved', now(), now(), 1 from generate_series(1, " + DELIVERED + ") g");
        Databases.execute(db, "vacuum analyze cobro.outcome_event");
        Databases.execute(db, "insert into cobro.outcome_event (subject_kind, subject_id, provider, reference,"
                + " to_status, reason, occurred_at)"
                + " select 'card_authorization', md5('pending' || (g % " + pending / EVENTS_PER_SUBJECT + "))::uuid,"
                + " 'payme', 'r' || g, 'AUTHORIZED', 'approved', now() from generate_series(1, " + pending + ") g");
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("set plan_cache_mode = force_generic_plan");
            st.execute("begin");
            st.execute("prepare claim as " + numbered(claimSql(db)));
            // Twice: the first execution also reads the catalog into the session's caches.
            explain(st);
            long buffers = explain(st);
            st.execute("rollback");
            return buffers;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String claimSql(TestDatabase.Handle db) {
        try (CobroPersistence persistence = Databases.persistence(db)) {
            return ((PostgresOutcomeOutboxAdapter) persistence.outbox()).claimSql();
        }
    }

    private static long explain(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("explain (analyze, buffers, format json) execute claim(now(), "
                + Long.MAX_VALUE + ", now(), " + LIMIT + ", now())")) {
            rs.next();
            String plan = rs.getString(1);
            assertThat(plan).as("a generic plan keeps the parameters").contains("$1");
            assertThat(first(ROWS, plan)).as("events claimed").isEqualTo(LIMIT);
            return first(HIT, plan) + first(READ, plan);
        }
    }

    private static long first(Pattern counter, String plan) {
        Matcher m = counter.matcher(plan);
        assertThat(m.find()).as(plan).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static String numbered(String sql) {
        StringBuilder out = new StringBuilder();
        int n = 0;
        for (char ch : sql.toCharArray()) {
            out.append(ch == '?' ? "$" + ++n : String.valueOf(ch));
        }
        return out.toString();
    }
}
