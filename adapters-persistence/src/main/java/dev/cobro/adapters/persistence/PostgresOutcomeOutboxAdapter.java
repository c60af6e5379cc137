package dev.cobro.adapters.persistence;

import dev.cobro.adapters.persistence.entity.NulSafeText;
import dev.cobro.adapters.persistence.entity.OutcomeEventEntity;
import dev.cobro.adapters.persistence.mapping.StatusChangeMapper;
import dev.cobro.adapters.persistence.mapping.TimestampColumns;
import dev.cobro.adapters.persistence.support.StoreCalls;
import dev.cobro.adapters.persistence.write.EntityTables;
import dev.cobro.adapters.persistence.write.TimestampText;
import dev.cobro.application.port.out.OutcomeEvent;
import dev.cobro.application.port.out.OutcomeOutboxPort;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.type.descriptor.WrapperOptions;
import org.postgresql.PGStatement;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The outbox of outcome events in cobro.outcome_event (the stores write its rows with every status
 * change, {@code WriteBatch.statusChanges}), through Hibernate and {@link OutcomeEventEntity}: the
 * claim is native SQL (HQL has no {@code SKIP LOCKED} on a correlated anti join) whose names come from
 * the entity's mapping, its rows read through that mapping, on a stateless session (nothing to keep
 * in a persistence context or to flush); the claim marks the events it takes as delivered, and a
 * failed delivery is written back as pending by the stateless session's update of its entity, both in
 * the run's one transaction; the rest is HQL. The backlog's
 * count and the newest id are plain SQL: health and the gauges read them without waiting for
 * Hibernate.
 * A claim locks due events with {@code FOR UPDATE SKIP LOCKED}, so two dispatchers never hold the
 * same event, in id order up to the run's bound, and takes a subject's consecutive pending events
 * together: an event is a candidate unless an earlier event of its subject is waiting for its retry,
 * and it is handed to the listener only after the earlier pending event it was claimed behind was
 * delivered in the same claim. One that cannot be (that earlier event failed here, was itself kept
 * back, or is held by another dispatcher) is written back as it was read, untouched: a subject's
 * events are delivered in id order, one claim after another when one of them fails.
 */
public final class PostgresOutcomeOutboxAdapter implements OutcomeOutboxPort {

    // One probe per candidate reads its subject's earlier events through ix_outcome_event_subject, in the
    // statement's snapshot, and answers two things: whether one of them is pending and waiting for its
    // retry (the candidate is then no candidate: it would only be kept back, and a subject whose listener
    // keeps failing would fill every claim), and the nearest earlier pending one (earlier_pending), which
    // must be delivered in this claim before the candidate is handed on. The subquery is fenced (OFFSET
    // 0) and tests deliveredAt outside it: stated inside, that test would let the planner read the
    // partial pending index instead, once per candidate, whenever the statistics were taken while
    // nothing was pending (they then say the pending set is empty), a claim's cost growing with the
    // backlog.
    // A subject's events are written a few milliseconds apart, so a claim finds most subjects with two
    // or three of them pending. Taking only the earliest of each made a run claim once per event of the
    // longest chain, and probe each later event twice (held back, then taken); in a load run the claims
    // were the largest part of the database's work that the same writes without an outbox do not have.
    // The claim marks what it takes as delivered in the same statement, inside the run's transaction:
    // an event that fails or is kept back is written back before the transaction commits, and a run
    // that fails rolls back, so no event is left marked that its listener did not take. The rows
    // returned are the claimed ones as they were read (the CTE's), before the mark, in no particular
    // order.
    private static final String CLAIM = "with claimed as materialized (select e.*, earlier.earlier_pending"
            + " from {table} e cross join lateral (select max(p.{id}) filter (where p.{deliveredAt} is null)"
            + " as earlier_pending, bool_or(p.{deliveredAt} is null and p.{nextAttemptAt} > ?) as waiting"
            + " from (select p.{deliveredAt}, p.{id}, p.{nextAttemptAt} from {table} p"
            + " where p.{subjectId} = e.{subjectId} and p.{id} < e.{id} offset 0) p) earlier"
            + " where e.{deliveredAt} is null and e.{id} <= ?"
            + " and (e.{nextAttemptAt} is null or e.{nextAttemptAt} <= ?) and earlier.waiting is not true"
            + " order by e.{id} limit ? for update of e skip locked)"
            + " update {table} u set {deliveredAt} = ?, {nextAttemptAt} = null, {deliveryTries} = u.{deliveryTries} + 1"
            + " from claimed where u.{id} = claimed.{id} returning claimed.*";

    private static final StatusChangeMapper MAPPER = StatusChangeMapper.INSTANCE;

    private static final String NEWEST = "select coalesce(max(id), 0) from cobro.outcome_event";

    private static final String BACKLOG = "select count(*), min(occurred_at) from cobro.outcome_event"
            + " where delivered_at is null";

    private final StoreCalls calls;
    /** Read from the mapping on first use: Hibernate may still be starting when this is built. */
    private volatile Statements statements;

    /** The outbox's table as mapped, and the claim written from it. */
    private record Statements(EntityTables.Table events, String claim) {
    }

    PostgresOutcomeOutboxAdapter(StoreCalls calls) {
        this.calls = calls;
    }

    private Statements statements() {
        Statements read = statements;
        if (read == null) {
            EntityTables.Table events = calls.table(OutcomeEventEntity.class);
            read = new Statements(events, events.sql(CLAIM));
            statements = read;
        }
        return read;
    }

    /** The claim as sent, for a test that reads its plan. */
    String claimSql() {
        return statements().claim();
    }

