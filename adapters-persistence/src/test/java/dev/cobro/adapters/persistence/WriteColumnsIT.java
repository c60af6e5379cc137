package dev.cobro.adapters.persistence;

import dev.cobro.adapters.persistence.entity.AttemptEntity;
import dev.cobro.adapters.persistence.entity.AuthorizationEntity;
import dev.cobro.adapters.persistence.entity.StatusChangeEntity;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

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
    void anInsertReadsEachValueFromItsAttributeAnAbsentEmbeddableAsNullsAndAnIdClassKeyFromTheEntity() {
        AuthorizationEntity row = AuthorizationMapper.INSTANCE.toEntity(
                TestData.authorization("123457", "10.00", CLOCK).snapshot());
        Map<String, Object> withShipping = values(tables.of(AuthorizationEntity.class).insert(row));
        assertThat(withShipping).containsEntry("shipping_city", "Cusco").containsEntry("shipping_first_name", "Luis")
                .containsEntry("billing_first_name", "Ana").containsEntry("operation_number", "123457")
                .containsEntry("id", row.id);

        row.shipping = null;
        Map<String, Object> withoutShipping = values(tables.of(AuthorizationEntity.class).insert(row));
        assertThat(withoutShipping.keySet()).isEqualTo(withShipping.keySet());
        assertThat(withoutShipping).containsEntry("shipping_city", null).containsEntry("shipping_first_name", null)
                .containsEntry("billing_first_name", "Ana");

        StatusChangeEntity change = new StatusChangeEntity();
        change.subjectKind = "card_authorization";
        change.subjectId = UUID.fromString("00000000-0000-0000-0000-00000000002a");
        change.position = 3;
        change.toStatus = "AUTHORIZED";
        change.reason = "approved";
        change.changedAt = CLOCK.instant();
        assertThat(values(tables.of(StatusChangeEntity.class).id(change)))
                .containsExactly(Map.entry("subject_id", change.subjectId), Map.entry("position", 3));
        assertThat(values(tables.of(StatusChangeEntity.class).insert(change))).containsEntry("subject_id",
                change.subjectId).containsEntry("position", 3).containsEntry("to_status", "AUTHORIZED");
    }

    /** The columns and their values as the write would bind them (JDBC values, after the converters). */
    private static Map<String, Object> values(EntityTables.Columns columns) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < columns.names().size(); i++) {
            values.put(columns.names().get(i), columns.values().get(i).value());
        }
        return values;
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
