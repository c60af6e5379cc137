package dev.cobro.adapters.persistence;

import dev.cobro.adapters.persistence.mapping.EventSubject;
import dev.cobro.adapters.persistence.support.StoreCalls;
import dev.cobro.adapters.persistence.write.WriteBatch;
import dev.cobro.application.port.out.ConcurrentUpdateException;
import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.shared.StatusChange;

import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The two writes of an aggregate (a payment or an authorization), each one {@link WriteBatch}: one
 * round trip, one transaction.
 * <ul>
 *   <li>the write-ahead inserts the new row, its children, its status changes with their events
 *       and its REQUESTED attempt; a taken key fails on the aggregate's own constraint, first, before
 *       any child could collide;</li>
 *   <li>a save writes the row's new state only over the version it was read at (and moves the
 *       version on, changed or not: two saves of one version never both succeed), appends the status
 *       changes made since with their events, and stores the attempt given.</li>
 * </ul>
 * The aggregate's status changes are appended from the count it was restored with, each at its
 * position: one restored without its whole history appends at a position already stored, and the
 * status change's key refuses the whole save.
 */
final class AggregateWrites {

    private final StoreCalls calls;
    private final String entity;

    /** {@code entity}: the name of the aggregate's entity. */
    AggregateWrites(StoreCalls calls, String entity) {
        this.calls = calls;
        this.entity = entity;
    }

    /** The write-ahead of a new aggregate, {@code row} with its element collections. */
    void insertRequested(String what, Object row, EventSubject subject,
                         List<? extends StatusChange<?>> changes, ProviderAttempt attempt,
                         Function<String, RuntimeException> onUnique) {
        Objects.requireNonNull(attempt, "the write-ahead records the attempt with its subject");
        calls.write(what, calls.batch().insert(row).statusChanges(subject, changes, 0).attempt(attempt), onUnique);
    }

    /**
     * A save of {@code state}'s updatable columns over {@code readVersion}, after whatever
     * {@code first} already holds (a notification's row); {@code attempt} may be null. Returns the new
     * version.
     */
    long save(String what, WriteBatch first, UUID id, long readVersion, Object state, EventSubject subject,
              List<? extends StatusChange<?>> changes, int savedChanges, ProviderAttempt attempt,
              Function<String, RuntimeException> onUnique) {
        return save(what, first, id, readVersion, state, subject, changes, savedChanges, attempt, batch -> batch,
                onUnique);
    }

    /** As above, with {@code last} adding the rows that refer to the attempt (a refund's) at the end. */
    long save(String what, WriteBatch first, UUID id, long readVersion, Object state, EventSubject subject,
              List<? extends StatusChange<?>> changes, int savedChanges, ProviderAttempt attempt,
              UnaryOperator<WriteBatch> last, Function<String, RuntimeException> onUnique) {
        first.versionedUpdate(state, readVersion).statusChanges(subject, changes, savedChanges);
        if (attempt != null) {
            first.attempt(attempt);
        }
        last.apply(first);
        calls.write(what, first, constraint -> WriteBatch.GUARD_VERSION.equals(constraint)
                || WriteBatch.STATUS_CHANGE_POSITION.equals(constraint)
                ? refused(what, id, readVersion, savedChanges) : onUnique.apply(constraint));
        return readVersion + 1;
    }

    /**
     * Why a save was refused (no row at its version, or a status change at a position already
     * stored): read only then, to say so plainly.
     */
    private RuntimeException refused(String what, UUID id, long readVersion, int savedChanges) {
        Long stored = calls.read("read the version of " + id, s -> {
            List<Long> rows = s.createQuery("select a.version from " + entity + " a where a.id = :id", Long.class)
                    .setParameter("id", id)
                    .getResultList();
            return rows.isEmpty() ? null : rows.get(0);
        });
        if (stored == null) {
            return new IllegalStateException(what + ": it is not stored; insertRequested comes first");
        }
        if (stored == readVersion) {
            // At its version, so its status changes collided with stored ones: appending by position
            // would lose or misplace a transition.
            return new IllegalStateException(what + ": it was not restored with its history (" + savedChanges
                    + " status changes read, another number stored); nothing was written");
        }
        return new ConcurrentUpdateException(what + ": it was saved by someone else (stored version " + stored
                + ", read at " + readVersion + "); nothing was written");
    }
}
