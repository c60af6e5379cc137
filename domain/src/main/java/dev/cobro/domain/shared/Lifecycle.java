package dev.cobro.domain.shared;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The status of an aggregate, moved only through its {@link TransitionTable}, with every change
 * kept (from, to, reason, time from the injected clock). Payments and authorizations share it.
 */
public final class Lifecycle<S extends Enum<S>> {

    private final TransitionTable<S> table;
    private final List<StatusChange<S>> changes;
    private S status;
    private Instant updatedAt;
    /** How many of {@link #changes} are stored: the rest are new since the last save. */
    private int saved;

    private Lifecycle(TransitionTable<S> table, S status, List<StatusChange<S>> changes, Instant updatedAt, int saved) {
        this.table = table;
        this.status = status;
        this.changes = new ArrayList<>(changes);
        this.updatedAt = updatedAt;
        this.saved = saved;
    }

    /** A new lifecycle in {@code initial}, its creation recorded as the first change. */
    public static <S extends Enum<S>> Lifecycle<S> start(TransitionTable<S> table, S initial, String reason, Clock clock) {
        Instant now = clock.instant();
        return new Lifecycle<>(table, initial, List.of(new StatusChange<>(null, initial, reason, now)), now, 0);
    }

    /** A lifecycle loaded from storage. {@code changes} may be empty when they were not loaded. */
    public static <S extends Enum<S>> Lifecycle<S> restore(TransitionTable<S> table, S status,
                                                           List<StatusChange<S>> changes, Instant updatedAt) {
        return new Lifecycle<>(table, Objects.requireNonNull(status, "status"), changes,
                Objects.requireNonNull(updatedAt, "updatedAt"), changes.size());
    }

    public S status() {
        return status;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public List<StatusChange<S>> changes() {
        return List.copyOf(changes);
    }

    /** How many changes were stored when the aggregate was loaded or last saved. */
    public int savedCount() {
        return saved;
    }

    /** The aggregate was saved: every change so far is stored. */
    public void markSaved() {
        saved = changes.size();
    }

    public boolean allows(S to) {
        return table.allows(status, to);
    }

    /** Moves to {@code to} or throws {@link IllegalTransitionException}; returns the change. */
    public StatusChange<S> move(S to, String reason, Clock clock) {
        table.check(status, to);
        Instant now = clock.instant();
        StatusChange<S> change = new StatusChange<>(status, to, reason, now);
        changes.add(change);
        status = to;
        updatedAt = now;
        return change;
    }

    /** Marks a change of the aggregate's data that keeps its status (e.g. a failed reversal). */
    public void touch(Clock clock) {
        updatedAt = clock.instant();
    }
}