    @Override
    public Claim deliverDue(int limit, long upTo, Instant now, Function<OutcomeEvent, Delivery> delivery) {
        return calls.inStatelessTransaction("deliver outcome events", s -> {
            List<Claimed> claimed = s.doReturningWork(c -> claim(c, upTo, now, limit,
                    (SharedSessionContractImplementor) s));
            Set<Long> delivered = new HashSet<>();
            int failed = 0;
            for (Claimed row : claimed) {
                OutcomeEventEntity event = row.event();
                if (row.earlierPending() != null && !delivered.contains(row.earlierPending())) {
                    // Its subject's earlier event failed here, was kept back, or is another dispatcher's:
                    // the claim marked it delivered, so it is written back as it was read.
                    s.update(event);
                    continue;
                }
                Delivery outcome = delivery.apply(MAPPER.toOutcomeEvent(event));
                if (outcome instanceof Delivery.Failed failure) {
                    // Written back from the row as it was read (pending), with this try counted and the
                    // time of the next.
                    event.deliveryTries++;
                    event.nextAttemptAt = TimestampColumns.ceilMicros(failure.retryAt());
                    event.lastError = truncate(NulSafeText.safe(failure.error()), 255);
                    s.update(event);
                    failed++;
                } else {
                    delivered.add(event.id);
                }
            }
            return new Claim(claimed.size(), delivered.size(), failed, claimed.size() == limit);
        });
    }

    /**
     * The claim, which marks its events delivered ({@link #CLAIM}), its rows as read before the mark,
     * in id order, each read through the entity's mapping ({@code EntityTables.Table#read}): a native
     * query's result pipeline (result builders, an entity initializer per row) cost the dispatcher
     * more than a third of its time in a profile of a load run.
     */
    private List<Claimed> claim(Connection c, long upTo, Instant now, int limit, WrapperOptions options)
            throws SQLException {
        Statements sql = statements();
        try (PreparedStatement st = plannedForItsValues(c, sql.claim())) {
            // Instants as the writes bind them: the driver's OffsetDateTime path builds a calendar per
            // statement, code only the dispatcher ran, compiled into the claim late in a load run.
            TimestampText.bind(st, 1, now);
            st.setLong(2, upTo);
            TimestampText.bind(st, 3, now);
            st.setInt(4, limit);
            TimestampText.bind(st, 5, now);
            try (ResultSet rows = st.executeQuery()) {
                List<Claimed> claimed = new ArrayList<>();
                while (rows.next()) {
                    claimed.add(new Claimed(sql.events().read(OutcomeEventEntity.class, rows, options),
                            (Long) rows.getObject("earlier_pending")));
                }
                // An UPDATE's RETURNING keeps no order: a subject's listener gets its events in id order.
                claimed.sort(Comparator.comparingLong(row -> row.event().id));
                return claimed;
            }
        }
    }

    /** A claimed event, and the id of its subject's nearest earlier pending event (null: none). */
    private record Claimed(OutcomeEventEntity event, Long earlierPending) {
    }

    /**
     * A statement the server plans for the values of each run, never under a cached generic plan.
     * The outbox's table grows from empty: a generic plan made while it held a page (a sequential scan
     * to find the claimed rows again by key) stays cached on a pooled connection until the table is
     * next analyzed, and in a load run that was the whole run, each run reading every row of the table
     * (the database's CPU per payment grew by half). Planned afresh, the statement sees the table's
     * current size and the claim's limit, and reads the key's index; the planning costs a fraction of a
     * millisecond per claim.
     */
    private static PreparedStatement plannedForItsValues(Connection c, String sql) throws SQLException {
        PreparedStatement st = c.prepareStatement(sql);
        try {
            st.unwrap(PGStatement.class).setPrepareThreshold(0);
            return st;
        } catch (SQLException | RuntimeException e) {
            st.close();
            throw e;
        }
    }

    @Override
    public List<OutcomeEvent> list(boolean pendingOnly, long afterId, int limit) {
        return calls.inTransaction("list outcome events", s -> s.createSelectionQuery("from OutcomeEventEntity e"
                        + " where e.id > :after" + (pendingOnly ? " and e.deliveredAt is null" : "") + " order by e.id",
                        OutcomeEventEntity.class)
                .setParameter("after", afterId)
                .setMaxResults(limit)
                .setReadOnly(true)
                .getResultList()
                .stream().map(MAPPER::toOutcomeEvent).toList());
    }

    @Override
    public long pruneDeliveredBefore(Instant before) {
        return calls.inTransaction("prune outcome events", s -> (long) s.createMutationQuery(
                        "delete from OutcomeEventEntity e where e.deliveredAt is not null and e.deliveredAt < :before")
                .setParameter("before", before)
                .executeUpdate());
    }

    @Override
    public long newestEventId() {
        // The key's index read backwards, one row: plain SQL, as the backlog.
        return calls.plain("read the newest outcome event's id", c -> {
            try (PreparedStatement st = c.prepareStatement(NEWEST); ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public Backlog backlog() {
        // Through the partial index of pending events (delivered_at is null), in plain SQL: health and
        // the gauges read it without waiting for Hibernate.
        return calls.plain("count pending outcome events", c -> {
            try (PreparedStatement st = c.prepareStatement(BACKLOG); ResultSet rs = st.executeQuery()) {
                rs.next();
                OffsetDateTime oldest = rs.getObject(2, OffsetDateTime.class);
                return new Backlog(rs.getLong(1), Optional.ofNullable(oldest).map(OffsetDateTime::toInstant));
            }
        });
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
