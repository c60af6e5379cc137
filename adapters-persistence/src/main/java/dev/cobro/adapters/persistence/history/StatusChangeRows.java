package dev.cobro.adapters.persistence.history;

import dev.cobro.adapters.persistence.entity.StatusChangeEntity;
import org.hibernate.Session;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads the status_change rows of aggregates, to restore them with their whole history. */
public final class StatusChangeRows {

    private StatusChangeRows() {
    }

    /** The changes of each subject, in order; subjects without any are absent. */
    public static Map<UUID, List<StatusChangeEntity>> of(Session session, Collection<UUID> subjectIds) {
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
            bySubject.computeIfAbsent(row.subjectId, k -> new ArrayList<>()).add(row);
        }
        return bySubject;
    }
}
