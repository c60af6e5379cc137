package dev.cobro.adapters.persistence;

import dev.cobro.adapters.persistence.entity.NulSafeText;
import dev.cobro.adapters.persistence.entity.OutcomeEventEntity;
import dev.cobro.adapters.persistence.mapping.StatusChangeMapper;
import dev.cobro.adapters.persistence.mapping.TimestampColumns;
import dev.cobro.adapters.persistence.support.StoreCalls;
import dev.cobro.application.port.out.OutcomeEvent;
import dev.cobro.application.port.out.OutcomeOutboxPort;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The outbox of outcome events in cobro.outcome_event (the stores write its rows with every status
 * change, {@code WriteBatch.statusChanges}), through Hibernate and {@link OutcomeEventEntity}: the
 * claim is native SQL (HQL has no {@code SKIP LOCKED} on a correlated anti join) whose names come from
 * the entity's mapping; the rest is HQL, and a delivery's outcome is written by Hibernate's flush of
 * the claimed entities, batched into one round trip. The backlog's count is plain SQL: health and the
 * gauges read it without waiting for Hibernate.
 * A claim locks due events with {@code FOR UPDATE SKIP LOCKED}, so two dispatchers never hold the
 * same event, and takes an event only when no earlier event of its subject is pending (delivering,
 * failing or waiting for its retry, on this instance or another): a subject's events are delivered
 * one claim after another, in id order.
 */
public final class PostgresOutcomeOutboxAdapter implements OutcomeOutboxPort {

    // The NOT EXISTS reads the statement's snapshot: an earlier event it sees delivered is delivered
    // for good; one it sees pending (even if another dispatcher is committing it) holds this one back.
    // It reads the subject's earlier events through ix_outcome_event_subject and tests deliveredAt
    // on them outside the fenced subquery (OFFSET 0): stated inside, that test would let the planner
    // read the partial pending index instead, once per candidate, whenever the statistics were taken
    // while nothing was pending (they then say the pending set is empty), a claim's cost growing
    // with the backlog.
    private static final String CLAIM = "select e.* from {table} e"
            + " where e.{deliveredAt} is null and (e.{nextAttemptAt} is null or e.{nextAttemptAt} <= ?)"
            + " and not exists (select 1 from (select p.{deliveredAt} from {table} p"
            + " where p.{subjectId} = e.{subjectId} and p.{id} < e.{id} offset 0) earlier"
            + " where earlier.{deliveredAt} is null)"
            + " order by e.{id} limit ? for update of e skip locked";

    private static final StatusChangeMapper MAPPER = StatusChangeMapper.INSTANCE;

    private static final String BACKLOG = "select count(*), min(occurred_at) from cobro.outcome_event"
            + " where delivered_at is null";

    private final StoreCalls calls;
    /** Written from the mapping on first use: the mapping may still be starting when this is built. */
    private volatile String claim;

    PostgresOutcomeOutboxAdapter(StoreCalls calls) {
        this.calls = calls;
    }

    /** The claim as sent, for a test that reads its plan. */
    String claimSql() {
        String sql = claim;
        if (sql == null) {
            sql = calls.table(OutcomeEventEntity.class).sql(CLAIM);
            claim = sql;
        }
        return sql;
    }

    @Override
    public Claim deliverDue(int limit, Instant now, Function<OutcomeEvent, Delivery> delivery) {
        return calls.inTransaction("deliver outcome events", s -> {
            List<OutcomeEventEntity> claimed = s.createNativeQuery(claimSql(), OutcomeEventEntity.class)
                    .setParameter(1, now)
                    .setParameter(2, limit)
                    .getResultList();
            // The outcomes' updates leave in one JDBC batch when the transaction commits.
            s.setJdbcBatchSize(Math.max(1, claimed.size()));
            int delivered = 0;
            int failed = 0;
            for (OutcomeEventEntity event : claimed) {
                Delivery outcome = delivery.apply(MAPPER.toOutcomeEvent(event));
                event.deliveryTries++;
                if (outcome instanceof Delivery.Failed failure) {
                    event.nextAttemptAt = TimestampColumns.ceilMicros(failure.retryAt());
                    event.lastError = truncate(NulSafeText.safe(failure.error()), 255);
                    failed++;
                } else {
                    event.deliveredAt = now;
                    event.nextAttemptAt = null;
                    delivered++;
                }
            }
            return new Claim(claimed.size(), delivered, failed);
        });
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
    public Backlog backlog() {
        // Through the partial index of pending events (delivered_at is null).
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
