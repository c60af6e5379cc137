package dev.cobro.adapters.persistence;

import dev.cobro.adapters.persistence.history.HistoryQuery;
import dev.cobro.application.port.out.HistoryCriteria;
import dev.cobro.application.port.out.HistoryCursor;
import dev.cobro.application.port.out.TransactionStatus;
import dev.cobro.db.testing.TestDatabase;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.TransactionKind;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every history filter, alone and combined, reads a page from a bounded number of buffers: seeded at
 * two sizes ten times apart over the same year, each page costs about the same at both, under the
 * generic plans a pooled connection's server-prepared statements get.
 */
class HistoryBuffersIT {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryBuffersIT.class);
    private static final int SMALL = 20_000;
    private static final int LARGE = 200_000;
    private static final int PAGE = 21;
    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    private static final Duration SPAN = Duration.ofDays(365);
    /** The top node's counters come first in EXPLAIN's JSON: its children and the planning's follow it. */
    private static final Pattern HIT = Pattern.compile("\"Shared Hit Blocks\": (\\d+)");
    private static final Pattern READ = Pattern.compile("\"Shared Read Blocks\": (\\d+)");

    @Test
    void aPageOfEveryFilterCostsTheSameBuffersAtTenTimesTheRows() {
        TestDatabase.Handle db = Databases.migrated();
        seed(db, SMALL);
        Map<String, Long> small = measure(db);
        Databases.emptySubjects(db);
        seed(db, LARGE);
        Map<String, Long> large = measure(db);

        List<String> grew = new ArrayList<>();
        for (String name : small.keySet()) {
            long s = small.get(name);
            long l = large.get(name);
            LOG.info("{}: {} buffers at {} transactions, {} at {}", name, s, SMALL, l, LARGE);
            // A deeper B-tree adds a level to each index descent; a scan that grows with the table
            // reads about ten times as many buffers.
            if (l > 2 * s + 12 || l > 600) {
                grew.add(name + " (" + s + " -> " + l + ")");
            }
        }
        assertThat(grew).as("pages whose buffers grow with the table").isEmpty();
    }

    /** The criteria and cursors of each page measured, the same at both sizes. */
    private static Map<String, HistoryQuery> pages() {
        Instant middle = START.plus(SPAN.dividedBy(2));
        HistoryCursor deep = new HistoryCursor(START.plus(SPAN.multipliedBy(3).dividedBy(5)),
                UUID.fromString("ffffffff-ffff-4fff-bfff-ffffffffffff"));
        Map<String, HistoryCriteria> criteria = new LinkedHashMap<>();
        criteria.put("no filter", HistoryCriteria.ANY);
        criteria.put("status of payments", by().statuses(TransactionStatus.SUCCEEDED).build());
        criteria.put("status of authorizations", by().statuses(TransactionStatus.AUTHORIZED).build());
        criteria.put("status of both kinds", by().statuses(TransactionStatus.REJECTED).build());
        criteria.put("two statuses", by().statuses(TransactionStatus.FAILED, TransactionStatus.DECLINED).build());
        criteria.put("provider 88pay", by().provider(ProviderId.EIGHTY_EIGHT_PAY).build());
        criteria.put("provider payme", by().provider(ProviderId.PAYME).build());
        criteria.put("account", by().account(AccountId.of("co")).build());
        criteria.put("provider and account", by().provider(ProviderId.PAYME).account(AccountId.of("pe-2")).build());
        criteria.put("kind", by().kind(TransactionKind.CARD_AUTHORIZATION).build());
        criteria.put("kind and status", by().kind(TransactionKind.CHECKOUT_PAYMENT)
                .statuses(TransactionStatus.EXPIRED).build());
        criteria.put("customer", by().customerId("cust_42").build());
        criteria.put("customer and status", by().customerId("cust_42").statuses(TransactionStatus.SUCCEEDED).build());
        criteria.put("reference", by().merchantReference("ref-777").build());
        criteria.put("operation number", by().merchantReference("778").build());
        criteria.put("currency", by().currency(Currency.getInstance("USD")).build());
        criteria.put("currency and provider", by().currency(Currency.getInstance("COP"))
                .provider(ProviderId.EIGHTY_EIGHT_PAY).build());
        criteria.put("amount range", by().minAmount(new BigDecimal("100")).maxAmount(new BigDecimal("150")).build());
        criteria.put("date range", by().createdFrom(middle).createdTo(middle.plus(Duration.ofDays(7))).build());
        criteria.put("status and date range", by().statuses(TransactionStatus.UNKNOWN)
                .createdFrom(middle).createdTo(middle.plus(Duration.ofDays(7))).build());
        criteria.put("every filter", by().provider(ProviderId.EIGHTY_EIGHT_PAY).account(AccountId.of("mx"))
                .kind(TransactionKind.CHECKOUT_PAYMENT).statuses(TransactionStatus.SUCCEEDED)
                .currency(Currency.getInstance("MXN")).minAmount(new BigDecimal("1"))
                .maxAmount(new BigDecimal("400")).createdFrom(START).createdTo(middle).build());
        Map<String, HistoryQuery> queries = new LinkedHashMap<>();
        criteria.forEach((name, c) -> queries.put(name, HistoryQuery.search(c, null, PAGE)));
        criteria.forEach((name, c) -> {
            if (c.merchantReference() == null && c.customerId() == null && c.createdTo() == null) {
                queries.put(name + ", deep cursor", HistoryQuery.search(c, deep, PAGE));
            }
        });
        return queries;
    }

    private static HistoryCriteria.Builder by() {
        return HistoryCriteria.builder();
    }

    private static Map<String, Long> measure(TestDatabase.Handle db) {
        Map<String, Long> buffers = new LinkedHashMap<>();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("set plan_cache_mode = force_generic_plan");
            int n = 0;
            for (Map.Entry<String, HistoryQuery> page : pages().entrySet()) {
                String name = "h" + n++;
                st.execute("begin");
                if (page.getValue().sortless()) {
                    st.execute(HistoryQuery.SETTINGS);
                }
                st.execute("prepare " + name + " as " + numbered(page.getValue().sql()));
                // Twice: the first execution also reads the catalog into the session's caches.
                explain(st, name, page.getValue().params());
                buffers.put(page.getKey(), explain(st, name, page.getValue().params()));
                st.execute("commit");
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return buffers;
    }

    private static long explain(Statement st, String name, List<Object> params) throws SQLException {
        List<String> values = params.stream().map(HistoryBuffersIT::literal).toList();
        // Verbose: a filter applied to a window's rows is a computed column, shown only with its output.
        try (ResultSet rs = st.executeQuery("explain (analyze, buffers, verbose, format json) execute " + name
                + (values.isEmpty() ? "" : "(" + String.join(", ", values) + ")"))) {
            rs.next();
            String plan = rs.getString(1);
            if (!params.isEmpty()) {
                assertThat(plan).as("a generic plan keeps the parameters").contains("$1");
            }
            return first(HIT, plan) + first(READ, plan);
        }
    }

    private static long first(Pattern counter, String plan) {
        Matcher m = counter.matcher(plan);
        assertThat(m.find()).as(plan).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** The query's {@code ?} become {@code $1, $2, ...}: it holds no other question mark. */
    private static String numbered(String sql) {
        StringBuilder out = new StringBuilder();
        int n = 0;
        for (char ch : sql.toCharArray()) {
            if (ch == '?') {
                out.append('$').append(++n);
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }

    private static String literal(Object value) {
        if (value instanceof String[] values) {
            List<String> quoted = new ArrayList<>();
            for (String v : values) {
                quoted.add(quote(v));
            }
            return "array[" + String.join(", ", quoted) + "]::varchar[]";
        }
        if (value instanceof String s) {
            return quote(s) + "::varchar";
        }
        if (value instanceof BigDecimal amount) {
            return amount.toPlainString() + "::numeric";
        }
        if (value instanceof OffsetDateTime time) {
            return quote(time.toString()) + "::timestamptz";
        }
        if (value instanceof UUID id) {
            return quote(id.toString()) + "::uuid";
        }
        throw new IllegalArgumentException("no literal for " + value.getClass());
    }

    private static String quote(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /**
     * {@code n} transactions over a year, in two set-based statements: even rows are payments
     * (88pay, accounts mx and co in MXN and COP), odd rows authorizations (payme, accounts default
     * and pe-2 in PEN and USD); statuses, accounts, currencies and customers cycle with coprime
     * periods so that every combination used above occurs throughout the year.
     */
    static void seed(TestDatabase.Handle db, int n) {
        String time = "timestamptz '" + START + "' + (i::double precision / " + n + ") * interval '"
                + SPAN.toDays() + " days'";
        int customers = Math.max(1, n / 100);
        Databases.execute(db, "insert into cobro.checkout_payment (id, provider, account, merchant_reference,"
                + " customer_id, amount, currency, country, method_code, method_category, description,"
                + " notification_url, return_url, fingerprint, status, created_at, updated_at, version)"
                + " select md5('p' || i)::uuid, '88pay', case when (i / 2) % 3 = 2 then 'co' else 'mx' end,"
                + " 'ref-' || i / 2, 'cust_' || ((i / 2) * 31 % " + customers + "),"
                + " 1 + ((i / 2) * 7919 % 50000) / 100.0, case when (i / 2) % 3 = 2 then 'COP' else 'MXN' end,"
                + " 'MEX', 'CARDS', 'CARD', 'bulk', 'https://shop.example/n', 'https://shop.example/r', 'fp',"
                + " (array['SUCCEEDED','SUCCEEDED','SUCCEEDED','SUCCEEDED','SUCCEEDED','SUCCEEDED','EXPIRED',"
                + "'FAILED','CANCELLED','AWAITING_CUSTOMER','REJECTED','UNKNOWN','NOT_SENT'])[1 + (i / 2) % 13],"
                + " " + time + ", " + time + " + interval '2 seconds', 2"
                + " from generate_series(0, " + (n - 1) + ", 2) i");
        Databases.execute(db, "insert into cobro.card_authorization (id, provider, account, operation_number,"
                + " channel, amount, currency, instrument_kind, instrument_masked, holder_first_name,"
                + " holder_last_name, holder_email_address, holder_identity_document_country,"
                + " holder_identity_document_type, holder_identity_document_identifier, customer_id, fingerprint,"
                + " status, created_at, updated_at, version)"
                + " select md5('a' || i)::uuid, 'payme', case when (i / 2) % 5 = 4 then 'pe-2' else 'default' end,"
                + " ((i / 2) + 1)::text, '1', 10 + ((i / 2) * 7919 % 100000) / 100.0,"
                + " case when (i / 2) % 7 = 3 then 'USD' else 'PEN' end, 'CARD', '485951******0051', 'Ana',"
                + " 'Quispe', 'ana@example.pe', 'PE', 'DNI', '1', 'cust_' || ((i / 2) * 31 % " + customers + "),"
                + " 'fp', (array['AUTHORIZED','AUTHORIZED','AUTHORIZED','AUTHORIZED','AUTHORIZED','AUTHORIZED',"
                + "'DECLINED','DECLINED','REJECTED','UNKNOWN','NOT_SENT','REVERSED'])[1 + (i / 2) % 12],"
                + " " + time + ", " + time + " + interval '1 second', 2"
                + " from generate_series(1, " + (n - 1) + ", 2) i");
        Databases.execute(db, "vacuum analyze cobro.checkout_payment");
        Databases.execute(db, "vacuum analyze cobro.card_authorization");
    }
}
