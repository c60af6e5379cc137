package dev.cobro.cli.bench;

import dev.cobro.cli.embedded.CobroDatabase;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntPredicate;

/**
 * Seeds the history bench's database with {@code rows} provider attempts and the checkout payments
 * and card authorizations they belong to (half each), with their status changes, through COPY:
 * a million attempts in minutes, where row-by-row inserts would take an hour.
 * <p>
 * The data is deterministic in the row index: transaction {@code i} is a payment when {@code i} is
 * even, an authorization when odd; every 40th authorization was reversed (two attempts). Times
 * spread evenly over the year before the seed; about 100 transactions per customer.
 */
final class HistorySeeder {

    static final String CUSTOMER_PREFIX = "cust_";
    static final String REFERENCE_PREFIX = "ref-";
    private static final int TRANSACTIONS_PER_CUSTOMER = 100;
    private static final int PAYMENTS_PER_SESSION = 200;
    private static final Duration SPAN = Duration.ofDays(365);
    private static final int CHUNK = 1 << 20;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSX")
            .withZone(ZoneOffset.UTC);

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

    /** Seeds {@code attempts} attempts into an empty schema; returns the number of transactions. */
    static int seed(CobroDatabase database, long attempts, PrintWriter progress) throws Exception {
        Plan plan = plan(attempts);
        int t = plan.transactions();
        HistorySeeder seeder = new HistorySeeder(plan, Instant.now());
        ExecutorService workers = Executors.newFixedThreadPool(2, r -> {
            Thread thread = new Thread(r, "cobro-bench-seed");
            thread.setDaemon(true);
            return thread;
        });
        try {
            long begin = System.nanoTime();
            // Two connections, one per kind: COPY is CPU-bound on both sides, and there are two cores.
            Future<?> payments = workers.submit(() -> {
                seeder.seedKind(database, true, progress);
                return null;
            });
            Future<?> authorizations = workers.submit(() -> {
                seeder.seedKind(database, false, progress);
                return null;
            });
            payments.get();
            authorizations.get();
            progress.printf("  seeded %d transactions and %d attempts in %.1f s; vacuuming and analyzing%n", t,
                    attempts, (System.nanoTime() - begin) / 1e9);
            progress.flush();
            // VACUUM too, not only ANALYZE: a table fresh from COPY has no visibility map and unset hint bits,
            // and autovacuum would otherwise start on it in the middle of the measurement. A table that has
            // lived in production has been vacuumed; that is the state worth measuring.
            try (Connection c = database.dataSource().getConnection(); Statement st = c.createStatement()) {
                st.execute("vacuum (analyze) cobro.checkout_payment, cobro.card_authorization,"
                        + " cobro.provider_attempt, cobro.status_change");
            }
        } finally {
            workers.shutdownNow();
        }
        return t;
    }

    private void seedKind(CobroDatabase database, boolean payments, PrintWriter progress)
            throws SQLException {
        IntPredicate mine = payments ? i -> i % 2 == 0 : i -> i % 2 == 1;
        try (Connection c = database.dataSource().getConnection()) {
            if (payments) {
                copy(c, "copy cobro.checkout_payment (id, provider, merchant_reference, customer_id, amount,"
                        + " currency, country, method_code, method_category, description, notification_url,"
                        + " return_url, fingerprint, status, provider_session_id, provider_reference, checkout_url,"
                        + " created_at, updated_at, version) from stdin", mine, this::paymentRow);
            } else {
                copy(c, "copy cobro.card_authorization (id, provider, operation_number, channel, amount, currency,"
                        + " instrument_kind, instrument_masked, holder_first_name, holder_last_name,"
                        + " holder_email_address, holder_identity_document_country, holder_identity_document_type,"
                        + " holder_identity_document_identifier, billing_first_name, billing_last_name,"
                        + " billing_email, billing_phone_country_code, billing_phone_subscriber, billing_line1,"
                        + " billing_line2, billing_city, billing_state, billing_country, billing_zip_code,"
                        + " description, customer_id, fingerprint, status, provider_transaction_id,"
                        + " authorization_code, response_code, response_message, response_locale, created_at,"
                        + " updated_at, version) from stdin", mine, this::authorizationRow);
            }
            progress.printf("  %s: transactions copied%n", payments ? "payments" : "authorizations");
            progress.flush();
            copy(c, "copy cobro.status_change (subject_kind, subject_id, position, from_status, to_status, reason,"
                    + " changed_at) from stdin", mine, this::statusChangeRows);
            copy(c, "copy cobro.provider_attempt (id, subject_kind, subject_id, provider, operation,"
                    + " attempt_number, status, started_at, finished_at, latency_ms, http_status, provider_code,"
                    + " provider_message, request, response) from stdin", mine, this::attemptRows);
            progress.printf("  %s: status changes and attempts copied%n", payments ? "payments" : "authorizations");
            progress.flush();
        }
    }

