package dev.cobro.adapters.persistence.history;

import dev.cobro.adapters.persistence.mapping.TimestampColumns;
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
 * A combination of filters can match many rows each but few together (a status with an account
 * that never had it, a provider with a currency it never used, an amount range no row has): read
 * until the page fills, the driving index would be read to its end. So each branch reads a window
 * of at most {@link #WINDOW} rows of its driving index, in page order, and applies the other filters
 * to those rows only; a page costs at most branches × {@code WINDOW} index entries and their rows,
 * whatever matches. A branch whose window is full marks its last row as its edge, and the caller
 * keeps only the rows up to the newest edge (older rows might be preceded by rows of that branch
 * not yet read) and reads on from it.
 */
public final class HistoryQuery {

    /**
     * Rows of the driving index one branch reads per query. A window's cost grows with it: its index
     * entries and the rows they point to, about a third of a buffer per row when the rows lie in
     * time order and one per row at worst. Measured at 200,000 transactions under generic plans, a
     * page of four windows that matches nothing read 96, 175, 338 and 662 buffers at 250, 500, 1,000
     * and 2,000 rows, in 10-25 ms on a loaded machine; a filter keeping one row in 100 of its index
     * filled a page of 20 from 1,000 rows on, not below. 1,000 fills a page from filters that keep
     * one row in 200 and keeps a page that finds nothing to a few hundred buffers.
     */
    public static final int WINDOW = 1000;

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
    public static final String SETTINGS = "select set_config('enable_sort', 'off', true), set_config('jit', 'off', true)";

    private final StringBuilder sql = new StringBuilder();
    private final List<Object> params = new ArrayList<>();
    private boolean sortless;
    private boolean windowed;

    private HistoryQuery() {
    }

    public static HistoryQuery search(HistoryCriteria c, HistoryCursor after, int limit) {
        return search(c, after, limit, WINDOW);
    }

    /** With a window of {@code window} rows per branch instead of {@link #WINDOW}: for measuring. */
    public static HistoryQuery search(HistoryCriteria c, HistoryCursor after, int limit, int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window " + window + " must be 1 or more");
        }
        HistoryQuery q = new HistoryQuery();
        q.sortless = c.merchantReference() == null;
        q.windowed = true;
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
                    branches.add(q.branch(branches.size(), table, c, "status", status, List.of(), after, limit,
                            window));
                }
            } else {
                String[] driver = driver(c);
                branches.add(q.branch(branches.size(), table, c, driver[0], driver[1], statuses, after, limit,
                        window));
            }
        }
        if (branches.isEmpty()) {
            q.sql.append("select ").append(COLUMNS).append(", 0 as branch, false as hit, false as edge")
                    .append(" from cobro.transaction_history where false");
            return q;
        }
        // No limit here: the caller merges the branches' rows up to the newest edge of a full window.
        q.sql.append("select ").append(COLUMNS).append(", branch, hit, edge from (")
                .append(String.join(" union all ", branches))
                .append(") h order by created_at desc, id desc");
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

    /**
     * One table's rows for one driving value. The window is the first {@code window} rows of the
     * driving index in page order, bounded only by what that index can bound (its value, the time
     * range, the cursor; a reference, which has its own index); the other filters mark the window's
     * rows as hits, and the branch yields its first {@code limit} hits and, when the window is full,
     * its last row as the edge: the point through which this branch has read every row.
     */
    private String branch(int number, Table table, HistoryCriteria c, String driver, String value,
                          List<String> statuses, HistoryCursor after, int limit, int window) {
        List<String> scan = new ArrayList<>();
        List<Object> scanParams = new ArrayList<>();
        List<String> filters = new ArrayList<>();
        List<Object> filterParams = new ArrayList<>();
        if (driver != null) {
            scan.add(driver + " = any (?)");
            scanParams.add(new String[] {value});
        }
        if (c.merchantReference() != null) {
            scan.add(table.referenceColumn() + " = ?");
            scanParams.add(c.merchantReference());
        }
        // Stored times are whole microseconds: a bound with finer digits is moved up to the next one.
        condition(scan, scanParams, "created_at >= ?", timestamp(TimestampColumns.ceilMicros(c.createdFrom())));
        condition(scan, scanParams, "created_at < ?", timestamp(TimestampColumns.ceilMicros(c.createdTo())));
        if (after != null) {
            // Strictly after the cursor's row in (created_at desc, id desc) order.
            scan.add("(created_at, id) < (?, ?)");
            scanParams.add(timestamp(after.createdAt()));
            scanParams.add(after.id());
        }
        equal(filters, filterParams, "customer_id", c.customerId(), driver);
        equal(filters, filterParams, "provider", c.provider() == null ? null : c.provider().value(), driver);
        equal(filters, filterParams, "account", c.account() == null ? null : c.account().value(), driver);
        equal(filters, filterParams, "currency", c.currency() == null ? null : c.currency().getCurrencyCode(),
                driver);
        if (!"status".equals(driver) && !statuses.isEmpty()) {
            filters.add("status = any (?)");
            filterParams.add(statuses.toArray(String[]::new));
        }
        condition(filters, filterParams, "amount >= ?", c.minAmount());
        condition(filters, filterParams, "amount <= ?", c.maxAmount());
        String order = (driver == null ? "" : driver + " desc, ") + "created_at desc, id desc";
        // The hit's expression comes first in the text, so its parameters do too.
        params.addAll(filterParams);
        params.addAll(scanParams);
        StringBuilder b = new StringBuilder("(select id, '").append(table.kind().code())
                .append("'::varchar(24) as kind, provider, account, status, amount, currency, customer_id,")
                .append(" reference, created_at, updated_at, ").append(number).append(" as branch, hit, n = ")
                .append(window).append(" as edge from (select id, provider, account, status, amount, currency,")
                .append(" customer_id, ").append(table.referenceColumn()).append(" as reference, created_at,")
                .append(" updated_at, ").append(filters.isEmpty() ? "true"
                        : "(" + String.join(" and ", filters) + ") is true")
                .append(" as hit, row_number() over (order by ").append(order).append(") as n from ")
                .append(table.name());
        if (!scan.isEmpty()) {
            b.append(" where ").append(String.join(" and ", scan));
        }
        b.append(" order by ").append(order).append(" limit ").append(window).append(") w where hit or n = ")
                .append(window).append(" order by ").append(order).append(" limit ").append(limit).append(')');
        return b.toString();
    }

    private static void equal(List<String> where, List<Object> values, String column, String value, String driver) {
        if (value != null && !column.equals(driver)) {
            where.add(column + " = ?");
            values.add(value);
        }
    }

    private static void condition(List<String> where, List<Object> values, String condition, Object value) {
        if (value != null) {
            where.add(condition);
            values.add(value);
        }
    }

    public static HistoryQuery byId(UUID id) {
        HistoryQuery q = new HistoryQuery();
        q.sql.append("select ").append(COLUMNS).append(" from cobro.transaction_history where id = ?");
        q.params.add(id);
        return q;
    }

    public static HistoryQuery byReference(String reference) {
        HistoryQuery q = new HistoryQuery();
        q.sql.append("select ").append(COLUMNS).append(" from cobro.transaction_history where reference = ?")
                .append(" order by created_at desc, id desc");
        q.params.add(reference);
        return q;
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    public String sql() {
        return sql.toString();
    }

    /** Whether the rows carry a branch, a hit and an edge flag ({@link #search}) or are all answers. */
    public boolean windowed() {
        return windowed;
    }

    /** Whether every branch reads an index in the page's order, so that no plan needs a sort but the last. */
    public boolean sortless() {
        return sortless;
    }

    /** The values of the {@code ?} in {@link #sql()}, in order; a {@code String[]} is a varchar array. */
    public List<Object> params() {
        return List.copyOf(params);
    }

    /** {@code prefix} lets a test EXPLAIN exactly this query. */
    public PreparedStatement prepare(Connection c, String prefix) throws SQLException {
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
