package dev.cobro.adapters.persistence;

import dev.cobro.application.port.in.HistoryPage;
import dev.cobro.application.port.in.QueryTransactionHistoryCommand;
import dev.cobro.application.port.out.HistoryCriteria;
import dev.cobro.application.port.out.TransactionRecord;
import dev.cobro.application.port.out.TransactionStatus;
import dev.cobro.application.service.QueryTransactionHistoryService;
import dev.cobro.db.testing.TestDatabase;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.TransactionKind;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Filters that each match many rows but together few or none read a bounded stretch of the history
 * per page, and paging on through pages cut short by that bound yields every matching row once, in
 * order.
 */
class HistoryWindowsIT {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryWindowsIT.class);
    private static final int SMALL = 20_000;
    private static final int LARGE = 200_000;
    /** What the service asks for a page of 20: one row more tells whether there is a next page. */
    private static final int PAGE = 21;

    @Test
    void aCombinationThatMatchesNothingCostsTheSameBuffersAtTenTimesTheRows() {
        TestDatabase.Handle db = Databases.migrated();
        HistoryBuffersIT.seed(db, SMALL);
        Map<String, Long> small = measure(db);
        Databases.emptySubjects(db);
        HistoryBuffersIT.seed(db, LARGE);
        Map<String, Long> large = measure(db);

        List<String> grew = new ArrayList<>();
        for (String name : small.keySet()) {
            long s = small.get(name);
            long l = large.get(name);
            LOG.info("{}: {} buffers per page at {} transactions, {} at {}", name, s, SMALL, l, LARGE);
            // A deeper B-tree adds a level to each index descent; a read that grows with the table
            // reads about ten times as many buffers.
            if (l > 2 * s + 12) {
                grew.add(name + " (" + s + " -> " + l + ")");
            }
        }
        assertThat(grew).as("pages whose buffers grow with the table").isEmpty();
    }

    /**
     * Combinations the seed never has together: payments' status with an authorizations' account,
     * authorizations' provider with payments' currency, an account with a currency it never used,
     * amounts above every row's.
     */
    private static Map<String, HistoryCriteria> combinations() {
        Map<String, HistoryCriteria> criteria = new LinkedHashMap<>();
        criteria.put("status with an account that never had it", HistoryCriteria.builder()
                .statuses(TransactionStatus.SUCCEEDED).account(AccountId.of("pe-2")).build());
        criteria.put("provider with a currency it never used", HistoryCriteria.builder()
                .provider(ProviderId.PAYME).currency(Currency.getInstance("MXN")).build());
        criteria.put("account with a currency it never used", HistoryCriteria.builder()
                .account(AccountId.of("co")).currency(Currency.getInstance("PEN")).build());
        criteria.put("amount range no row has", HistoryCriteria.builder()
                .minAmount(new BigDecimal("5000")).maxAmount(new BigDecimal("6000")).build());
        criteria.put("kind, status and amount range no row has", HistoryCriteria.builder()
                .kind(TransactionKind.CHECKOUT_PAYMENT).statuses(TransactionStatus.SUCCEEDED)
                .minAmount(new BigDecimal("900")).build());
        return criteria;
    }

    /**
     * The buffers one page reads, as the adapter reads it for the service, on a connection whose
     * statements all get generic plans: every block of the history's tables and indexes the page's
     * transaction fetched.
     */
    private static Map<String, Long> measure(TestDatabase.Handle db) {
        Map<String, Long> buffers = new LinkedHashMap<>();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("set plan_cache_mode = force_generic_plan");
            c.setAutoCommit(false);
            for (Map.Entry<String, HistoryCriteria> page : combinations().entrySet()) {
                // Twice: the first read also fills the session's caches.
                for (int run = 0; run < 2; run++) {
                    long before = fetched(st);
                    List<?> rows = page(c, page.getValue());
                    long after = fetched(st);
                    assertThat(rows).as(page.getKey()).isEmpty();
                    buffers.put(page.getKey(), after - before);
                    c.commit();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return buffers;
    }

    /** A first page of 20, read as the service reads it. */
    private static List<?> page(Connection c, HistoryCriteria criteria) throws SQLException {
        return PostgresTransactionHistoryAdapter.read(c, criteria, null, PAGE,
                PostgresTransactionHistoryAdapter.WINDOWS_PER_CALL).rows();
    }

    /** Blocks of the history's tables and indexes fetched so far in this transaction. */
    private static long fetched(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("select coalesce(sum(pg_stat_get_xact_blocks_fetched(oid)), 0)"
                + " from pg_class where relnamespace = 'cobro'::regnamespace and relkind in ('r', 'i')")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void pagingOnThroughShortPagesYieldsEveryMatchingRowOnceInOrder() throws SQLException {
        TestDatabase.Handle db = Databases.migrated();
        HistoryRows.insert(db.dataSource(), rows());
        Map<String, HistoryCriteria> filters = new LinkedHashMap<>();
        filters.put("status with a rare account", HistoryCriteria.builder()
                .statuses(TransactionStatus.SUCCEEDED).account(AccountId.of("pe-2")).build());
        filters.put("two statuses of both kinds with a rare account", HistoryCriteria.builder()
                .statuses(TransactionStatus.SUCCEEDED, TransactionStatus.DECLINED).account(AccountId.of("pe-2"))
                .build());
        filters.put("provider with a narrow amount range", HistoryCriteria.builder()
                .provider(ProviderId.PAYME).minAmount(new BigDecimal("5.00")).maxAmount(new BigDecimal("60.00"))
                .build());
        filters.put("amount range no row has", HistoryCriteria.builder()
                .minAmount(new BigDecimal("99999")).build());
        filters.put("no filter", HistoryCriteria.ANY);
        filters.put("account and currency", HistoryCriteria.builder()
                .account(AccountId.of("mx")).currency(Currency.getInstance("PEN")).build());
        String[] sql = {
            "status = 'SUCCEEDED' and account = 'pe-2'",
            "status in ('SUCCEEDED', 'DECLINED') and account = 'pe-2'",
            "provider = 'payme' and amount between 5.00 and 60.00",
            "amount >= 99999",
            "true",
            "account = 'mx' and currency = 'PEN'"};

        int shortPages = 0;
        int i = 0;
        for (Map.Entry<String, HistoryCriteria> filter : filters.entrySet()) {
            List<UUID> expected = Databases.rows(db, "select id from cobro.transaction_history where " + sql[i++]
                    + " order by created_at desc, id desc").stream().map(r -> UUID.fromString(r.get(0))).toList();
            try (PostgresHistoryPagesAdapter pages = PostgresHistoryPagesAdapter.on(
                    db.dataSource().getConnection(), 10)) {
                QueryTransactionHistoryService history = new QueryTransactionHistoryService(pages);
                List<UUID> paged = new ArrayList<>();
                String cursor = null;
                int count = 0;
                do {
                    HistoryPage page = history.query(new QueryTransactionHistoryCommand(filter.getValue(), cursor,
                            5, false));
                    page.items().forEach(r -> paged.add(r.id()));
                    if (page.items().size() < 5 && page.nextCursor() != null) {
                        shortPages++;
                    }
                    cursor = page.nextCursor();
                    assertThat(++count).as("pages of " + filter.getKey()).isLessThan(2000);
                } while (cursor != null);
                List<UUID> streamed = history.stream(filter.getValue(), null).map(TransactionRecord::id).toList();

                LOG.info("{}: {} rows in {} pages", filter.getKey(), expected.size(), count);
                assertThat(paged).as(filter.getKey()).containsExactlyElementsOf(expected);
                assertThat(new LinkedHashSet<>(paged)).as(filter.getKey()).hasSameSizeAs(paged);
                assertThat(streamed).as(filter.getKey()).containsExactlyElementsOf(expected);
            }
        }
        assertThat(shortPages).as("pages cut short by the window, with a cursor to go on").isPositive();
    }

    /**
     * 1,200 rows with fixed ids and times, three to a time so that the id orders the rows of one
     * time: payments (88pay, SUCCEEDED one in five) and authorizations (payme, DECLINED one in
     * five), the account pe-2 one row in 37 and mx in PEN one row in 11.
     */
    private static List<HistoryRows.Row> rows() {
        Instant base = Instant.parse("2025-06-01T00:00:00Z");
        List<HistoryRows.Row> rows = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            boolean payment = i % 2 == 0;
            String account = i % 37 == 0 ? "pe-2" : i % 11 == 0 ? "mx" : "default";
            String currency = i % 11 == 0 ? "PEN" : "MXN";
            BigDecimal amount = BigDecimal.valueOf(100 + (i * 7919L) % 100_000, 2);
            UUID id = UUID.nameUUIDFromBytes(("history-window-" + i).getBytes(StandardCharsets.UTF_8));
            Instant created = base.plusSeconds(60L * (i / 3));
            rows.add(payment
                    ? new HistoryRows.Row(id, TransactionKind.CHECKOUT_PAYMENT, "88pay",
                            i % 5 == 0 ? "SUCCEEDED" : "FAILED", amount, currency, "c" + i % 7, "ref-" + i, created,
                            account)
                    : new HistoryRows.Row(id, TransactionKind.CARD_AUTHORIZATION, "payme",
                            i % 5 == 1 ? "DECLINED" : "AUTHORIZED", amount, currency, "c" + i % 7, String.valueOf(i),
                            created, account));
        }
        return rows;
    }
}
