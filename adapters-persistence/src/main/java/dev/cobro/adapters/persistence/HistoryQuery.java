package dev.cobro.adapters.persistence;

import dev.cobro.application.port.out.HistoryCriteria;
import dev.cobro.application.port.out.HistoryCursor;
import dev.cobro.application.port.out.TransactionStatus;
import dev.cobro.domain.shared.TransactionKind;

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
 * The SQL of a history query. A page is written as one branch per table (payments, authorizations)
 * and per status asked for, each reading at most {@code limit} rows from one index in
 * (created_at, id) descending order, and the branches' rows merged.
 * <p>
 * The shape, not the planner's estimates, picks the index. A pooled connection's statements become
 * server-prepared and PostgreSQL then plans them once for any parameter value (a generic plan): it
 * no longer knows that a status never occurs in one table, or that an account is rare, and reads
 * the time index filtering row by row, which for such a value is the whole table. So each branch
 * names a driving column D (the most selective filter given: customer, then status, account,
 * currency, provider) as {@code D = any (?)} with a one-element array, and orders by
 * {@code D, created_at, id}: only the index (D, created_at, id) yields that order without sorting
 * all of D's rows, and with D an equality the time range and the cursor bound the scan inside
 * that index. A reference is unique enough to be read from its own index and sorted. Branches that
 * cannot match (another kind, no status of that kind) are not written at all.
 * <p>
 * Several filters together make the generic plan's estimate tiny (it multiplies default
 * selectivities), and a tiny estimate makes reading every row of some other index and sorting them
 * look cheap. So every query but a reference's runs with {@link #SETTINGS}: no plan with a sort
 * below the final merge of the branches' few rows.
 * <p>
 * What stays unbounded is a combination of filters that each match many rows but together few
 * (a status with an account that never had it): the driving index is read until a page is full or
 * its rows run out. Amount ranges are filters on the rows the driving index yields.
 */
final class HistoryQuery {

    static final String COLUMNS = "id, kind, provider, account, status, amount, currency, customer_id, reference,"
            + " created_at, updated_at";

    private record Table(String name, TransactionKind kind, String referenceColumn) {
    }

    private static final List<Table> TABLES = List.of(
            new Table("cobro.checkout_payment", TransactionKind.CHECKOUT_PAYMENT, "merchant_reference"),
            new Table("cobro.card_authorization", TransactionKind.CARD_AUTHORIZATION, "operation_number"));

    /**
     * Run first, in the query's transaction, when {@link #sortless()}. JIT goes too: the penalty that
     * turns sorts away also lifts the plan's cost above JIT's threshold, and compiling a query of a
     * few index reads costs a hundred times more than running it.
     */
    static final String SETTINGS = "select set_config('enable_sort', 'off', true), set_config('jit', 'off', true)";

    private final StringBuilder sql = new StringBuilder();
    private final List<Object> params = new ArrayList<>();
    private boolean sortless;

    private HistoryQuery() {
    }

    static HistoryQuery search(HistoryCriteria c, HistoryCursor after, int limit) {
        HistoryQuery q = new HistoryQuery();
        q.sortless = c.merchantReference() == null;
        List<String> branches = new ArrayList<>();
        for (Table table : TABLES) {
            if (c.kind() != null && c.kind() != table.kind()) {
                continue;
            }
            List<String> statuses = c.statuses().stream().filter(s -> s.belongsTo(table.kind()))
                    .map(Enum::name).sorted().toList();
            if (!c.statuses().isEmpty() && statuses.isEmpty()) {
                continue;
            }
            if (c.merchantReference() == null && c.customerId() == null && !statuses.isEmpty()) {
                for (String status : statuses) {
                    branches.add(q.branch(table, c, "status", status, List.of(), after, limit));
                }
            } else {
                String[] driver = driver(c);
                branches.add(q.branch(table, c, driver[0], driver[1], statuses, after, limit));
            }
        }
        if (branches.isEmpty()) {
            q.sql.append("select ").append(COLUMNS).append(" from cobro.transaction_history where false");
            return q;
        }
        q.sql.append("select ").append(COLUMNS).append(" from (")
                .append(String.join(" union all ", branches))
                .append(") h order by created_at desc, id desc limit ").append(limit);
        return q;
    }

