package dev.cobro.adapters.persistence;

import dev.cobro.domain.attempt.AttemptOperation;
import dev.cobro.domain.attempt.AttemptStatus;
import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.TransactionKind;
import org.hibernate.Session;

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

    static void insertOrUpdate(Session session, ProviderAttempt attempt) {
        AttemptEntity row = session.find(AttemptEntity.class, attempt.id());
        if (row == null) {
            row = new AttemptEntity();
            write(attempt, row);
            session.persist(row);
        } else {
            write(attempt, row);
        }
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
