package dev.cobro.adapters.persistence;

import dev.cobro.adapters.persistence.entity.AggregateEntity;
import dev.cobro.adapters.persistence.entity.StatusChangeEntity;
import dev.cobro.adapters.persistence.history.StatusChangeRows;
import dev.cobro.adapters.persistence.mapping.EventSubject;
import dev.cobro.adapters.persistence.mapping.StatusChangeMapper;
import dev.cobro.adapters.persistence.mapping.TimestampColumns;
import dev.cobro.adapters.persistence.support.StoreCalls;
import dev.cobro.adapters.persistence.write.WriteBatch;
import dev.cobro.application.port.out.AggregateStorePort;
import dev.cobro.application.port.out.ConcurrentUpdateException;
import dev.cobro.application.port.out.DuplicateKeyException;
import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.Aggregate;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.StatusChange;
import org.hibernate.Session;
import org.hibernate.query.SelectionQuery;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.function.LongConsumer;

/**
 * The store of one aggregate kind (payments or authorizations) in its table: both are read and
 * written alike, so the store adapters extend this and supply only their entity, their mapping, their
 * key and their own queries' conditions; what every aggregate has (id, version, history) is read from
 * the domain's {@link Aggregate} base.
 * <p>
 * Reads run in auto-commit ({@link StoreCalls#read}) and restore each row with its whole history,
 * the status changes of every row read in one more query.
 * <p>
 * The two writes, each one {@link WriteBatch}: one round trip, one transaction.
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
 *
 * @param <A> the aggregate
 * @param <I> its id
 * @param <E> its entity
 * @param <S> its status
 */
