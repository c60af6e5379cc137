package dev.cobro.adapters.persistence;

import dev.cobro.domain.attempt.AttemptOperation;
import dev.cobro.domain.attempt.AttemptStatus;
import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.TransactionKind;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.sql.Types;
import java.time.Duration;

/** provider_attempt rows: a REQUESTED attempt is inserted, its outcome later written over it. */
final class Attempts {

    private Attempts() {
    }

    static void insert(Session session, ProviderAttempt attempt) {
        AttemptEntity row = new AttemptEntity();
        write(attempt, row);
        session.persist(row);
    }

    /**
     * Stores an attempt given to a save. An attempt is always first stored REQUESTED (the write-ahead)
     * and only later finished: a REQUESTED one is inserted, a finished one written over its row by id
     * in one UPDATE, without reading it first. A finished attempt that was never stored is inserted.
     * Either insert fails on uq_provider_attempt_number when the subject already has an attempt of
     * that number (a stale or duplicate one), which surfaces as ConcurrentUpdateException.
     */
    static void save(Session session, ProviderAttempt attempt) {
        if (attempt.status() == AttemptStatus.REQUESTED || update(session, attempt) == 0) {
            insert(session, attempt);
        }
    }

    /** The UPDATE by id, in plain JDBC: Hibernate would translate an HQL update anew on every call. */
    private static int update(Session session, ProviderAttempt attempt) {
        AttemptEntity e = new AttemptEntity();
        write(attempt, e);
        return session.doReturningWork(c -> {
            try (PreparedStatement st = c.prepareStatement("update cobro.provider_attempt set subject_kind = ?,"
                    + " subject_id = ?, provider = ?, operation = ?, attempt_number = ?, status = ?, started_at = ?,"
                    + " finished_at = ?, latency_ms = ?, http_status = ?, provider_code = ?, provider_message = ?,"
                    + " request = ?, response = ? where id = ?")) {
                st.setString(1, e.subjectKind);
                st.setObject(2, e.subjectId);
                st.setString(3, e.provider);
                st.setString(4, e.operation);
                st.setInt(5, e.number);
                st.setString(6, e.status);
                st.setObject(7, StatusChanges.timestamp(e.startedAt));
                st.setObject(8, StatusChanges.timestamp(e.finishedAt), Types.TIMESTAMP_WITH_TIMEZONE);
                st.setObject(9, e.latencyMs, Types.BIGINT);
                st.setObject(10, e.httpStatus, Types.INTEGER);
                st.setString(11, NulSafeText.safe(e.providerCode));
                st.setString(12, NulSafeText.safe(e.providerMessage));
                st.setString(13, NulSafeText.safe(e.request));
                st.setString(14, NulSafeText.safe(e.response));
                st.setObject(15, e.id);
                return st.executeUpdate();
            }
        });
    }

    static void write(ProviderAttempt a, AttemptEntity e) {
        e.id = a.id();
        e.subjectKind = a.subjectKind().code();
        e.subjectId = a.subjectId();
        e.provider = a.provider().value();
        e.operation = a.operation().name();
        e.number = a.number();
        e.status = a.status().name();
        e.startedAt = Times.micros(a.startedAt());
        e.finishedAt = Times.micros(a.finishedAt());
        e.latencyMs = e.finishedAt == null ? null : Duration.between(e.startedAt, e.finishedAt).toMillis();
        e.httpStatus = a.httpStatus();
        e.providerCode = a.providerCode();
        e.providerMessage = a.providerMessage();
        e.request = a.request();
        e.response = a.response();
    }

    static ProviderAttempt restore(AttemptEntity e) {
        return ProviderAttempt.restore(e.id, TransactionKind.fromCode(e.subjectKind), e.subjectId,
                ProviderId.of(e.provider), AttemptOperation.valueOf(e.operation), e.number, e.startedAt, e.request,
                AttemptStatus.valueOf(e.status), e.finishedAt, e.httpStatus, e.providerCode, e.providerMessage,
                e.response);
    }
}
