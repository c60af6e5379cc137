package dev.cobro.cli.bench;

import dev.cobro.cli.embedded.CobroDatabase;
import dev.cobro.adapters.http.eightyeightpay.EightyEightPayCheckoutAdapter;
import dev.cobro.adapters.http.eightyeightpay.EightyEightPaySettings;
import dev.cobro.adapters.http.payme.PaymeCardAuthorizationAdapter;
import dev.cobro.adapters.http.payme.PaymeSettings;
import dev.cobro.application.port.in.AuthorizeCardCommand;
import dev.cobro.application.port.in.AuthorizeCardCommand.CardData;
import dev.cobro.application.port.in.StartCheckoutPaymentCommand;
import dev.cobro.bootstrap.Cobro;
import dev.cobro.bootstrap.config.CobroConfiguration;
import dev.cobro.testkit.ProviderSandbox;
import dev.cobro.domain.authorization.Address;
import dev.cobro.domain.authorization.CardHolder;
import dev.cobro.domain.authorization.Channel;
import dev.cobro.domain.authorization.OperationNumber;
import dev.cobro.domain.payment.CustomerId;
import dev.cobro.domain.shared.Description;
import dev.cobro.domain.shared.Money;
import dev.cobro.domain.shared.ProviderId;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Currency;
import java.util.Map;

/**
 * {@code bench --provider ...}: the same operations through Cobro (persistence on) and through the
 * {@link Baseline}, in one run, against the configured provider or the {@link ProviderSandbox}.
 * Each side gets an uncounted warm-up first (JIT, connection pools, the first token).
 */
final class LoadBench {

    static final String EIGHTY_EIGHT_PAY = "88pay";
    static final String PAYME = "payme";

    /** What the bench was asked to do. */
    record Settings(String provider, int count, int concurrency, Duration sandboxLatency) {
    }

    /**
     * What it measured. {@code sandboxTokenRequests} is null against a configured provider;
     * {@code cobroSeconds} is the whole Cobro phase, warm-up included, in which its tokens were asked.
     */
    record Report(Settings settings, int warmup, Latencies cobro, Latencies baseline, long tokenRequests,
                  Long sandboxTokenRequests, long baselineTokenRequests, double cobroSeconds,
                  Map<String, Long> cobroOutcomes, Map<String, Long> baselineOutcomes, String endpoint,
                  String database) {

        double ratio() {
            double base = baseline.throughputPerSecond();
            return base == 0 ? 0 : cobro.throughputPerSecond() / base;
        }

        /** Token requests the provider saw from Cobro: the sandbox's count less the baseline's own. */
        Long sandboxCobroTokenRequests() {
            return sandboxTokenRequests == null ? null : sandboxTokenRequests - baselineTokenRequests;
        }
    }

    private LoadBench() {
    }

    /**
     * Uncounted operations before each measured phase. Half the count, up to 1000: Cobro's path
     * (Hibernate above all) is still being compiled after a few hundred operations, and a shorter
     * warm-up measured the JIT more than Cobro (throughput kept climbing through the run).
     */
    static int warmup(int count, int concurrency) {
        return Math.max(2 * concurrency, Math.min(count / 2, 1000));
    }

    static Report run(Settings settings, CobroConfiguration config, CobroDatabase database, PrintWriter progress)
            throws Exception {
        boolean eightyEightPay = EIGHTY_EIGHT_PAY.equals(settings.provider());
        boolean configured = eightyEightPay ? config.eightyEightPay() != null : config.payme() != null;
        ProviderSandbox sandbox = configured ? null
                : ProviderSandbox.builder().latency(settings.sandboxLatency()).start();
        try {
            EightyEightPaySettings eightyEightPaySettings = !eightyEightPay ? null : configured
                    ? config.eightyEightPay()
                    : EightyEightPaySettings.defaults(sandbox.eightyEightPayBaseUrl(),
                    ProviderSandbox.DEFAULT_88PAY_API_KEY, ProviderSandbox.DEFAULT_88PAY_MERCHANT_ID);
            PaymeSettings paymeSettings = eightyEightPay ? null : configured ? config.payme()
                    : PaymeSettings.defaults(sandbox.paymeAuthUrl(), sandbox.paymeApiUrl(),
                    ProviderSandbox.DEFAULT_PAYME_CLIENT_ID, ProviderSandbox.DEFAULT_PAYME_CLIENT_SECRET);
            String endpoint = configured ? (eightyEightPay ? config.eightyEightPay().baseUrl()
                    : config.payme().apiUrl()) : "provider sandbox " + sandbox.baseUrl() + " (latency "
                    + settings.sandboxLatency().toMillis() + " ms)";
            if (configured && !settings.sandboxLatency().isZero()) {
                progress.println("note: --sandbox-latency-ms is ignored: " + settings.provider()
                        + " is configured, so the bench calls " + endpoint);
            }
            int warmup = warmup(settings.count(), settings.concurrency());
            int total = warmup + settings.count();
            progress.printf("bench %s: %d operations, %d at a time, after %d warm-up, against %s; database %s%n",
                    settings.provider(), settings.count(), settings.concurrency(), warmup, endpoint,
                    database.describe());
            progress.flush();

            try (Cobro cobro = Cobro.builder()
                    .jdbcUrl(database.url(), database.user(), database.password())
                    .eightyEightPay(eightyEightPaySettings)
                    .payme(paymeSettings)
                    .build()) {
                BenchWorkload workload = eightyEightPay ? new BenchWorkload(new long[0], new long[0])
                        : new BenchWorkload(reserveOperationNumbers(database, total),
                        reserveOperationNumbers(database, total));
                LoadRunner.Operation throughCobro = eightyEightPay ? checkouts(cobro, workload)
                        : authorizations(cobro, workload);

                long started = System.nanoTime();
                LoadRunner.run("cobro warm-up", warmup, settings.concurrency(), throughCobro, progress);
                LoadRunner.Result cobroRun = LoadRunner.run("cobro " + settings.provider(), settings.count(),
                        settings.concurrency(), offset(throughCobro, warmup), progress);
                double cobroSeconds = (System.nanoTime() - started) / 1e9;
                long tokenRequests = eightyEightPay ? eightyEightPayAdapter(cobro).tokenRequests()
                        : paymeAdapter(cobro).tokenRequests();

                try (Baseline baseline = eightyEightPay
                        ? new EightyEightPayBaseline(eightyEightPaySettings, database, workload)
                        : new PaymeBaseline(paymeSettings, database, workload)) {
                    LoadRunner.run("baseline warm-up", warmup, settings.concurrency(), baseline, progress);
                    LoadRunner.Result baselineRun = LoadRunner.run("baseline " + settings.provider(),
                            settings.count(), settings.concurrency(), offset(baseline, warmup), progress);
                    Long sandboxTokens = sandbox == null ? null
                            : eightyEightPay ? sandbox.tokenRequests88Pay() : sandbox.paymeTokenRequests();
                    return new Report(settings, warmup, cobroRun.latencies(), baselineRun.latencies(),
                            tokenRequests, sandboxTokens, baseline.tokenRequests(), cobroSeconds,
                            cobroRun.outcomes(), baselineRun.outcomes(), endpoint, database.describe());
                }
            }
        } finally {
            if (sandbox != null) {
                sandbox.close();
            }
        }
    }

