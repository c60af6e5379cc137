package dev.cobro.bench;


import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Seeds the history bench's database with {@code rows} provider attempts and the checkout payments
 * and card authorizations they belong to (half each), with their status changes, by set-based SQL
 * run inside the server: ten million transactions in minutes, where row-by-row inserts would take hours.
 * <p>
 * The data is deterministic in the row index: transaction {@code i} is a payment when {@code i} is
 * even (88Pay, account mx in MXN or co in COP), an authorization when odd (Pay-me, account default
 * or pe-2, in PEN or USD); every 40th authorization was reversed (two attempts). Statuses, accounts,
 * currencies, amounts and customers come from a hash of {@code i}; times spread evenly over the
 * year before the seed; about 100 transactions per customer.
 */
final class HistorySeeder {

    static final String CUSTOMER_PREFIX = "cust_";
    static final String REFERENCE_PREFIX = "ref-";
    private static final int TRANSACTIONS_PER_CUSTOMER = 100;
    private static final int PAYMENTS_PER_SESSION = 200;
    private static final Duration SPAN = Duration.ofDays(365);

    private static final String[] PAYMENT_STATUSES = statuses(
            "SUCCEEDED", 60, "EXPIRED", 10, "FAILED", 10, "CANCELLED", 5, "AWAITING_CUSTOMER", 7, "REJECTED", 4,
            "UNKNOWN", 2, "NOT_SENT", 2);
    private static final String[] AUTHORIZATION_STATUSES = statuses(
            "AUTHORIZED", 75, "DECLINED", 20, "REJECTED", 3, "UNKNOWN", 1, "NOT_SENT", 1);

    private final int transactions;
    private final boolean lastReversed;
    private final Instant start;
    private final long stepMicros;

    private HistorySeeder(Plan plan, Instant end) {
        this.transactions = plan.transactions();
        this.lastReversed = plan.lastReversed();
        this.start = end.minus(SPAN).truncatedTo(ChronoUnit.MICROS);
        this.stepMicros = Math.max(1, SPAN.toNanos() / 1000 / Math.max(1, transactions));
    }

    /**
     * How many transactions hold exactly {@code attempts} attempts, and whether the last of them is
     * a reversal (its second attempt is what makes the sum come out right).
     */
    record Plan(int transactions, boolean lastReversed) {
    }

    static Plan plan(long attempts) {
        if (attempts < 1 || attempts > 999_999_999L) {
            throw new IllegalArgumentException("attempts must be 1 to 999999999, was " + attempts);
        }
        int t = (int) Math.max(1, attempts - attempts / 81 - 2);
        while (base(t) + (candidate(t - 1) ? 1 : 0) < attempts) {
            t++;
        }
        return new Plan(t, base(t) < attempts);
    }

    /** Attempts of t transactions when the last one is not reversed. */
    private static long base(int t) {
        int n = t - 1;
        return t + (n <= 1 ? 0 : (n - 2) / 80 + 1);
    }

    /** Transaction i is an authorization that was reversed (one in 40 of them). */
    private static boolean candidate(int i) {
        return i % 80 == 1;
    }

    static int customers(int transactions) {
        return Math.max(1, transactions / TRANSACTIONS_PER_CUSTOMER);
    }

    static String customer(int index) {
        return String.format("%s%06d", CUSTOMER_PREFIX, index);
    }

    /**
     * Seeds {@code attempts} attempts into an empty schema; returns the number of transactions. Each
     * table is filled by one set-based statement run inside the server, with the history's indexes
     * dropped first and built once at the end: ten million transactions in minutes.
     */
    static int seed(BenchDatabase database, long attempts, PrintWriter progress) throws Exception {
        Plan plan = plan(attempts);
        int t = plan.transactions();
        HistorySeeder seeder = new HistorySeeder(plan, Instant.now());
        long begin = System.nanoTime();
        List<String> indexes = dropIndexes(database);
        progress.printf("  dropped %d indexes; seeding %d transactions%n", indexes.size(), t);
        progress.flush();
        ExecutorService workers = Executors.newFixedThreadPool(2, r -> {
            Thread thread = new Thread(r, "cobro-bench-seed");
            thread.setDaemon(true);
            return thread;
        });
        try {
            // Two connections, one per kind: each statement is CPU-bound in its server process, and there are two cores.
            List<Future<?>> kinds = List.of(
                    workers.submit(() -> seeder.seedKind(database, true, progress)),
                    workers.submit(() -> seeder.seedKind(database, false, progress)));
            for (Future<?> kind : kinds) {
                kind.get();
            }
            progress.printf("  rows in %.1f s; building %d indexes%n", (System.nanoTime() - begin) / 1e9,
                    indexes.size());
            progress.flush();
            List<Future<?>> builds = new ArrayList<>();
            for (int half = 0; half < 2; half++) {
                int mine = half;
                builds.add(workers.submit(() -> {
                    for (int k = mine; k < indexes.size(); k += 2) {
                        execute(database, indexes.get(k));
                    }
                    return null;
                }));
            }
            for (Future<?> build : builds) {
                build.get();
            }
        } finally {
            workers.shutdownNow();
        }
        progress.printf("  seeded %d transactions and %d attempts in %.1f s; vacuuming and analyzing%n", t,
                attempts, (System.nanoTime() - begin) / 1e9);
        progress.flush();
        // VACUUM too, not only ANALYZE: a freshly filled table has no visibility map and unset hint bits,
        // and autovacuum would otherwise start on it in the middle of the measurement. A table that has
        // lived in production has been vacuumed; that is the state worth measuring.
        execute(database, "vacuum (analyze) cobro.checkout_payment, cobro.card_authorization,"
                + " cobro.provider_attempt, cobro.status_change");
        return t;
    }

