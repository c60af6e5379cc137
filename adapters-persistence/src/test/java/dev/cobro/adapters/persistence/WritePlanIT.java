package dev.cobro.adapters.persistence;

import dev.cobro.adapters.persistence.mapping.AuthorizationMapper;
import dev.cobro.adapters.persistence.mapping.PaymentMapper;
import dev.cobro.adapters.persistence.write.WriteBatch;
import dev.cobro.db.testing.TestDatabase;
import dev.cobro.domain.attempt.AttemptOperation;
import dev.cobro.domain.attempt.AttemptStatus;
import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.TransactionKind;
import org.hibernate.StatelessSession;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guarded writes of the hot path find their one row through an index condition, whatever
 * the statistics say. The state that misled the planner: attempts that were
 * REQUESTED a moment ago and are all finished now, analyzed. A partial index of REQUESTED rows then
 * counts no row, so scanning the whole of it looked cheaper than the primary key; but until vacuum
 * it still holds an entry for every finished attempt, and the attempt's outcome was written after
 * reading all of them (83 buffers a statement in the bench, against 16 for the baseline's).
 */
class WritePlanIT {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
    private static TestDatabase.Handle db;
    private static MappedTables mapped;

    @BeforeAll
    static void attemptsThatWereAllRequestedAMomentAgo() {
        db = Databases.migrated();
        Databases.execute(db, "insert into cobro.provider_attempt (id, subject_kind, subject_id, provider, operation,"
                + " attempt_number, status, started_at)"
                + " select gen_random_uuid(), 'card_authorization', gen_random_uuid(), 'payme', 'AUTHORIZE', 1,"
                + " 'REQUESTED', timestamptz '2026-03-01' + g * interval '1 second'"
                + " from generate_series(1, 20000) g");
        Databases.execute(db, "update cobro.provider_attempt set status = 'SUCCEEDED', finished_at = started_at");
        Databases.execute(db, "analyze cobro.provider_attempt");
        mapped = MappedTables.on(db);
    }

    @AfterAll
    static void close() {
        mapped.close();
    }

    @Test
    void anAttemptsOutcomeIsWrittenThroughAnIndexConditionNotAWholePartialIndex() {
        ProviderAttempt attempt = ProviderAttempt.start(UUID.fromString("7b2f7f0e-1c1a-4c51-9b0e-5d1f2f7f7a01"),
                TransactionKind.CARD_AUTHORIZATION, UUID.fromString("3c9d1e5a-8f4b-4a7e-a1c2-6e0f9b8d7c02"),
                new ProviderId("payme"), AttemptOperation.AUTHORIZE, 1, "{}", CLOCK);
        attempt.finish(AttemptStatus.SUCCEEDED, 200, "00", "Aprobado", "{}", CLOCK);

        String plan = genericPlan(new WriteBatch(mapped.tables()).attempt(attempt));

        assertThat(plan).as(plan).contains("provider_attempt").doesNotContain("Seq Scan");
        assertThat(scansWithoutIndexCondition(plan)).as(plan).isEmpty();
    }

    @Test
    void aVersionedSaveFindsItsRowByKey() {
        Map<String, Object> rows = Map.of(
                "card_authorization", AuthorizationMapper.INSTANCE.toEntity(
                        TestData.authorization("123456", "10.00", CLOCK).snapshot()),
                "checkout_payment", PaymentMapper.INSTANCE.toEntity(
                        TestData.payment("plan-1", "10.00", CLOCK).snapshot()));
        for (Map.Entry<String, Object> row : rows.entrySet()) {
            String plan = genericPlan(new WriteBatch(mapped.tables()).versionedUpdate(row.getValue(), 3));

            assertThat(plan).as(plan).contains(row.getKey() + "_pkey").doesNotContain("Seq Scan");
            assertThat(scansWithoutIndexCondition(plan)).as(plan).isEmpty();
        }
    }

    /** The plan PostgreSQL keeps for the statement once it is prepared (a generic plan), with the batch's values. */
    private static String genericPlan(WriteBatch batch) {
        try (StatelessSession session = mapped.sessions().openStatelessSession()) {
            return session.doReturningWork(c -> genericPlan(batch, c, (SharedSessionContractImplementor) session));
        }
    }

    private static String genericPlan(WriteBatch batch, Connection c, SharedSessionContractImplementor binding)
            throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("set plan_cache_mode = force_generic_plan");
        }
        try (PreparedStatement st = batch.prepare(c, binding, "explain "); ResultSet rs = st.executeQuery()) {
            StringBuilder plan = new StringBuilder();
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
            return plan.toString();
        } finally {
            try (Statement st = c.createStatement()) {
                st.execute("reset plan_cache_mode");
            }
        }
    }

    /** Each index scan node of a text plan that reads its index without an Index Cond (the whole index). */
    private static List<String> scansWithoutIndexCondition(String plan) {
        List<String> unbounded = new ArrayList<>();
        for (String node : plan.split("->")) {
            if (node.contains("Index Scan using") || node.contains("Index Only Scan using")) {
                if (!node.contains("Index Cond:")) {
                    unbounded.add(node.strip().lines().findFirst().orElse(node));
                }
            }
        }
        return unbounded;
    }
}
