package dev.cobro.adapters.persistence;

import dev.cobro.application.port.out.HistoryCriteria;
import dev.cobro.application.port.out.HistoryCursor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The SQL of a history query over the view cobro.transaction_history (payments UNION ALL
 * authorizations). Only the filters given are written, so that PostgreSQL plans each query on
 * the index that serves it; the order (created_at, id) descending is the keyset.
 */
final class HistoryQuery {

    static final String COLUMNS = "id, kind, provider, account, status, amount, currency, customer_id, reference,"
            + " created_at, updated_at";

    private final StringBuilder where = new StringBuilder();
    private final List<Object> params = new ArrayList<>();
    private String tail = "";

    private HistoryQuery() {
    }

    static HistoryQuery search(HistoryCriteria c, HistoryCursor after, int limit) {
        HistoryQuery q = new HistoryQuery();
        q.filter("customer_id = ?", c.customerId());
        q.filter("provider = ?", c.provider() == null ? null : c.provider().value());
        q.filter("kind = ?", c.kind() == null ? null : c.kind().code());
        if (c.statuses().size() == 1) {
            // An equality lets (status, created_at, id) serve filter and order at once; "= any" would not.
            q.filter("status = ?", c.statuses().iterator().next().name());
        } else {
            q.filter("status = any (?)", c.statuses().isEmpty() ? null
                    : c.statuses().stream().map(Enum::name).sorted().toArray(String[]::new));
        }
        q.filter("currency = ?", c.currency() == null ? null : c.currency().getCurrencyCode());
        q.filter("amount >= ?", c.minAmount());
        q.filter("amount <= ?", c.maxAmount());
        // Stored times are whole microseconds: a bound with finer digits is moved up to the next one.
        q.filter("created_at >= ?", timestamp(TimestampColumns.ceilMicros(c.createdFrom())));
        q.filter("created_at < ?", timestamp(TimestampColumns.ceilMicros(c.createdTo())));
        q.filter("reference = ?", c.merchantReference());
        if (after != null) {
            // Strictly after the cursor's row in (created_at desc, id desc) order.
            q.where.append(q.where.length() == 0 ? " where " : " and ").append("(created_at, id) < (?, ?)");
            q.params.add(timestamp(after.createdAt()));
            q.params.add(after.id());
        }
        q.tail = " limit " + limit;
        return q;
    }

    static HistoryQuery byId(UUID id) {
        HistoryQuery q = new HistoryQuery();
        q.filter("id = ?", id);
        return q;
    }

    static HistoryQuery byReference(String reference) {
        HistoryQuery q = new HistoryQuery();
        q.filter("reference = ?", reference);
        return q;
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private void filter(String condition, Object value) {
        if (value == null) {
            return;
        }
        where.append(where.length() == 0 ? " where " : " and ").append(condition);
        params.add(value);
    }

    String sql() {
        return "select " + COLUMNS + " from cobro.transaction_history" + where
                + " order by created_at desc, id desc" + tail;
    }

    /** {@code prefix} lets a test EXPLAIN exactly this query. */
    PreparedStatement prepare(Connection c, String prefix) throws SQLException {
        PreparedStatement st = c.prepareStatement(prefix + sql());
        for (int i = 0; i < params.size(); i++) {
            Object p = params.get(i);
            if (p instanceof String[] values) {
                st.setArray(i + 1, c.createArrayOf("varchar", values));
            } else {
                st.setObject(i + 1, p);
            }
        }
        return st;
    }
}