    private static LoadRunner.Operation offset(LoadRunner.Operation operation, int by) {
        return index -> operation.run(index + by);
    }

    private static LoadRunner.Operation checkouts(Cobro cobro, BenchWorkload workload) {
        return index -> {
            BenchWorkload.Checkout checkout = workload.checkout(index, false);
            StartCheckoutPaymentCommand command = StartCheckoutPaymentCommand.of(EIGHTY_EIGHT_PAY,
                    checkout.merchantReference(), checkout.customerId(), checkout.amount(),
                    BenchWorkload.CHECKOUT_CURRENCY, BenchWorkload.COUNTRY, BenchWorkload.METHOD_CODE,
                    BenchWorkload.METHOD_CATEGORY, BenchWorkload.DESCRIPTION, BenchWorkload.NOTIFICATION_URL,
                    BenchWorkload.RETURN_URL);
            return cobro.checkoutPayments().start(command).payment().status().name();
        };
    }

    private static LoadRunner.Operation authorizations(Cobro cobro, BenchWorkload workload) {
        CardHolder holder = new CardHolder(BenchWorkload.FIRST_NAME, BenchWorkload.LAST_NAME, BenchWorkload.EMAIL,
                BenchWorkload.DOCUMENT_COUNTRY, BenchWorkload.DOCUMENT_TYPE, BenchWorkload.DOCUMENT_NUMBER);
        Address billing = Address.billing(null, BenchWorkload.FIRST_NAME, BenchWorkload.LAST_NAME,
                BenchWorkload.EMAIL, BenchWorkload.PHONE_COUNTRY_CODE, BenchWorkload.PHONE_SUBSCRIBER,
                BenchWorkload.LINE_1, BenchWorkload.LINE_2, BenchWorkload.CITY, BenchWorkload.STATE,
                BenchWorkload.BILLING_COUNTRY, BenchWorkload.ZIP_CODE);
        Currency currency = Currency.getInstance(BenchWorkload.AUTHORIZATION_CURRENCY);
        Description description = new Description(BenchWorkload.DESCRIPTION);
        return index -> {
            BenchWorkload.CardAuthorization authorization = workload.authorization(index, false);
            AuthorizeCardCommand command = new AuthorizeCardCommand(ProviderId.PAYME,
                    new OperationNumber(authorization.operationNumber()), Channel.ECOMMERCE,
                    Money.of(authorization.amount(), currency),
                    CardData.card(BenchWorkload.CARD, workload.expiry(), BenchWorkload.CVV), holder, billing, null,
                    description, null, new CustomerId(authorization.customerId()));
            return cobro.cardAuthorizations().authorize(command).authorization().status().name();
        };
    }

    /**
     * Operation numbers nobody else will use: taken from Cobro's own sequence, so that a rerun on the
     * same database, or Cobro itself, never meets one of them again (a repeated number is a replay).
     */
    private static long[] reserveOperationNumbers(CobroDatabase database, int count) throws SQLException {
        long[] numbers = new long[count];
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement st = c.prepareStatement(
                     "select nextval('cobro.operation_number_seq') from generate_series(1, ?)")) {
            st.setInt(1, count);
            try (ResultSet rs = st.executeQuery()) {
                for (int i = 0; i < count && rs.next(); i++) {
                    numbers[i] = rs.getLong(1);
                }
            }
        }
        return numbers;
    }

    static EightyEightPayCheckoutAdapter eightyEightPayAdapter(Cobro cobro) {
        return cobro.checkoutAdapters().stream()
                .filter(EightyEightPayCheckoutAdapter.class::isInstance)
                .map(EightyEightPayCheckoutAdapter.class::cast)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("Cobro was built without its 88Pay adapter"));
    }

    static PaymeCardAuthorizationAdapter paymeAdapter(Cobro cobro) {
        return cobro.cardAdapters().stream()
                .filter(PaymeCardAuthorizationAdapter.class::isInstance)
                .map(PaymeCardAuthorizationAdapter.class::cast)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("Cobro was built without its Pay-me adapter"));
    }
}
