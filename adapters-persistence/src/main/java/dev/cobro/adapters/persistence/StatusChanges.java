package dev.cobro.adapters.persistence;

import dev.cobro.domain.shared.StatusChange;
import dev.cobro.domain.shared.TransactionKind;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/** The status_change rows of either aggregate: appended, never rewritten. */
final class StatusChanges {

    private StatusChanges() {
    }

    /**
     * Runs a versioned UPDATE of an aggregate row ({@code sql} ends in {@code where a.id = ? and
     * a.version = ?}, its other parameters bound by {@code bind}) that also returns, in the same
     * statement, how many status changes the row has stored; -1 when no row was updated (none at
     * that version). The count is read in the UPDATE's own snapshot, in which the row was at the
     * version checked: any other writer's changes would have moved the version. The row stays
     * locked until the transaction ends, so the changes appended next cannot collide.
     */
    static int updateVersioned(Session session, String sql, Binder bind) {
        return session.doReturningWork(c -> {
            try (PreparedStatement st = c.prepareStatement(sql + " returning (select count(*)"
                    + " from cobro.status_change c where c.subject_id = a.id)")) {
                bind.bind(st);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? rs.getInt(1) : -1;
                }
            }
        });
    }

    /** Binds a statement's parameters. */
    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement st) throws SQLException;
    }

    /** An Instant as timestamptz. */
    static OffsetDateTime timestamp(java.time.Instant at) {
        return at == null ? null : OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    /**
     * The stored version of an aggregate row, or null when there is none: read only to explain a
     * versioned update that updated nothing. {@code entity} is PaymentEntity or AuthorizationEntity.
     */
    static Long storedVersion(Session session, String entity, UUID subjectId) {
        List<Long> rows = session.createQuery("select a.version from " + entity + " a where a.id = :id", Long.class)
                .setParameter("id", subjectId)
                .getResultList();
        return rows.isEmpty() ? null : rows.get(0);
    }

    /**
     * Appends the changes from position {@code stored} on, each with its outcome event. Called after
     * the aggregate's version-checked update, whose row lock keeps a second writer out until this
     * transaction ends; the status_change rows are inserted in one batch at the flush, the events in
     * one INSERT now.
     */
    static void appendFrom(Session session, OutcomeEvents.Subject subject, int stored, int savedByAggregate,
                           List<? extends StatusChange<?>> changes) {
        TransactionKind kind = subject.kind();
        UUID subjectId = subject.id();
        if (savedByAggregate != stored) {
            // Loaded without its whole history (or from another copy): appending by position would lose
            // or misplace a transition.
            throw new IllegalStateException(kind.code() + " " + subjectId + " was loaded with " + savedByAggregate
                    + " status changes but " + stored + " are stored: it was not restored with its history");
        }
        for (int position = stored; position < changes.size(); position++) {
            session.persist(toEntity(kind, subjectId, position, changes.get(position)));
        }
        OutcomeEvents.append(session, subject, changes, stored);
    }

    /** The changes of each subject, in order; subjects without any are absent. */
    static Map<UUID, List<StatusChangeEntity>> of(Session session, Collection<UUID> subjectIds) {
        if (subjectIds.isEmpty()) {
            return Map.of();
        }
        List<StatusChangeEntity> rows = session.createQuery(
                        "from StatusChangeEntity c where c.subjectId in :ids order by c.subjectId, c.position",
                        StatusChangeEntity.class)
                .setParameter("ids", subjectIds)
                .getResultList();
        Map<UUID, List<StatusChangeEntity>> bySubject = new LinkedHashMap<>();
        for (StatusChangeEntity row : rows) {
            bySubject.computeIfAbsent(row.subjectId, k -> new java.util.ArrayList<>()).add(row);
        }
        return bySubject;
    }

    static <S extends Enum<S>> List<StatusChange<S>> restore(List<StatusChangeEntity> rows, Function<String, S> status) {
        return rows.stream()
                .map(r -> new StatusChange<>(r.fromStatus == null ? null : status.apply(r.fromStatus),
                        status.apply(r.toStatus), r.reason, r.at))
                .toList();
    }

    /** The row of a subject's change at {@code position}, its time cut to microseconds. */
    static StatusChangeEntity toEntity(TransactionKind kind, UUID subjectId, int position,
                                       StatusChange<?> change) {
        StatusChangeEntity e = new StatusChangeEntity();
        e.subjectKind = kind.code();
        e.subjectId = subjectId;
        e.position = position;
        e.fromStatus = change.from() == null ? null : change.from().name();
        e.toStatus = change.to().name();
        e.reason = change.reason();
        e.at = Times.micros(change.at());
        return e;
    }
}