abstract class AggregateStore<A extends Aggregate<I, S>, I, E extends AggregateEntity, S extends Enum<S>>
        implements AggregateStorePort<A, I, S> {

    /** No limit to the rows a {@link #find} reads. */
    static final int ALL = Integer.MAX_VALUE;

    /**
     * An aggregate as its writes take it: {@code row} is its entity, {@code key} names its
     * idempotency key in a refusal.
     */
    private record Written(UUID id, long version, Object row, EventSubject subject,
                           List<? extends StatusChange<?>> changes, int savedChanges, String key,
                           LongConsumer markSaved) {
    }

    protected final StoreCalls calls;
    private final String kind;
    private final Class<E> entity;
    private final Function<String, S> status;
    private final Set<String> keys;
    private final Function<I, UUID> uuid;
    private final Function<A, E> toRow;
    private final BiFunction<E, List<StatusChange<S>>, A> restore;
    private final Function<A, EventSubject> subject;
    private final Function<A, String> key;

    /**
     * {@code kind}: the aggregate's name in messages; {@code status}: a status by its name;
     * {@code keys}: the constraints that refuse a second aggregate with the same key; {@code uuid}: the
     * row key of an id; {@code toRow} and {@code restore}: the aggregate's mapping to its row and back;
     * {@code subject}: what its outcome events carry; {@code key}: its idempotency key as a refusal
     * names it.
     */
    AggregateStore(StoreCalls calls, String kind, Class<E> entity, Function<String, S> status, Set<String> keys,
                   Function<I, UUID> uuid, Function<A, E> toRow, BiFunction<E, List<StatusChange<S>>, A> restore,
                   Function<A, EventSubject> subject, Function<A, String> key) {
        this.calls = calls;
        this.kind = kind;
        this.entity = entity;
        this.status = status;
        this.keys = keys;
        this.uuid = uuid;
        this.toRow = toRow;
        this.restore = restore;
        this.subject = subject;
        this.key = key;
    }

    /** What a write takes of {@code aggregate}: the parts every aggregate has, read from its base. */
    private Written written(A aggregate) {
        E row = toRow.apply(aggregate);
        return new Written(row.id, aggregate.version(), row, subject.apply(aggregate), aggregate.statusChanges(),
                aggregate.savedStatusChangeCount(), key.apply(aggregate), aggregate::markSaved);
    }

    /** The write-ahead of a new aggregate with its REQUESTED attempt. */
    @Override
    public void insertRequested(A aggregate, ProviderAttempt attempt) {
        Objects.requireNonNull(attempt, "the write-ahead records the attempt with its subject");
        Written w = written(aggregate);
        calls.write("insert " + kind + " " + w.id(), calls.batch().insert(w.row()).statusChanges(w.subject(), w.changes(), 0)
                .attempt(attempt), keyTaken(w));
        w.markSaved().accept(w.version());
    }

    /**
     * Writes the aggregate's state over its row if the row is still at the version it was read at,
     * and moves that version on, whether or not the state changed: so two saves of one version
     * cannot both go ahead even when only an attempt changed.
     */
    @Override
    public void save(A aggregate, ProviderAttempt attempt) {
        Written w = written(aggregate);
        save("save " + kind + " " + w.id(), w, calls.batch(), attempt, UnaryOperator.identity(), constraint -> null);
    }

    /**
     * A save after whatever {@code first} already holds (a notification's row); {@code attempt} may
     * be null, and {@code alsoRefused} answers the constraints of {@code first}'s rows.
     */
    void save(String what, A aggregate, WriteBatch first, ProviderAttempt attempt,
              Function<String, RuntimeException> alsoRefused) {
        save(what, written(aggregate), first, attempt, UnaryOperator.identity(), alsoRefused);
    }

    /**
     * A save with {@code last} adding, at the end of the same batch, rows that refer to the attempt
     * (a refund's); {@code alsoRefused} answers their constraints.
     */
    void save(String what, A aggregate, ProviderAttempt attempt, UnaryOperator<WriteBatch> last,
              Function<String, RuntimeException> alsoRefused) {
        save(what, written(aggregate), calls.batch(), attempt, last, alsoRefused);
    }

    private void save(String what, Written w, WriteBatch first, ProviderAttempt attempt, UnaryOperator<WriteBatch> last,
                      Function<String, RuntimeException> alsoRefused) {
        first.versionedUpdate(w.row(), w.version()).statusChanges(w.subject(), w.changes(), w.savedChanges());
        if (attempt != null) {
            first.attempt(attempt);
        }
        last.apply(first);
        Function<String, RuntimeException> keyTaken = keyTaken(w);
        calls.write(what, first, constraint -> {
            if (WriteBatch.GUARD_VERSION.equals(constraint) || WriteBatch.STATUS_CHANGE_POSITION.equals(constraint)) {
                return refused(what, w.id(), w.version(), w.savedChanges());
            }
            RuntimeException refused = alsoRefused.apply(constraint);
            return refused != null ? refused : keyTaken.apply(constraint);
        });
        w.markSaved().accept(w.version() + 1);
    }

    /** The aggregates in one of {@code statuses} last changed before {@code before}, oldest first. */
    @Override
    public List<A> findByStatusUpdatedBefore(Set<S> statuses, Instant before, int limit) {
        if (statuses.isEmpty()) {
            return List.of();
        }
        return find("find " + kind + "s by status", "e.status in :statuses and e.updatedAt < :before", "e.updatedAt, e.id",
                Map.of("statuses", statuses.stream().map(Enum::name).toList(),
                        "before", TimestampColumns.micros(before)), limit);
    }

    @Override
    public Optional<A> findById(I id) {
        UUID rowId = uuid.apply(id);
        return calls.read("find " + kind + " " + rowId, s -> {
            E row = s.find(entity, rowId);
            return row == null ? Optional.<A>empty() : Optional.of(restore(s, List.of(row)).get(0));
        });
    }

    /** The aggregate of {@code provider}'s {@code account} whose {@code keyAttribute} is {@code key}. */
    Optional<A> findByKey(String what, ProviderId provider, AccountId account, String keyAttribute, String key) {
        return find(what, "e.provider = :provider and e.account = :account and e." + keyAttribute + " = :key", null,
                Map.of("provider", provider.value(), "account", account.value(), "key", key), ALL)
                .stream().findFirst();
    }

    /**
     * The aggregates whose row (HQL alias {@code e}) meets {@code condition}, in {@code order} (null: any),
     * at most {@code limit} of them ({@link #ALL}: no limit).
     */
    List<A> find(String what, String condition, String order, Map<String, ?> parameters, int limit) {
        return calls.read(what, s -> {
            SelectionQuery<E> query = s.createSelectionQuery("from " + entity.getSimpleName() + " e where "
                    + condition + (order == null ? "" : " order by " + order), entity);
            parameters.forEach(query::setParameter);
            if (limit != ALL) {
                query.setMaxResults(limit);
            }
            return restore(s, query.getResultList());
        });
    }

    private List<A> restore(Session s, List<E> rows) {
        Map<UUID, List<StatusChangeEntity>> changes = StatusChangeRows.of(s, rows.stream().map(r -> r.id).toList());
        return rows.stream().map(r -> restore.apply(r, StatusChangeMapper.INSTANCE.restore(
                changes.getOrDefault(r.id, List.of()), status))).toList();
    }

    /** A refusal by one of the aggregate's key constraints: its key is taken. */
    private Function<String, RuntimeException> keyTaken(Written w) {
        return constraint -> keys.contains(constraint) ? new DuplicateKeyException(w.key() + " is already stored") : null;
    }

    /**
     * Why a save was refused (no row at its version, or a status change at a position already
     * stored): read only then, to say so plainly.
     */
    private RuntimeException refused(String what, UUID id, long readVersion, int savedChanges) {
        Long stored = calls.read("read the version of " + id, s -> {
            List<Long> rows = s.createQuery("select e.version from " + entity.getSimpleName() + " e where e.id = :id",
                            Long.class)
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
