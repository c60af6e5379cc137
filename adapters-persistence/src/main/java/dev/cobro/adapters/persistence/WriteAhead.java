package dev.cobro.adapters.persistence;

import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.shared.StatusChange;
import org.hibernate.Session;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * The write-ahead's rows (the aggregate, its additional fields, its status changes and their outcome
 * events, its REQUESTED attempt) in plain JDBC over the session's connection, inside the caller's transaction: one
 * prepared statement holding one INSERT per table, sent in one round trip. The statements run in
 * that order and stop at the first error, so a duplicate aggregate fails on the aggregate's own
 * constraint (which {@link StoreErrors} maps by name) before its children could collide.
 * The values are the entities' (built by the mappers), written as Hibernate would write them:
 * every text through {@link NulSafeText#safe}, every instant cut to microseconds, the version
 * seeded as Hibernate seeds it (kept unless negative, then 0).
 */
final class WriteAhead {

    private final StringBuilder sql = new StringBuilder();
    private final List<Object> values = new ArrayList<>();
    private final List<Integer> types = new ArrayList<>();

    private WriteAhead() {
    }

    /** Inserts a new payment with its status changes and attempt; returns the payment's version. */
    static long payment(Session session, PaymentEntity e, OutcomeEvents.Subject subject,
                        List<? extends StatusChange<?>> changes, ProviderAttempt attempt) {
        long version = seeded(e.version);
        Row row = new Row()
                .uuid("id", e.id)
                .text("provider", e.provider)
                .text("account", e.account)
                .text("merchant_reference", e.merchantReference)
                .text("customer_id", e.customerId)
                .number("amount", e.amount)
                .text("currency", e.currency)
                .text("country", e.country)
                .text("method_code", e.methodCode)
                .text("method_category", e.methodCategory)
                .text("description", e.description)
                .text("notification_url", e.notificationUrl)
                .text("return_url", e.returnUrl)
                .text("fingerprint", e.fingerprint)
                .text("status", e.status)
                .bool("echo_mismatch", e.echoMismatch)
                .bool("late_notification", e.lateNotification)
                .text("provider_session_id", e.providerSessionId)
                .text("provider_reference", e.providerReference)
                .text("checkout_url", e.checkoutUrl)
                .time("created_at", e.createdAt)
                .time("updated_at", e.updatedAt)
                .bigint("version", version);
        new WriteAhead()
                .insert("checkout_payment", List.of(row))
                .statusChanges(subject, changes)
                .attempt(attempt)
                .execute(session);
        return version;
    }

    /**
     * Inserts a new authorization with its additional fields, status changes and attempt; returns
     * the authorization's version.
     */
    static long authorization(Session session, AuthorizationEntity e, OutcomeEvents.Subject subject,
                              List<? extends StatusChange<?>> changes, ProviderAttempt attempt) {
        long version = seeded(e.version);
        CardHolderColumns h = e.holder == null ? new CardHolderColumns() : e.holder;
        ResponseColumns r = e.response == null ? new ResponseColumns() : e.response;
        Row row = new Row()
                .uuid("id", e.id)
                .text("provider", e.provider)
                .text("account", e.account)
                .text("operation_number", e.operationNumber)
                .text("channel", e.channel)
                .number("amount", e.amount)
                .text("currency", e.currency)
                .text("instrument_kind", e.instrumentKind)
                .text("instrument_masked", e.instrumentMasked)
                .text("instrument_token_hash", e.instrumentTokenHash)
                .text("holder_first_name", h.firstName)
                .text("holder_last_name", h.lastName)
                .text("holder_email_address", h.emailAddress)
                .text("holder_identity_document_country", h.identityDocumentCountry)
                .text("holder_identity_document_type", h.identityDocumentType)
                .text("holder_identity_document_identifier", h.identityDocumentIdentifier)
                .address("billing", e.billing)
                .address("shipping", e.shipping)
                .text("description", e.description)
                .text("customer_id", e.customerId)
                .text("fingerprint", e.fingerprint)
                .text("status", e.status)
                .text("provider_transaction_id", r.providerTransactionId)
                .text("authorization_code", r.authorizationCode)
                .text("response_code", r.responseCode)
                .text("response_message", r.message)
                .text("response_locale", r.locale)
                .text("provider_masked_pan", r.providerMaskedPan)
                .integer("failed_reversals", e.failedReversals)
                .time("created_at", e.createdAt)
                .time("updated_at", e.updatedAt)
                .bigint("version", version);
        List<Row> fields = new ArrayList<>();
        for (int position = 0; position < e.additionalFields.size(); position++) {
            AdditionalFieldColumns field = e.additionalFields.get(position);
            fields.add(new Row()
                    .uuid("authorization_id", e.id)
                    .integer("position", position)
                    .text("field_key", field.key)
                    .text("field_value", field.value));
        }
        new WriteAhead()
                .insert("card_authorization", List.of(row))
                .insert("card_authorization_field", fields)
                .statusChanges(subject, changes)
                .attempt(attempt)
                .execute(session);
        return version;
    }

    /** Hibernate's seed of a new entity's version: its own value, unless negative (then 0). */
    private static long seeded(long version) {
        return version < 0 ? 0 : version;
    }

    /** The subject's status changes, each with its outcome event ({@link OutcomeEvents}). */
    private WriteAhead statusChanges(OutcomeEvents.Subject subject, List<? extends StatusChange<?>> changes) {
        List<Row> rows = new ArrayList<>();
        for (int position = 0; position < changes.size(); position++) {
            StatusChangeEntity c = StatusChanges.toEntity(subject.kind(), subject.id(), position,
                    changes.get(position));
            rows.add(new Row()
                    .text("subject_kind", c.subjectKind)
                    .uuid("subject_id", c.subjectId)
                    .integer("position", c.position)
                    .text("from_status", c.fromStatus)
                    .text("to_status", c.toStatus)
                    .text("reason", c.reason)
                    .time("changed_at", c.at));
        }
        return insert("status_change", rows).statement(OutcomeEvents.of(subject, changes, 0));
    }

    /** Another statement, with its own values, into the same round trip; nothing when null. */
    private WriteAhead statement(OutcomeEvents.Insert insert) {
        if (insert == null) {
            return this;
        }
        if (!sql.isEmpty()) {
            sql.append("; ");
        }
        sql.append(insert.sql());
        values.addAll(insert.values());
        types.addAll(insert.types());
        return this;
    }

    private WriteAhead attempt(ProviderAttempt attempt) {
        AttemptEntity a = new AttemptEntity();
        Attempts.write(attempt, a);
        return insert("provider_attempt", List.of(new Row()
                .uuid("id", a.id)
                .text("subject_kind", a.subjectKind)
                .uuid("subject_id", a.subjectId)
                .text("provider", a.provider)
                .text("account", a.account)
                .text("operation", a.operation)
                .integer("attempt_number", a.number)
                .text("status", a.status)
                .time("started_at", a.startedAt)
                .time("finished_at", a.finishedAt)
                .bigint("latency_ms", a.latencyMs)
                .integer("http_status", a.httpStatus)
                .text("provider_code", a.providerCode)
                .text("provider_message", a.providerMessage)
                .text("request", a.request)
                .text("response", a.response)));
    }

    /** One multi-row INSERT of rows that all name the same columns; nothing when there are none. */
    private WriteAhead insert(String table, List<Row> rows) {
        if (rows.isEmpty()) {
            return this;
        }
        if (!sql.isEmpty()) {
            sql.append("; ");
        }
        sql.append("insert into cobro.").append(table).append(" (")
                .append(String.join(", ", rows.get(0).columns)).append(") values ");
        String placeholders = "(" + String.join(", ", Collections.nCopies(rows.get(0).columns.size(), "?"))
                + ")";
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            sql.append(i == 0 ? "" : ", ").append(placeholders);
            values.addAll(row.values);
            types.addAll(row.types);
        }
        return this;
    }

    /** Sends every INSERT in one round trip (the driver runs them in order, stopping at the first error). */
    private void execute(Session session) {
        session.doWork(c -> {
            try (PreparedStatement st = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < values.size(); i++) {
                    st.setObject(i + 1, values.get(i), types.get(i));
                }
                st.execute();
            }
        });
    }

    /** The columns of one row and their values, each with its JDBC type (so that a null is typed too). */
    private static final class Row {

        private final List<String> columns = new ArrayList<>();
        private final List<Object> values = new ArrayList<>();
        private final List<Integer> types = new ArrayList<>();

        private Row add(String column, Object value, int type) {
            columns.add(column);
            values.add(value);
            types.add(type);
            return this;
        }

        Row text(String column, String value) {
            return add(column, NulSafeText.safe(value), Types.VARCHAR);
        }

        Row uuid(String column, UUID value) {
            return add(column, value, Types.OTHER);
        }

        Row number(String column, BigDecimal value) {
            return add(column, value, Types.NUMERIC);
        }

        Row bool(String column, boolean value) {
            return add(column, value, Types.BOOLEAN);
        }

        Row integer(String column, Integer value) {
            return add(column, value, Types.INTEGER);
        }

        Row bigint(String column, Long value) {
            return add(column, value, Types.BIGINT);
        }

        Row time(String column, Instant value) {
            return add(column, StatusChanges.timestamp(Times.micros(value)), Types.TIMESTAMP_WITH_TIMEZONE);
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
}
