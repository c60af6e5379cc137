package dev.cobro.adapters.persistence;

import dev.cobro.application.port.out.OutcomeEvent;
import dev.cobro.application.port.out.OutcomeOutboxPort;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.TransactionKind;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The outbox of outcome events in cobro.outcome_event (the stores write its rows with every status
 * change, {@link WriteBatch#statusChanges}).
 * A claim locks due events with {@code FOR UPDATE SKIP LOCKED}, so two dispatchers never hold the
 * same event, and takes an event only when no earlier event of its subject is pending (delivering,
 * failing or waiting for its retry, on this instance or another): a subject's events are delivered
 * one claim after another, in id order.
 */
public final class PostgresOutcomeOutboxAdapter implements OutcomeOutboxPort {

    private static final String SELECT = "select e.id, e.subject_kind, e.subject_id, e.provider, e.account, e.reference,"
            + " e.from_status, e.to_status, e.reason, e.flags, e.occurred_at, e.delivered_at, e.delivery_tries,"
            + " e.next_attempt_at from cobro.outcome_event e";

    // The NOT EXISTS reads the statement's snapshot: an earlier event it sees delivered is delivered
    // for good; one it sees pending (even if another dispatcher is committing it) holds this one back.
    // It reads the subject's earlier events through ix_outcome_event_subject and tests delivered_at
    // on them outside the fenced subquery (OFFSET 0): stated inside, that test would let the planner
    // read the partial pending index instead, once per candidate, whenever the statistics were taken
    // while nothing was pending (they then say the pending set is empty), a claim's cost growing
    // with the backlog.
    static final String CLAIM = SELECT
            + " where e.delivered_at is null and (e.next_attempt_at is null or e.next_attempt_at <= ?)"
            + " and not exists (select 1 from (select p.delivered_at from cobro.outcome_event p"
            + " where p.subject_id = e.subject_id and p.id < e.id offset 0) earlier"
            + " where earlier.delivered_at is null)"
            + " order by e.id limit ? for update of e skip locked";

    private final StoreCalls calls;

    PostgresOutcomeOutboxAdapter(StoreCalls calls) {
        this.calls = calls;
    }

    @Override
    public Claim deliverDue(int limit, Instant now, Function<OutcomeEvent, Delivery> delivery) {
        return calls.inTransaction("deliver outcome events", s -> s.doReturningWork(c -> {
            List<OutcomeEvent> claimed = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement(CLAIM)) {
                st.setObject(1, TimestampColumns.value(now));
                st.setInt(2, limit);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        claimed.add(event(rs));
                    }
                }
            }
            if (claimed.isEmpty()) {
                return new Claim(0, 0, 0);
            }
            int delivered = 0;
            int failed = 0;
            try (PreparedStatement done = c.prepareStatement("update cobro.outcome_event set delivered_at = ?,"
                    + " delivery_tries = delivery_tries + 1, next_attempt_at = null where id = ?");
                 PreparedStatement retry = c.prepareStatement("update cobro.outcome_event set"
                         + " delivery_tries = delivery_tries + 1, next_attempt_at = ?, last_error = ? where id = ?")) {
                for (OutcomeEvent event : claimed) {
                    Delivery outcome = delivery.apply(event);
                    if (outcome instanceof Delivery.Failed failure) {
                        retry.setObject(1, TimestampColumns.value(TimestampColumns.ceilMicros(failure.retryAt())));
                        retry.setString(2, truncate(NulSafeText.safe(failure.error()), 255));
                        retry.setLong(3, event.id());
                        retry.addBatch();
                        failed++;
                    } else {
                        done.setObject(1, TimestampColumns.value(now));
                        done.setLong(2, event.id());
                        done.addBatch();
                        delivered++;
                    }
                }
                if (delivered > 0) {
                    done.executeBatch();
                }
                if (failed > 0) {
                    retry.executeBatch();
                }
            }
            return new Claim(claimed.size(), delivered, failed);
        }));
    }

    @Override
    public List<OutcomeEvent> list(boolean pendingOnly, long afterId, int limit) {
        return calls.inTransaction("list outcome events", s -> s.doReturningWork(c -> {
            try (PreparedStatement st = c.prepareStatement(SELECT + " where e.id > ?"
                    + (pendingOnly ? " and e.delivered_at is null" : "") + " order by e.id limit ?")) {
                st.setLong(1, afterId);
                st.setInt(2, limit);
                return events(st);
            }
        }));
    }

    @Override
    public long pruneDeliveredBefore(Instant before) {
        return calls.inTransaction("prune outcome events", s -> s.doReturningWork(c -> {
            try (PreparedStatement st = c.prepareStatement("delete from cobro.outcome_event"
                    + " where delivered_at is not null and delivered_at < ?")) {
                st.setObject(1, TimestampColumns.value(before));
                return (long) st.executeUpdate();
            }
        }));
    }

    @Override
    public Backlog backlog() {
        return calls.inTransaction("count pending outcome events", s -> s.doReturningWork(c -> backlog(c)));
    }

    private static Backlog backlog(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("select count(*), min(occurred_at) from cobro.outcome_event"
                + " where delivered_at is null");
             ResultSet rs = st.executeQuery()) {
            rs.next();
            return new Backlog(rs.getLong(1), Optional.ofNullable(instant(rs, 2)));
        }
    }

    private static List<OutcomeEvent> events(PreparedStatement st) throws SQLException {
        List<OutcomeEvent> events = new ArrayList<>();
        try (ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                events.add(event(rs));
            }
        }
        return events;
    }

    private static OutcomeEvent event(ResultSet rs) throws SQLException {
        String flags = rs.getString("flags");
        return new OutcomeEvent(rs.getLong("id"), TransactionKind.fromCode(rs.getString("subject_kind")),
                rs.getObject("subject_id", UUID.class), ProviderId.of(rs.getString("provider")),
                rs.getString("account"), rs.getString("reference"), rs.getString("from_status"),
                rs.getString("to_status"), rs.getString("reason"),
                flags == null || flags.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(flags.split(","))),
                instant(rs, "occurred_at"), instant(rs, "delivered_at"), rs.getInt("delivery_tries"),
                instant(rs, "next_attempt_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
