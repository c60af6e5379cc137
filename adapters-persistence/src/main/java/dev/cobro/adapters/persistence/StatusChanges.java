package dev.cobro.adapters.persistence;

import dev.cobro.domain.shared.StatusChange;
import dev.cobro.domain.shared.TransactionKind;
import org.hibernate.Session;

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
     * Appends the changes not stored yet. Called after the aggregate's version-checked update, whose
     * row lock keeps a second writer out until this transaction ends.
     */
    static void appendNew(Session session, TransactionKind kind, UUID subjectId,
                          List<? extends StatusChange<?>> changes) {
        long stored = session.createQuery(
                        "select count(c) from StatusChangeEntity c where c.subjectId = :id", Long.class)
                .setParameter("id", subjectId)
                .getSingleResult();
        for (int position = (int) stored; position < changes.size(); position++) {
            session.persist(toEntity(kind, subjectId, position, changes.get(position)));
        }
    }

    static void appendAll(Session session, TransactionKind kind, UUID subjectId,
                          List<? extends StatusChange<?>> changes) {
        for (int position = 0; position < changes.size(); position++) {
            session.persist(toEntity(kind, subjectId, position, changes.get(position)));
        }
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

    private static StatusChangeEntity toEntity(TransactionKind kind, UUID subjectId, int position,
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
