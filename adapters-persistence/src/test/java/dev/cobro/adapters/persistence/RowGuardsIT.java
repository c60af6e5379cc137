package dev.cobro.adapters.persistence;

import dev.cobro.adapters.persistence.entity.AuthorizationEntity;
import dev.cobro.adapters.persistence.entity.RefundEntity;
import dev.cobro.adapters.persistence.mapping.AuthorizationMapper;
import dev.cobro.adapters.persistence.write.WriteBatch;
import dev.cobro.db.testing.TestDatabase;
import dev.cobro.domain.attempt.AttemptOperation;
import dev.cobro.domain.attempt.AttemptStatus;
import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.authorization.Authorization;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.TransactionKind;
import org.hibernate.StatelessSession;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The guards a save's two UPDATEs carry in their own SET (a row no longer at the version read, an
 * attempt no longer REQUESTED or not the subject's), refused by the CHECK constraints named after
 * them, which the migrations add validated; and an update of a row that is not stored at all, which
 * no constraint sees, reported by its count.
 */
class RowGuardsIT {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
    private static TestDatabase.Handle db;
    private static MappedTables mapped;

    @BeforeAll
    static void mapping() {
        db = Databases.migrated();
        mapped = MappedTables.on(db);
    }

    @AfterAll
    static void close() {
        mapped.close();
    }

    @Test
    void theGuardsConstraintsAreValidated() {
        assertThat(rows("select conrelid::regclass::text || ' ' || conname || ' ' || convalidated from pg_constraint"
                + " where conname like 'cobro_guard_%' order by 1"))
                .containsExactly("cobro.card_authorization cobro_guard_version true",
                        "cobro.checkout_payment cobro_guard_version true",
                        "cobro.provider_attempt cobro_guard_attempt_requested true");
    }

    @Test
    void aSaveOverAnotherVersionIsRefusedByTheVersionGuardAndWritesNothing() {
        AuthorizationEntity row = storedAuthorization("200001");
        String stored = "select status || ' ' || version from cobro.card_authorization where id = '" + row.id + "'";
        assertThat(rows(stored)).containsExactly("REQUESTED 0");

        row.status = "DECLINED";
        assertThatThrownBy(() -> send(new WriteBatch(mapped.tables()).versionedUpdate(row, 1)))
                .satisfies(e -> assertThat(constraint(e)).isEqualTo(WriteBatch.GUARD_VERSION));
        assertThat(rows(stored)).containsExactly("REQUESTED 0");

        send(new WriteBatch(mapped.tables()).versionedUpdate(row, 0));
        assertThat(rows(stored)).containsExactly("DECLINED 1");
    }

    @Test
    void anOutcomeOverAFinishedAttemptOrAnotherSubjectsIsRefusedByTheAttemptGuard() {
        UUID subject = UUID.fromString("5d0c4a3e-2f1b-4e6d-9a8c-7b6a5f4e3d21");
        ProviderAttempt attempt = ProviderAttempt.start(UUID.fromString("5d0c4a3e-2f1b-4e6d-9a8c-7b6a5f4e3d22"),
                TransactionKind.CARD_AUTHORIZATION, subject, new ProviderId("payme"), AttemptOperation.AUTHORIZE,
                1, "{}", CLOCK);
        send(new WriteBatch(mapped.tables()).attempt(attempt));
        ProviderAttempt othersView = ProviderAttempt.start(attempt.id(), TransactionKind.CARD_AUTHORIZATION,
                UUID.fromString("5d0c4a3e-2f1b-4e6d-9a8c-7b6a5f4e3d23"), new ProviderId("payme"),
                AttemptOperation.AUTHORIZE, 1, "{}", CLOCK);
        othersView.finish(AttemptStatus.SUCCEEDED, 200, "00", "Aprobado", "{}", CLOCK);

        assertThatThrownBy(() -> send(new WriteBatch(mapped.tables()).attempt(othersView)))
                .satisfies(e -> assertThat(constraint(e)).isEqualTo(WriteBatch.GUARD_ATTEMPT_REQUESTED));
        assertThat(attemptStatus(attempt)).containsExactly("REQUESTED");

        attempt.finish(AttemptStatus.UNKNOWN, null, null, "read timed out", null, CLOCK);
        send(new WriteBatch(mapped.tables()).attempt(attempt));
        assertThat(attemptStatus(attempt)).containsExactly("UNKNOWN");

        ProviderAttempt late = ProviderAttempt.start(attempt.id(), TransactionKind.CARD_AUTHORIZATION, subject,
                new ProviderId("payme"), AttemptOperation.AUTHORIZE, 1, "{}", CLOCK);
        late.finish(AttemptStatus.SUCCEEDED, 200, "00", "Aprobado", "{}", CLOCK);
        assertThatThrownBy(() -> send(new WriteBatch(mapped.tables()).attempt(late)))
                .satisfies(e -> assertThat(constraint(e)).isEqualTo(WriteBatch.GUARD_ATTEMPT_REQUESTED));
        assertThat(attemptStatus(attempt)).containsExactly("UNKNOWN");
    }

