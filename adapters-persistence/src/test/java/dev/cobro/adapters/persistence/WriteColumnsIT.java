package dev.cobro.adapters.persistence;

import dev.cobro.adapters.persistence.entity.AttemptEntity;
import dev.cobro.adapters.persistence.entity.OutcomeEventEntity;
import dev.cobro.adapters.persistence.entity.RefundEntity;
import dev.cobro.adapters.persistence.mapping.AuthorizationMapper;
import dev.cobro.adapters.persistence.mapping.PaymentMapper;
import dev.cobro.adapters.persistence.write.EntityTables;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each write may touch, as the entities' mapping says it: a save rewrites only the columns that
 * move (never what was set with the row, such as an authorization's card holder, addresses, instrument
 * or amount), and an insert leaves the outbox's delivery columns to their defaults. The write rules
 * are the only column attributes the writes read, so they are pinned here column by column.
 */
class WriteColumnsIT {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
    private static MappedTables mapped;
    private static EntityTables tables;

    @BeforeAll
    static void mapping() {
        mapped = MappedTables.on(Databases.migrated());
        tables = mapped.tables();
    }

    @AfterAll
    static void close() {
        mapped.close();
    }

    @Test
    void anAuthorizationsSaveRewritesItsStatusAndTheProvidersAnswerOnly() {
        Object row = AuthorizationMapper.INSTANCE.toEntity(TestData.authorization("123456", "10.00", CLOCK).snapshot());

        assertThat(tables.of(row.getClass()).update(row).names()).containsExactlyInAnyOrder("status", "updated_at",
                "provider_transaction_id", "authorization_code", "response_code", "response_message",
                "response_locale", "provider_masked_pan", "failed_reversals");
    }

    @Test
    void aPaymentsSaveAlsoRewritesItsProviderAndAccountForARoutedCheckoutMovesOn() {
        Object row = PaymentMapper.INSTANCE.toEntity(TestData.payment("columns-1", "10.00", CLOCK).snapshot());

        assertThat(tables.of(row.getClass()).update(row).names()).containsExactlyInAnyOrder("provider", "account",
                "status", "updated_at", "echo_mismatch", "late_notification", "provider_session_id",
                "provider_reference", "checkout_url", "notification_key_id", "refunded_amount",
                "provider_payment_id");
    }

    @Test
    void anAttemptsOutcomeRewritesTheOutcomeColumnsOnly() {
        assertThat(tables.of(AttemptEntity.class).update(new AttemptEntity()).names()).containsExactlyInAnyOrder(
                "status", "finished_at", "latency_ms", "http_status", "provider_code", "provider_message", "response");
    }

    @Test
    void aRefundSentAgainMovesOnlyToItsNewAttempt() {
        assertThat(tables.of(RefundEntity.class).update(new RefundEntity()).names()).containsExactly("attempt_id");
    }

    @Test
    void anOutcomeEventIsInsertedWithoutItsDeliveryColumnsWhichAreAllItsUpdateWrites() {
        OutcomeEventEntity event = new OutcomeEventEntity();

        assertThat(tables.of(OutcomeEventEntity.class).insert(event).names()).containsExactlyInAnyOrder(
                "subject_kind", "subject_id", "provider", "account", "reference", "from_status", "to_status",
                "reason", "flags", "occurred_at");
        assertThat(tables.of(OutcomeEventEntity.class).update(event).names()).containsExactlyInAnyOrder(
                "delivered_at", "delivery_tries", "next_attempt_at", "last_error");
    }
}