    @FunctionalInterface
    private interface RowWriter {
        void write(int index, StringBuilder out);
    }

    private void copy(Connection c, String sql, IntPredicate mine, RowWriter rows) throws SQLException {
        CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try {
            StringBuilder text = new StringBuilder(CHUNK + 4096);
            for (int i = 0; i < transactions; i++) {
                if (!mine.test(i)) {
                    continue;
                }
                rows.write(i, text);
                if (text.length() >= CHUNK) {
                    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
                    in.writeToCopy(bytes, 0, bytes.length);
                    text.setLength(0);
                }
            }
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            in.writeToCopy(bytes, 0, bytes.length);
            in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
    }

    // --- the rows of transaction i -----------------------------------------------------------------

    boolean reversed(int i) {
        return candidate(i) && (i < transactions - 1 || lastReversed);
    }

    String status(int i) {
        if (i % 2 == 0) {
            return PAYMENT_STATUSES[(int) (mix(i) % 100)];
        }
        return reversed(i) ? "REVERSED" : AUTHORIZATION_STATUSES[(int) (mix(i) % 100)];
    }

    Instant createdAt(int i) {
        return start.plus(stepMicros * i + mix(i) % stepMicros, ChronoUnit.MICROS);
    }

    static UUID id(int i, int salt) {
        return new UUID(mix(i * 4L + salt) & 0xFFFFFFFFFFFF0FFFL | 0x4000L,
                mix(i * 4L + salt + 2) & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L);
    }

    String customerOf(int i) {
        return customer((int) (mix(i + 7_777_777L) % customers(transactions)));
    }

    static String reference(int i) {
        return REFERENCE_PREFIX + i;
    }

    static String operationNumber(int i) {
        return Integer.toString(i + 1);
    }

    private void paymentRow(int i, StringBuilder out) {
        int p = i / 2;
        String status = status(i);
        Instant created = createdAt(i);
        boolean sent = !status.equals("NOT_SENT") && !status.equals("REJECTED");
        cols(out, id(i, 0), "88pay", reference(i), customerOf(i),
                amount(100 + p % 50_000), "MXN", "MEX", "CARDS", "CARD", "Compra #" + p,
                "https://merchant.example.com/notify", "https://merchant.example.com/return",
                Long.toHexString(mix(i)) + Long.toHexString(mix(i + 1)),
                status, "sess_hist_" + p / PAYMENTS_PER_SESSION, null,
                sent ? "https://checkout.example/chk_" + p : null,
                TIME.format(created), TIME.format(created.plusSeconds(2)), "2");
    }

    private void authorizationRow(int i, StringBuilder out) {
        String status = status(i);
        Instant created = createdAt(i);
        boolean answered = !status.equals("NOT_SENT") && !status.equals("UNKNOWN") && !status.equals("REJECTED");
        boolean approved = status.equals("AUTHORIZED") || status.equals("REVERSED");
        cols(out, id(i, 0), "payme", operationNumber(i), "1", amount(1000 + i % 100_000), "PEN", "CARD",
                "485951******0051", "Juan Diego", "Perez Sanchez", "juan.perez@email.com", "PER", "DNI",
                "87654321", "Juan Diego", "Perez Sanchez", "juan.perez@email.com", "51", "987654321",
                "Mi casa", "Mi casa", "LIMA", "LIMA", "PE", "18", "Compra " + i, customerOf(i),
                Long.toHexString(mix(i)) + Long.toHexString(mix(i + 1)), status,
                answered ? Long.toString(500_000 + i) : null, approved ? String.format("%06d", i % 1_000_000) : null,
                answered ? (approved ? "00" : "05") : null,
                answered ? (approved ? "Operacion Autorizada" : "Operacion Denegada") : null,
                answered ? "es_PE" : null, TIME.format(created), TIME.format(created.plusSeconds(1)),
                reversed(i) ? "3" : "2");
    }

    private void statusChangeRows(int i, StringBuilder out) {
        String kind = i % 2 == 0 ? "checkout_payment" : "card_authorization";
        UUID subject = id(i, 0);
        Instant created = createdAt(i);
        cols(out, kind, subject, "1", null, "REQUESTED", "requested", TIME.format(created));
        if (reversed(i)) {
            cols(out, kind, subject, "2", "REQUESTED", "AUTHORIZED", "approved", TIME.format(created.plusSeconds(1)));
            cols(out, kind, subject, "3", "AUTHORIZED", "REVERSED", "reversed", TIME.format(created.plusSeconds(3)));
        } else {
            cols(out, kind, subject, "2", "REQUESTED", status(i), "provider answered",
                    TIME.format(created.plusSeconds(1)));
        }
    }

    private void attemptRows(int i, StringBuilder out) {
        boolean payment = i % 2 == 0;
        String kind = payment ? "checkout_payment" : "card_authorization";
        Instant created = createdAt(i);
        String status = status(i);
        String attemptStatus = switch (status) {
            case "NOT_SENT", "UNKNOWN", "REJECTED", "DECLINED" -> status;
            default -> "SUCCEEDED";
        };
        String request = payment
                ? "{\"flow\":\"PAYIN\",\"method_code\":\"CARDS\",\"method_category\":\"CARD\",\"country\":\"MEX\","
                + "\"currency\":\"MXN\",\"amount\":" + amount(100 + (i / 2) % 50_000) + "}"
                : "{\"action\":\"authorize\",\"channel\":\"1\",\"payment_method\":{\"card\":[{\"pan\":"
                + "\"485951******0051\",\"security_code\":\"***\"}]},\"transaction\":{\"currency\":\"604\"}}";
        String response = "{\"status\":\"Success\",\"code\":200,\"message\":\"ok\"}";
        boolean answered = !attemptStatus.equals("NOT_SENT") && !attemptStatus.equals("UNKNOWN");
        cols(out, id(i, 1), kind, id(i, 0), payment ? "88pay" : "payme", payment ? "CHARGE" : "AUTHORIZE", "1",
                attemptStatus, TIME.format(created), TIME.format(created.plusMillis(850)), "850",
                answered ? "200" : null, answered ? (payment ? "200" : "00") : null, answered ? "ok" : null,
                request, answered ? response : null);
        if (reversed(i)) {
            cols(out, id(i, 2), kind, id(i, 0), "payme", "REVERSE", "2", "SUCCEEDED",
                    TIME.format(created.plusSeconds(2)), TIME.format(created.plusSeconds(3)), "700", "200", "00",
                    "Operacion Reversada", null, "{\"action\":\"reverse\",\"success\":\"true\"}");
        }
    }

    /** One line of COPY's text format; the values here never hold a tab, newline or backslash. */
    private static void cols(StringBuilder out, Object... values) {
        for (int k = 0; k < values.length; k++) {
            if (k > 0) {
                out.append('\t');
            }
            out.append(values[k] == null ? "\\N" : values[k].toString());
        }
        out.append('\n');
    }

    private static String amount(long cents) {
        return cents / 100 + "." + (cents % 100 < 10 ? "0" : "") + cents % 100;
    }

    /** SplitMix64: well-spread, deterministic pseudo-random values from an index. */
    static long mix(long x) {
        long z = x * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) & Long.MAX_VALUE;
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
    static boolean alreadySeeded(CobroDatabase database, long attempts) throws SQLException {
        try (Connection c = database.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select (select count(*) from cobro.provider_attempt),"
                     + " (select count(*) from cobro.checkout_payment) + (select count(*) from cobro.card_authorization)")) {
            rs.next();
            return rs.getLong(1) == attempts && rs.getLong(2) == plan(attempts).transactions();
        }
    }

    static void empty(CobroDatabase database) throws SQLException {
        try (Connection c = database.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("truncate cobro.provider_attempt, cobro.status_change, cobro.payment_notification,"
                    + " cobro.card_authorization_field, cobro.card_authorization, cobro.checkout_payment");
        }
    }
}