    @Test
    void anUpdateOfARowNeverStoredFailsAndOutsideAutoCommitWritesNothing() {
        AuthorizationEntity never = AuthorizationMapper.INSTANCE.toEntity(
                TestData.authorization("200002", "10.00", CLOCK).snapshot());
        AuthorizationEntity stored = storedAuthorization("200003");
        stored.status = "AUTHORIZED";

        assertThatThrownBy(() -> sendInTransaction(new WriteBatch(mapped.tables())
                .versionedUpdate(stored, 0).versionedUpdate(never, 0)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("row " + never.id + " of cobro.card_authorization is not stored: its update found 0 rows");
        assertThat(rows("select status from cobro.card_authorization where id = '" + stored.id + "'"))
                .containsExactly("REQUESTED");
        assertThat(rows("select id from cobro.card_authorization where id = '" + never.id + "'")).isEmpty();

        ProviderAttempt unwritten = ProviderAttempt.start(UUID.fromString("5d0c4a3e-2f1b-4e6d-9a8c-7b6a5f4e3d24"),
                TransactionKind.CARD_AUTHORIZATION, never.id, new ProviderId("payme"), AttemptOperation.AUTHORIZE, 1,
                "{}", CLOCK);
        unwritten.finish(AttemptStatus.SUCCEEDED, 200, "00", "Aprobado", "{}", CLOCK);
        assertThatThrownBy(() -> send(new WriteBatch(mapped.tables()).attempt(unwritten)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(unwritten.id() + " of cobro.provider_attempt");

        RefundEntity refund = new RefundEntity();
        refund.id = UUID.fromString("5d0c4a3e-2f1b-4e6d-9a8c-7b6a5f4e3d25");
        refund.attemptId = unwritten.id();
        assertThatThrownBy(() -> send(new WriteBatch(mapped.tables()).update(refund)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(refund.id + " of cobro.payment_refund");
    }

    private static AuthorizationEntity storedAuthorization(String operationNumber) {
        Authorization authorization = TestData.authorization(operationNumber, "10.00", CLOCK);
        AuthorizationEntity row = AuthorizationMapper.INSTANCE.toEntity(authorization.snapshot());
        send(new WriteBatch(mapped.tables()).insert(row));
        return AuthorizationMapper.INSTANCE.toEntity(authorization.snapshot());
    }

    private static List<String> attemptStatus(ProviderAttempt attempt) {
        return rows("select status from cobro.provider_attempt where id = '" + attempt.id() + "'");
    }

    private static void send(WriteBatch batch) {
        send(batch, true);
    }

    private static void sendInTransaction(WriteBatch batch) {
        send(batch, false);
    }

    private static void send(WriteBatch batch, boolean autoCommit) {
        try (StatelessSession session = mapped.sessions().openStatelessSession()) {
            session.doWork(c -> {
                c.setAutoCommit(autoCommit);
                try {
                    batch.send(c, (SharedSessionContractImplementor) session);
                } finally {
                    c.setAutoCommit(true);
                }
            });
        }
    }

    private static String constraint(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
                return psql.getServerErrorMessage().getConstraint();
            }
        }
        return null;
    }

    /** The first column of each row {@code sql} answers. */
    private static List<String> rows(String sql) {
        return Databases.rows(db, sql).stream().map(row -> row.get(0)).toList();
    }
}
