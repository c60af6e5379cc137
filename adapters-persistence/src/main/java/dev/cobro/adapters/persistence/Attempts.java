package dev.cobro.adapters.persistence;

import dev.cobro.application.port.out.ConcurrentUpdateException;
import dev.cobro.domain.attempt.AttemptOperation;
import dev.cobro.domain.attempt.AttemptStatus;
import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.TransactionKind;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
     * in one UPDATE guarded by {@code status = 'REQUESTED'}, without reading it first, so a finished
     * attempt is never written over (a stale copy, the resolver racing a late outcome): that is a
     * ConcurrentUpdateException. A finished attempt that was never stored is inserted. An insert fails
     * on uq_provider_attempt_number when the subject already has an attempt of that number, and on
     * uq_provider_attempt_one_requested when it already has an unfinished one.
     */
    static void save(Session session, ProviderAttempt attempt) {
        if (attempt.status() == AttemptStatus.REQUESTED) {
            insert(session, attempt);
            return;
        }
        if (update(session, attempt) == 0) {
            if (exists(session, attempt)) {
                throw new ConcurrentUpdateException("attempt " + attempt.id() + " already has its outcome;"
                        + " an attempt finishes once and is never written over");
            }
            insert(session, attempt);
        }
    }

    private static boolean exists(Session session, ProviderAttempt attempt) {
        return session.doReturningWork(c -> {
            try (PreparedStatement st = c.prepareStatement("select 1 from cobro.provider_attempt where id = ?")) {
                st.setObject(1, attempt.id());
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /**
     * The guarded UPDATE by id, in plain JDBC: Hibernate would translate an HQL update anew on every
     * call. Only the outcome columns change; the request side was fixed by the write-ahead.
     */
    private static int update(Session session, ProviderAttempt attempt) {
        AttemptEntity e = new AttemptEntity();
        write(attempt, e);
        return session.doReturningWork(c -> {
            try (PreparedStatement st = c.prepareStatement("update cobro.provider_attempt set status = ?,"
                    + " finished_at = ?, latency_ms = ?, http_status = ?, provider_code = ?, provider_message = ?,"
                    + " response = ? where id = ? and subject_id = ? and status = 'REQUESTED'")) {
                st.setString(1, e.status);
                st.setObject(2, StatusChanges.timestamp(e.finishedAt), Types.TIMESTAMP_WITH_TIMEZONE);
                st.setObject(3, e.latencyMs, Types.BIGINT);
                st.setObject(4, e.httpStatus, Types.INTEGER);
                st.setString(5, NulSafeText.safe(e.providerCode));
                st.setString(6, NulSafeText.safe(e.providerMessage));
                st.setString(7, NulSafeText.safe(e.response));
                st.setObject(8, e.id);
                st.setObject(9, e.subjectId);
                return st.executeUpdate();
            }
        });
    }

    static void write(ProviderAttempt a, AttemptEntity e) {
        e.id = a.id();
        e.subjectKind = a.subjectKind().code();
        e.subjectId = a.subjectId();
        e.provider = a.provider().value();
        e.account = a.account().value();
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
                ProviderId.of(e.provider), AccountId.of(e.account), AttemptOperation.valueOf(e.operation), e.number, e.startedAt, e.request,
                AttemptStatus.valueOf(e.status), e.finishedAt, e.httpStatus, e.providerCode, e.providerMessage,
                e.response);
    }
}
