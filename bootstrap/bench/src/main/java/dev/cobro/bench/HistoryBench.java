package dev.cobro.bench;

import dev.cobro.application.port.in.HistoryPage;
import dev.cobro.application.port.in.QueryTransactionHistoryCommand;
import dev.cobro.application.port.out.HistoryCriteria;
import dev.cobro.application.port.out.TransactionStatus;
import dev.cobro.bootstrap.Cobro;
import dev.cobro.db.CobroMigrations;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.TransactionKind;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * {@code bench --history --rows R}: seeds R attempts into database {@value #DATABASE} on the same
 * server (never into Cobro's own data), then times pages of 20 through {@code cobro.history()} for
 * every filter the history offers, alone and combined, and for cursors followed 50 pages deep.
 * The connections are forced to generic plans: a host's pooled connections get them once pgjdbc
 * has made a statement server-prepared, and they are the plans that can go wrong.
 */
final class HistoryBench {

    static final String DATABASE = "cobro_bench_history";
    static final int PAGE = QueryTransactionHistoryCommand.DEFAULT_LIMIT;
    /** Pages timed per query; the p99 of 200 is the second slowest. */
    static final int SAMPLES = 200;
    static final int DEEP_PAGES = 50;
    private static final int WARMUP = 20;
    private static final Duration WINDOW = Duration.ofDays(7);

    /** One query's pages. */
    record QueryResult(String name, double p50Millis, double p99Millis, int pages) {
    }

    record Report(long rows, int transactions, boolean reused, double seedSeconds, List<QueryResult> queries,
                  String database) {
    }

    private HistoryBench() {
    }

    static Report run(long rows, BenchDatabase main, PrintWriter progress) throws Exception {
        BenchDatabase history = main.sibling(DATABASE);
        progress.printf("bench --history: %d attempts in database %s%n", rows, history.describe());
        progress.flush();
        CobroMigrations.migrate(history.dataSource());
        boolean reused = HistorySeeder.alreadySeeded(history, rows);
        long seedStart = System.nanoTime();
        if (reused) {
            progress.println("  reusing the rows seeded by an earlier run (same --rows)");
        } else {
            HistorySeeder.empty(history);
            HistorySeeder.seed(history, rows, progress);
        }
        double seedSeconds = reused ? 0 : (System.nanoTime() - seedStart) / 1e9;
        int transactions = HistorySeeder.plan(rows).transactions();
        progress.flush();

        String generic = history.url() + (history.url().contains("?") ? "&" : "?")
                + "options=-c%20plan_cache_mode%3Dforce_generic_plan";
        try (Cobro cobro = Cobro.builder()
                .jdbcUrl(generic, history.user(), history.password())
                .runMigrations(false)
                .build()) {
            Instant[] span = span(history);
            SplittableRandom random = new SplittableRandom(20_260_101L);
            int customers = HistorySeeder.customers(transactions);
            List<QueryResult> results = new ArrayList<>();

            results.add(firstPages(cobro, "unfiltered_first_page", progress, n -> HistoryCriteria.ANY));
            results.add(firstPages(cobro, "by_customer", progress, n -> by()
                    .customerId(HistorySeeder.customer(random.nextInt(customers))).build()));
            results.add(firstPages(cobro, "by_customer_and_status", progress, n -> by()
                    .customerId(HistorySeeder.customer(random.nextInt(customers)))
                    .statuses(TransactionStatus.SUCCEEDED, TransactionStatus.AUTHORIZED).build()));
            results.add(firstPages(cobro, "by_merchant_reference", progress, n -> {
                int i = random.nextInt(transactions);
                return by().merchantReference(i % 2 == 0 ? HistorySeeder.reference(i) : HistorySeeder.operationNumber(i))
                        .build();
            }));
            results.add(firstPages(cobro, "by_status", progress, n -> by()
                    .statuses(n % 2 == 0 ? TransactionStatus.SUCCEEDED : TransactionStatus.AUTHORIZED).build()));
            results.add(firstPages(cobro, "by_rare_status", progress, n -> by()
                    .statuses(n % 2 == 0 ? TransactionStatus.UNKNOWN : TransactionStatus.REVERSED).build()));
            results.add(firstPages(cobro, "by_three_statuses", progress, n -> by()
                    .statuses(TransactionStatus.FAILED, TransactionStatus.DECLINED, TransactionStatus.REJECTED).build()));
            results.add(firstPages(cobro, "by_provider", progress, n -> by()
                    .provider(n % 2 == 0 ? ProviderId.EIGHTY_EIGHT_PAY : ProviderId.PAYME).build()));
            results.add(firstPages(cobro, "by_account", progress, n -> by()
                    .account(AccountId.of(n % 2 == 0 ? "co" : "pe-2")).build()));
            results.add(firstPages(cobro, "by_provider_and_account", progress, n -> by()
                    .provider(ProviderId.PAYME).account(AccountId.of(n % 2 == 0 ? "default" : "pe-2")).build()));
            results.add(firstPages(cobro, "by_kind", progress, n -> by()
                    .kind(n % 2 == 0 ? TransactionKind.CHECKOUT_PAYMENT : TransactionKind.CARD_AUTHORIZATION).build()));
            results.add(firstPages(cobro, "by_kind_and_status", progress, n -> by()
                    .kind(TransactionKind.CARD_AUTHORIZATION).statuses(TransactionStatus.DECLINED).build()));
            results.add(firstPages(cobro, "by_currency", progress, n -> by()
                    .currency(Currency.getInstance(n % 2 == 0 ? "USD" : "COP")).build()));
            results.add(firstPages(cobro, "by_amount_range", progress, n -> {
                BigDecimal min = BigDecimal.valueOf(10 + random.nextInt(400));
                return by().minAmount(min).maxAmount(min.add(BigDecimal.valueOf(50))).build();
            }));
            results.add(firstPages(cobro, "by_time_range", progress, n -> {
                Instant from = randomWindowStart(random, span);
                return by().createdFrom(from).createdTo(from.plus(WINDOW)).build();
            }));
            results.add(firstPages(cobro, "by_status_and_time_range", progress, n -> {
                Instant from = randomWindowStart(random, span);
                return by().statuses(n % 2 == 0 ? TransactionStatus.SUCCEEDED : TransactionStatus.AUTHORIZED)
                        .createdFrom(from).createdTo(from.plus(WINDOW)).build();
            }));
            results.add(firstPages(cobro, "every_filter", progress, n -> {
                Instant from = randomWindowStart(random, span);
                return by().provider(ProviderId.EIGHTY_EIGHT_PAY).account(AccountId.of("mx"))
                        .kind(TransactionKind.CHECKOUT_PAYMENT).statuses(TransactionStatus.SUCCEEDED)
                        .currency(Currency.getInstance("MXN")).minAmount(BigDecimal.ONE)
                        .maxAmount(BigDecimal.valueOf(400)).createdFrom(from).createdTo(from.plus(WINDOW)).build();
            }));
            results.add(deepPages(cobro, "deep_cursor_unfiltered", HistoryCriteria.ANY, progress));
            results.add(deepPages(cobro, "deep_cursor_by_status", by().statuses(TransactionStatus.SUCCEEDED).build(),
                    progress));
            results.add(deepPages(cobro, "deep_cursor_by_provider", by().provider(ProviderId.PAYME).build(), progress));
            results.add(deepPages(cobro, "deep_cursor_by_account", by().account(AccountId.of("pe-2")).build(),
                    progress));
            results.add(deepPages(cobro, "deep_cursor_by_amount_range", by().minAmount(BigDecimal.valueOf(100))
                    .maxAmount(BigDecimal.valueOf(150)).build(), progress));
            return new Report(rows, transactions, reused, seedSeconds, results, history.describe());
        }
    }

    /** The first page of {@value #SAMPLES} queries, each with its own parameters. */
    private static QueryResult firstPages(Cobro cobro, String name, PrintWriter progress,
                                          IntFunction<HistoryCriteria> criteria) {
        for (int n = 0; n < WARMUP; n++) {
            page(cobro, criteria.apply(n), null);
        }
        long[] nanos = new long[SAMPLES];
        long start = System.nanoTime();
        for (int n = 0; n < SAMPLES; n++) {
            HistoryCriteria c = criteria.apply(n);
            long t0 = System.nanoTime();
            page(cobro, c, null);
            nanos[n] = System.nanoTime() - t0;
        }
        return result(name, new Latencies(nanos, System.nanoTime() - start), progress);
    }

    /** Walks of {@value #DEEP_PAGES} pages, each following the previous page's next_cursor. */
    private static QueryResult deepPages(Cobro cobro, String name, HistoryCriteria criteria, PrintWriter progress) {
        walk(cobro, criteria, new ArrayList<>());
        List<Long> nanos = new ArrayList<>();
        long start = System.nanoTime();
        while (nanos.size() < SAMPLES) {
            int before = nanos.size();
            walk(cobro, criteria, nanos);
            if (nanos.size() - before < DEEP_PAGES) {
                break;
            }
        }
        return result(name, new Latencies(nanos.stream().mapToLong(Long::longValue).toArray(),
                System.nanoTime() - start), progress);
    }

    private static void walk(Cobro cobro, HistoryCriteria criteria, List<Long> nanos) {
        String cursor = null;
        for (int n = 0; n < DEEP_PAGES; n++) {
            long t0 = System.nanoTime();
            HistoryPage page = page(cobro, criteria, cursor);
            nanos.add(System.nanoTime() - t0);
            cursor = page.nextCursor();
            if (cursor == null) {
                return;
            }
        }
    }

    private static HistoryCriteria.Builder by() {
        return HistoryCriteria.builder();
    }

    private static HistoryPage page(Cobro cobro, HistoryCriteria criteria, String after) {
        return cobro.history().query(new QueryTransactionHistoryCommand(criteria, after, PAGE, false));
    }

    private static QueryResult result(String name, Latencies latencies, PrintWriter progress) {
        QueryResult result = new QueryResult(name, latencies.percentileMillis(50), latencies.percentileMillis(99),
                latencies.count());
        progress.printf("  %-28s p50 %7.2f ms  p99 %7.2f ms  (%d pages)%n", name, result.p50Millis(),
                result.p99Millis(), result.pages());
        progress.flush();
        return result;
    }

    /** The oldest and newest created_at seeded. */
    private static Instant[] span(BenchDatabase history) throws Exception {
        try (Connection c = history.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select min(created_at), max(created_at) from cobro.transaction_history")) {
            rs.next();
            return new Instant[] {rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant()};
        }
    }

    private static Instant randomWindowStart(SplittableRandom random, Instant[] span) {
        long seconds = Duration.between(span[0], span[1]).minus(WINDOW).getSeconds();
        return span[0].plusSeconds(seconds <= 0 ? 0 : random.nextLong(seconds));
    }
}