    /** The secondary indexes of the seeded tables (not those behind a key), dropped; returns how to build them again. */
    private static List<String> dropIndexes(BenchDatabase database) throws SQLException {
        List<String> definitions = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try (Connection c = database.dataSource().getConnection(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("select i.indexname, i.indexdef from pg_indexes i"
                    + " where i.schemaname = 'cobro' and i.tablename in ('checkout_payment', 'card_authorization',"
                    + " 'provider_attempt', 'status_change') and not exists (select 1 from pg_constraint k"
                    + " where k.conname = i.indexname and k.connamespace = 'cobro'::regnamespace)"
                    + " order by i.indexname")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                    definitions.add(rs.getString(2));
                }
            }
            for (String name : names) {
                st.execute("drop index cobro." + name);
            }
        }
        return definitions;
    }

    private static void execute(BenchDatabase database, String sql) throws SQLException {
        try (Connection c = database.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** A deterministic, well-spread non-negative number from row {@code i} and a salt, in SQL. */
    private static String hash(String i, int salt) {
        return "(hashint8(" + i + " * 8 + " + salt + ") & 2147483647)";
    }

    private String createdAt(String i) {
        return "(timestamptz '" + start + "' + (" + i + "::bigint * " + stepMicros + " + " + hash(i, 0) + " % "
                + stepMicros + ") * interval '1 microsecond')";
    }

    private String reversed(String i) {
        return "(" + i + " % 80 = 1 and (" + i + " < " + (transactions - 1) + " or " + lastReversed + "))";
    }

    private static String array(String[] values) {
        return "(array['" + String.join("','", values) + "'])";
    }

    private Void seedKind(BenchDatabase database, boolean payments, PrintWriter progress) throws SQLException {
        String rows = " from generate_series(" + (payments ? 0 : 1) + ", " + (transactions - 1) + ", 2) i";
        String customer = "'" + CUSTOMER_PREFIX + "' || lpad((" + hash("i", 1) + " % " + customers(transactions)
                + ")::text, 6, '0')";
        String kind = payments ? "'checkout_payment'" : "'card_authorization'";
        String subject = "md5('" + (payments ? "p" : "a") + "' || i)::uuid";
        String status;
        try (Connection c = database.dataSource().getConnection(); Statement st = c.createStatement()) {
            if (payments) {
                status = array(PAYMENT_STATUSES) + "[1 + " + hash("i", 2) + " % 100]";
                String co = hash("i", 3) + " % 3 = 0";
                st.execute("insert into cobro.checkout_payment (id, provider, account, merchant_reference, customer_id,"
                        + " amount, currency, country, method_code, method_category, description, notification_url,"
                        + " return_url, fingerprint, status, provider_session_id, checkout_url, created_at,"
                        + " updated_at, version)"
                        + " select " + subject + ", '88pay', case when " + co + " then 'co' else 'mx' end,"
                        + " '" + REFERENCE_PREFIX + "' || i, " + customer + ", (100 + " + hash("i", 4)
                        + " % 50000) / 100.0, case when " + co + " then 'COP' else 'MXN' end, 'MEX', 'CARDS',"
                        + " 'CARD', 'Compra #' || i / 2, 'https://merchant.example.com/notify',"
                        + " 'https://merchant.example.com/return', md5('f' || i), " + status + ","
                        + " 'sess_hist_' || i / " + (2 * PAYMENTS_PER_SESSION) + ", 'https://checkout.example/chk_' || i,"
                        + " " + createdAt("i") + ", " + createdAt("i") + " + interval '2 seconds', 2" + rows);
            } else {
                status = "case when " + reversed("i") + " then 'REVERSED' else " + array(AUTHORIZATION_STATUSES)
                        + "[1 + " + hash("i", 2) + " % 100] end";
                st.execute("insert into cobro.card_authorization (id, provider, account, operation_number, channel,"
                        + " amount, currency, instrument_kind, instrument_masked, holder_first_name, holder_last_name,"
                        + " holder_email_address, holder_identity_document_country, holder_identity_document_type,"
                        + " holder_identity_document_identifier, billing_first_name, billing_last_name,"
                        + " billing_email, billing_country, description, customer_id, fingerprint, status,"
                        + " response_code, created_at, updated_at, version)"
                        + " select " + subject + ", 'payme', case when " + hash("i", 3) + " % 5 = 0 then 'pe-2'"
                        + " else 'default' end, (i + 1)::text, '1', (1000 + " + hash("i", 4) + " % 100000) / 100.0,"
                        + " case when " + hash("i", 5) + " % 7 = 0 then 'USD' else 'PEN' end, 'CARD',"
                        + " '485951******0051', 'Juan Diego', 'Perez Sanchez', 'juan.perez@email.com', 'PER', 'DNI',"
                        + " '87654321', 'Juan Diego', 'Perez Sanchez', 'juan.perez@email.com', 'PE', 'Compra ' || i,"
                        + " " + customer + ", md5('f' || i), " + status + ", '00', " + createdAt("i") + ", "
                        + createdAt("i") + " + interval '1 second', 2" + rows);
            }
            progress.printf("  %s: transactions inserted%n", payments ? "payments" : "authorizations");
            progress.flush();
            st.execute("insert into cobro.status_change (subject_kind, subject_id, position, from_status, to_status,"
                    + " reason, changed_at)"
                    + " select " + kind + ", " + subject + ", 1, null, 'REQUESTED', 'requested', " + createdAt("i") + rows
                    + " union all select " + kind + ", " + subject + ", 2, 'REQUESTED', case when " + reversed("i")
                    + " then 'AUTHORIZED' else " + status + " end, 'provider answered', " + createdAt("i")
                    + " + interval '1 second'" + rows
                    + (payments ? "" : " union all select " + kind + ", " + subject + ", 3, 'AUTHORIZED', 'REVERSED',"
                    + " 'reversed', " + createdAt("i") + " + interval '3 seconds'" + rows + " where " + reversed("i")));
            st.execute("insert into cobro.provider_attempt (id, subject_kind, subject_id, provider, operation,"
                    + " attempt_number, status, started_at, finished_at, latency_ms, http_status, provider_code,"
                    + " provider_message, request, response)"
                    + " select md5('t' || i)::uuid, " + kind + ", " + subject + ", '" + (payments ? "88pay" : "payme")
                    + "', '" + (payments ? "CHARGE" : "AUTHORIZE") + "', 1, 'SUCCEEDED', " + createdAt("i") + ", "
                    + createdAt("i") + " + interval '850 milliseconds', 850, 200, '00', 'ok',"
                    + " '{\"flow\":\"PAYIN\",\"amount\":\"redacted\"}', '{\"status\":\"Success\",\"code\":200}'" + rows
                    + (payments ? "" : " union all select md5('r' || i)::uuid, " + kind + ", " + subject + ", 'payme',"
                    + " 'REVERSE', 2, 'SUCCEEDED', " + createdAt("i") + " + interval '2 seconds', " + createdAt("i")
                    + " + interval '3 seconds', 700, 200, '00', 'Operacion Reversada', null,"
                    + " '{\"action\":\"reverse\",\"success\":\"true\"}'" + rows + " where " + reversed("i")));
            progress.printf("  %s: status changes and attempts inserted%n", payments ? "payments" : "authorizations");
            progress.flush();
        }
        return null;
    }

    static String reference(int i) {
        return REFERENCE_PREFIX + i;
    }

    static String operationNumber(int i) {
        return Integer.toString(i + 1);
    }

    private static String[] statuses(Object... weighted) {
        String[] table = new String[100];
        int at = 0;
        for (int k = 0; k < weighted.length; k += 2) {
            for (int n = 0; n < (Integer) weighted[k + 1]; n++) {
                table[at++] = (String) weighted[k];
            }
        }
        if (at != 100) {
            throw new IllegalStateException("status weights must add up to 100, not " + at);
        }
        return table;
    }

    /** Whether {@code database} already holds what {@link #seed} would put there for {@code attempts}. */
    static boolean alreadySeeded(BenchDatabase database, long attempts) throws SQLException {
        try (Connection c = database.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select (select count(*) from cobro.provider_attempt),"
                     + " (select count(*) from cobro.checkout_payment) + (select count(*) from cobro.card_authorization)")) {
            rs.next();
            return rs.getLong(1) == attempts && rs.getLong(2) == plan(attempts).transactions();
        }
    }

    static void empty(BenchDatabase database) throws SQLException {
        try (Connection c = database.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("truncate cobro.provider_attempt, cobro.status_change, cobro.payment_notification,"
                    + " cobro.card_authorization_field, cobro.card_authorization, cobro.checkout_payment");
        }
    }
}