    /**
     * The column that picks the index when no status does, and its value: the most selective filter
     * given, or none (the time index). A reference has its own index and no driver.
     */
    private static String[] driver(HistoryCriteria c) {
        if (c.merchantReference() != null) {
            return new String[] {null, null};
        }
        if (c.customerId() != null) {
            return new String[] {"customer_id", c.customerId()};
        }
        if (c.account() != null) {
            return new String[] {"account", c.account().value()};
        }
        if (c.currency() != null) {
            return new String[] {"currency", c.currency().getCurrencyCode()};
        }
        if (c.provider() != null) {
            return new String[] {"provider", c.provider().value()};
        }
        return new String[] {null, null};
    }

    /** One table's rows for one driving value, at most {@code limit}, newest first. */
    private String branch(Table table, HistoryCriteria c, String driver, String value, List<String> statuses,
                          HistoryCursor after, int limit) {
        StringBuilder b = new StringBuilder("(select id, '").append(table.kind().code())
                .append("'::varchar(24) as kind, provider, account, status, amount, currency, customer_id, ")
                .append(table.referenceColumn()).append(" as reference, created_at, updated_at from ")
                .append(table.name());
        List<String> where = new ArrayList<>();
        if (driver != null) {
            where.add(driver + " = any (?)");
            params.add(new String[] {value});
        }
        equal(where, "customer_id", c.customerId(), driver);
        equal(where, "provider", c.provider() == null ? null : c.provider().value(), driver);
        equal(where, "account", c.account() == null ? null : c.account().value(), driver);
        equal(where, "currency", c.currency() == null ? null : c.currency().getCurrencyCode(), driver);
        if (!"status".equals(driver) && !statuses.isEmpty()) {
            where.add("status = any (?)");
            params.add(statuses.toArray(String[]::new));
        }
        equal(where, table.referenceColumn(), c.merchantReference(), driver);
        condition(where, "amount >= ?", c.minAmount());
        condition(where, "amount <= ?", c.maxAmount());
        // Stored times are whole microseconds: a bound with finer digits is moved up to the next one.
        condition(where, "created_at >= ?", timestamp(TimestampColumns.ceilMicros(c.createdFrom())));
        condition(where, "created_at < ?", timestamp(TimestampColumns.ceilMicros(c.createdTo())));
        if (after != null) {
            // Strictly after the cursor's row in (created_at desc, id desc) order.
            where.add("(created_at, id) < (?, ?)");
            params.add(timestamp(after.createdAt()));
            params.add(after.id());
        }
        if (!where.isEmpty()) {
            b.append(" where ").append(String.join(" and ", where));
        }
        b.append(" order by ").append(driver == null ? "" : driver + " desc, ")
                .append("created_at desc, id desc limit ").append(limit).append(')');
        return b.toString();
    }

    private void equal(List<String> where, String column, String value, String driver) {
        if (value != null && !column.equals(driver)) {
            where.add(column + " = ?");
            params.add(value);
        }
    }

    private void condition(List<String> where, String condition, Object value) {
        if (value != null) {
            where.add(condition);
            params.add(value);
        }
    }

    static HistoryQuery byId(UUID id) {
        HistoryQuery q = new HistoryQuery();
        q.sql.append("select ").append(COLUMNS).append(" from cobro.transaction_history where id = ?");
        q.params.add(id);
        return q;
    }

    static HistoryQuery byReference(String reference) {
        HistoryQuery q = new HistoryQuery();
        q.sql.append("select ").append(COLUMNS).append(" from cobro.transaction_history where reference = ?")
                .append(" order by created_at desc, id desc");
        q.params.add(reference);
        return q;
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    String sql() {
        return sql.toString();
    }

    /** Whether every branch reads an index in the page's order, so that no plan needs a sort but the last. */
    boolean sortless() {
        return sortless;
    }

    /** The values of the {@code ?} in {@link #sql()}, in order; a {@code String[]} is a varchar array. */
    List<Object> params() {
        return List.copyOf(params);
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
