package dev.cobro.cli.bench;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import dev.cobro.cli.embedded.CobroDatabase;
import dev.cobro.adapters.http.eightyeightpay.EightyEightPaySettings;
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
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code bench --provider ...}: the same operations through Cobro (persistence on) and through the
 * {@link Baseline}, in one run, against the configured provider or the provider sandbox in a JVM of
 * its own ({@link SandboxProcess}).
 * <p>
 * Fair by construction: both sides are built first, then warmed the same way, in alternating
 * windows, until each side's throughput is stable (two consecutive windows within
 * {@link #WARMUP_TOLERANCE}, after at least {@link #WARMUP_MIN_WINDOWS}, at most a cap) and the JIT
 * has gone quiet (its compile time under {@link #JIT_QUIET_SHARE} of the last pair's wall time); then the
 * measured operations run in rounds, the side that goes first alternating, each phase after a GC of
 * the other side's garbage. The ratio is the median of the rounds' ratios. So the JIT compilation of
 * shared code (pgjdbc, Jackson, java.net.http, redaction) and any drift of the machine's load falls
 * on both sides alike, and the sandbox's own CPU is on neither.
 */
final class LoadBench {

    static final String EIGHTY_EIGHT_PAY = "88pay";
    static final String PAYME = "payme";
    /** Two consecutive warm-up windows of a side within 5% of each other: its throughput is stable. */
    static final double WARMUP_TOLERANCE = 0.05;
    /**
     * At least four windows (a thousand operations a side at the usual sizes): Hibernate's and
     * Feign's paths are still being compiled after a few hundred, and two early windows may agree by
     * chance while both are still slow.
     */
    static final int WARMUP_MIN_WINDOWS = 4;
    /**
     * The JIT's compile time in the last pair of windows under a tenth of their wall time: throughput
     * can look flat for two windows under a busy machine while Hibernate's paths are still compiling.
     */
    static final double JIT_QUIET_SHARE = 0.10;
    static final int DEFAULT_WARMUP_MAX_WINDOWS = 100;
    static final int DEFAULT_ROUNDS = 5;

    /** What the bench was asked to do. */
    record Settings(String provider, int count, int concurrency, Duration sandboxLatency, int rounds,
                    int warmupMaxWindows) {

        Settings(String provider, int count, int concurrency, Duration sandboxLatency) {
            this(provider, count, concurrency, sandboxLatency, DEFAULT_ROUNDS, DEFAULT_WARMUP_MAX_WINDOWS);
        }

        /** Never more rounds than operations. */
        int effectiveRounds() {
            return Math.max(1, Math.min(rounds, count));
        }

        /** Operations of each side in round {@code round} (0-based): the count split as evenly as it goes. */
        int operationsInRound(int round) {
            int rounds = effectiveRounds();
            return count / rounds + (round < count % rounds ? 1 : 0);
        }

        int warmupWindow() {
            return LoadBench.warmupWindow(count, concurrency);
        }

        int minWindows() {
            return Math.min(WARMUP_MIN_WINDOWS, warmupMaxWindows);
        }
    }

    /** One measured phase of one side: its timings, outcomes and what it used. */
    record Phase(Latencies latencies, Map<String, Long> outcomes, Meters.Usage usage) {
    }

    /** One round: both sides' phases, in the order they ran. */
    record Round(int number, boolean cobroFirst, Phase cobro, Phase baseline) {

        double ratio() {
            double base = baseline.latencies().throughputPerSecond();
            return base == 0 ? 0 : cobro.latencies().throughputPerSecond() / base;
        }

        /**
         * The baseline's CPU per operation over Cobro's, the bench JVM's and the database server's
         * together (the sandbox stands for the provider: not counted). On a CPU-bound machine this is
         * what the throughput ratio would be without other load; it is much less moved by that load.
         */
        double cpuRatio() {
            // The database's CPU on both sides or on neither: a phase whose server was not read must not
            // look cheaper than the other.
            boolean database = cobro.usage().databaseCpuNanos() >= 0 && baseline.usage().databaseCpuNanos() >= 0;
            double cobroCpu = cpu(cobro, database);
            return cobroCpu <= 0 ? 0 : cpu(baseline, database) / cobroCpu;
        }

        private static double cpu(Phase phase, boolean database) {
            Meters.Usage u = phase.usage();
            long nanos = u.benchCpuNanos() + (database ? u.databaseCpuNanos() : 0);
            return (double) nanos / Math.max(1, phase.latencies().count());
        }
    }

    /**
     * The warm-up: windows of {@code windowOperations} per side, alternately, and each window's
     * throughput per side; {@code stable} when it ended on the tolerance rather than the cap.
     */
    record Warmup(int windowOperations, int minWindows, int maxWindows, double tolerance, boolean stable,
                  List<Double> cobroPerSecond, List<Double> baselinePerSecond, List<Double> jitShare) {

        int windows() {
            return cobroPerSecond.size();
        }

        int operationsPerSide() {
            return windowOperations * windows();
        }

        static double lastChange(List<Double> perSecond) {
            int n = perSecond.size();
            if (n < 2 || perSecond.get(n - 2) == 0) {
                return Double.NaN;
            }
            return Math.abs(perSecond.get(n - 1) - perSecond.get(n - 2)) / perSecond.get(n - 2);
        }
    }

    /** Where the provider ran: the sandbox's own JVM (its pid) or a configured provider. */
    record ProviderPlace(String endpoint, Long sandboxPid, List<String> sandboxJvmOptions) {

        boolean sandbox() {
            return sandboxPid != null;
        }
    }

    /** The machine while the bench ran: processors and the 1-minute load average before and after. */
    record Machine(int processors, double loadBefore, double loadAfter, boolean databaseMetered) {
    }

    /**
     * What it measured. {@code sandboxTokenRequests} is null against a configured provider;
     * {@code tokenSpanSeconds} is the time from Cobro's first operation to its last, warm-up
     * included, in which its tokens were asked.
     */
    record Report(Settings settings, Warmup warmup, List<Round> rounds, long tokenRequests,
                  Long sandboxTokenRequests, long baselineTokenRequests, double tokenSpanSeconds,
                  ProviderPlace provider, Machine machine, String database) {

        /** The median of the rounds' ratios. */
        double ratio() {
            return median(rounds.stream().mapToDouble(Round::ratio).toArray());
        }

        /** The median of the rounds' CPU ratios ({@link Round#cpuRatio}). */
        double cpuRatio() {
            return median(rounds.stream().mapToDouble(Round::cpuRatio).toArray());
        }

        Latencies cobro() {
            return Latencies.merge(rounds.stream().map(r -> r.cobro().latencies()).toList());
        }

        Latencies baseline() {
            return Latencies.merge(rounds.stream().map(r -> r.baseline().latencies()).toList());
        }

        Meters.Usage cobroUsage() {
            return rounds.stream().map(r -> r.cobro().usage()).reduce(Meters.Usage.NONE, Meters.Usage::plus);
        }

        Meters.Usage baselineUsage() {
            return rounds.stream().map(r -> r.baseline().usage()).reduce(Meters.Usage.NONE, Meters.Usage::plus);
        }

        Map<String, Long> cobroOutcomes() {
            return merged(rounds.stream().map(r -> r.cobro().outcomes()).toList());
        }

        Map<String, Long> baselineOutcomes() {
            return merged(rounds.stream().map(r -> r.baseline().outcomes()).toList());
        }

        /** Token requests the provider saw from Cobro: the sandbox's count less the baseline's own. */
        Long sandboxCobroTokenRequests() {
            return sandboxTokenRequests == null ? null : sandboxTokenRequests - baselineTokenRequests;
        }

        private static Map<String, Long> merged(List<Map<String, Long>> outcomes) {
            Map<String, Long> all = new TreeMap<>();
            outcomes.forEach(m -> m.forEach((k, v) -> all.merge(k, v, Long::sum)));
            return all;
        }
    }

    private LoadBench() {
    }

    /** Operations per warm-up window: an eighth of the count, at least two per caller, at most 500. */
    static int warmupWindow(int count, int concurrency) {
        return Math.max(2 * concurrency, Math.min(count / 8, 500));
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return 0;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** One side of the comparison and the next index of the workload it has not used yet. */
    private static final class Side {

        private final String name;
        private final LoadRunner.Operation operation;
        private int next;

        Side(String name, LoadRunner.Operation operation) {
            this.name = name;
            this.operation = operation;
        }

        LoadRunner.Result run(String phase, int operations, int concurrency, PrintWriter progress) throws Exception {
            int from = next;
            next += operations;
            return LoadRunner.run(name + " " + phase, operations, concurrency, index -> operation.run(from + index),
                    progress);
        }
    }

    static Report run(Settings settings, CobroConfiguration config, CobroDatabase database, PrintWriter progress)
            throws Exception {
        boolean eightyEightPay = EIGHTY_EIGHT_PAY.equals(settings.provider());
        boolean configured = eightyEightPay ? config.eightyEightPay() != null : config.payme() != null;
        double loadBefore = loadAverage();
        SandboxProcess sandbox = configured ? null : SandboxProcess.start(settings.sandboxLatency());
        try {
            EightyEightPaySettings eightyEightPaySettings = !eightyEightPay ? null : configured
                    ? config.eightyEightPay()
                    : EightyEightPaySettings.defaults(sandbox.eightyEightPayBaseUrl(),
                    ProviderSandbox.DEFAULT_88PAY_API_KEY, ProviderSandbox.DEFAULT_88PAY_MERCHANT_ID);
            PaymeSettings paymeSettings = eightyEightPay ? null : configured ? config.payme()
                    : PaymeSettings.defaults(sandbox.paymeAuthUrl(), sandbox.paymeApiUrl(),
                    ProviderSandbox.DEFAULT_PAYME_CLIENT_ID, ProviderSandbox.DEFAULT_PAYME_CLIENT_SECRET);
            ProviderPlace place = configured
                    ? new ProviderPlace(eightyEightPay ? config.eightyEightPay().baseUrl() : config.payme().apiUrl(),
                    null, List.of())
                    : new ProviderPlace("provider sandbox " + sandbox.baseUrl() + " in its own JVM (pid "
                    + sandbox.pid() + ", latency " + settings.sandboxLatency().toMillis() + " ms)", sandbox.pid(),
                    SandboxProcess.JVM_OPTIONS);
            if (configured && !settings.sandboxLatency().isZero()) {
                progress.println("note: --sandbox-latency-ms is ignored: " + settings.provider()
                        + " is configured, so the bench calls " + place.endpoint());
            }
            int window = settings.warmupWindow();
            int mostPerSide = window * settings.warmupMaxWindows() + settings.count();
            progress.printf("bench %s: %d operations, %d at a time, in %d alternating rounds after a warm-up of"
                            + " %d to %d windows of %d per side; against %s; database %s%n",
                    settings.provider(), settings.count(), settings.concurrency(), settings.effectiveRounds(),
                    settings.minWindows(), settings.warmupMaxWindows(), window, place.endpoint(),
                    database.describe());
            progress.flush();

            MeterRegistry registry = new SimpleMeterRegistry();
            try (Cobro cobro = Cobro.builder()
                    .jdbcUrl(database.url(), database.user(), database.password())
                    .meterRegistry(registry)
                    .eightyEightPay(eightyEightPaySettings)
                    .payme(paymeSettings)
                    .build()) {
                BenchWorkload workload = eightyEightPay ? new BenchWorkload(new long[0], new long[0])
                        : new BenchWorkload(reserveOperationNumbers(database, mostPerSide),
                        reserveOperationNumbers(database, mostPerSide));
                try (Baseline baseline = eightyEightPay
                        ? new EightyEightPayBaseline(eightyEightPaySettings, database, workload)
                        : new PaymeBaseline(paymeSettings, database, workload)) {
                    Side cobroSide = new Side("cobro", eightyEightPay ? checkouts(cobro, workload)
                            : authorizations(cobro, workload));
                    Side baselineSide = new Side("baseline", baseline);
                    Meters meters = new Meters(sandbox, database);

                    long started = System.nanoTime();
                    Warmup warmup = warmUp(settings, cobroSide, baselineSide, meters, progress);
                    List<Round> rounds = new ArrayList<>();
                    for (int r = 0; r < settings.effectiveRounds(); r++) {
                        int operations = settings.operationsInRound(r);
                        boolean cobroFirst = r % 2 == 0;
                        Phase first = measure(cobroFirst ? cobroSide : baselineSide, "round " + (r + 1), operations,
                                settings.concurrency(), meters, progress);
                        Phase second = measure(cobroFirst ? baselineSide : cobroSide, "round " + (r + 1),
                                operations, settings.concurrency(), meters, progress);
                        Round round = new Round(r + 1, cobroFirst, cobroFirst ? first : second,
                                cobroFirst ? second : first);
                        rounds.add(round);
                        progress.printf("  round %d (%s first): cobro %.1f/s, baseline %.1f/s, ratio %.3f,"
                                        + " CPU ratio %.3f%n", round.number(), cobroFirst ? "cobro" : "baseline",
                                round.cobro().latencies().throughputPerSecond(),
                                round.baseline().latencies().throughputPerSecond(), round.ratio(), round.cpuRatio());
                        progress.flush();
                    }
                    double tokenSpan = (System.nanoTime() - started) / 1e9;
                    long tokenRequests = tokenRequests(registry,
                            eightyEightPay ? ProviderId.EIGHTY_EIGHT_PAY : ProviderId.PAYME);
                    Long sandboxTokens = null;
                    if (sandbox != null) {
                        SandboxProcess.Counters counters = sandbox.counters();
                        sandboxTokens = eightyEightPay ? counters.eightyEightPayTokens() : counters.paymeTokens();
                    }
                    Machine machine = new Machine(Runtime.getRuntime().availableProcessors(), loadBefore,
                            loadAverage(), meters.databaseMetered());
                    return new Report(settings, warmup, List.copyOf(rounds), tokenRequests, sandboxTokens,
                            baseline.tokenRequests(), tokenSpan, place, machine, database.describe());
                }
            }
        } finally {
            if (sandbox != null) {
                sandbox.close();
            }
        }
    }

    /**
     * Windows of the same size on each side, the side that goes first alternating, until both sides'
     * last two windows are within the tolerance (after the minimum), or the cap.
     */
    private static Warmup warmUp(Settings settings, Side cobro, Side baseline, Meters meters, PrintWriter progress)
            throws Exception {
        int window = settings.warmupWindow();
        List<Double> cobroPerSecond = new ArrayList<>();
        List<Double> baselinePerSecond = new ArrayList<>();
        List<Double> jitShare = new ArrayList<>();
        boolean stable = false;
        for (int w = 0; w < settings.warmupMaxWindows() && !stable; w++) {
            boolean cobroFirst = w % 2 == 0;
            long jitBefore = meters.read().jitMillis();
            long pairStarted = System.nanoTime();
            for (Side side : cobroFirst ? List.of(cobro, baseline) : List.of(baseline, cobro)) {
                LoadRunner.Result result = side.run("warm-up " + (w + 1), window, settings.concurrency(), progress);
                (side == cobro ? cobroPerSecond : baselinePerSecond).add(result.latencies().throughputPerSecond());
            }
            double pairMillis = Math.max(1, (System.nanoTime() - pairStarted) / 1e6);
            jitShare.add((meters.read().jitMillis() - jitBefore) / pairMillis);
            double cobroChange = Warmup.lastChange(cobroPerSecond);
            double baselineChange = Warmup.lastChange(baselinePerSecond);
            stable = w + 1 >= settings.minWindows() && cobroChange < WARMUP_TOLERANCE
                    && baselineChange < WARMUP_TOLERANCE && jitShare.get(w) < JIT_QUIET_SHARE;
            progress.printf("  warm-up %d: cobro %.1f/s (%s), baseline %.1f/s (%s), JIT %.0f%% of the time%n", w + 1,
                    cobroPerSecond.get(w), change(cobroChange), baselinePerSecond.get(w), change(baselineChange),
                    100 * jitShare.get(w));
            progress.flush();
        }
        return new Warmup(window, settings.minWindows(), settings.warmupMaxWindows(), WARMUP_TOLERANCE, stable,
                List.copyOf(cobroPerSecond), List.copyOf(baselinePerSecond), List.copyOf(jitShare));
    }

    private static String change(double change) {
        return Double.isNaN(change) ? "first" : String.format("%+.1f%%", 100 * change);
    }

    /** One side's measured phase, after a GC (the other side's garbage is not collected in its time). */
    private static Phase measure(Side side, String phase, int operations, int concurrency, Meters meters,
                                 PrintWriter progress) throws Exception {
        System.gc();
        Meters.Usage before = meters.read();
        LoadRunner.Result result = side.run(phase, operations, concurrency, progress);
        Meters.Usage used = meters.read().minus(before);
        return new Phase(result.latencies(), result.outcomes(), used);
    }

    /** The 1-minute load average (Linux), or -1. */
    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static LoadRunner.Operation checkouts(Cobro cobro, BenchWorkload workload) {
        return index -> {
            BenchWorkload.Checkout checkout = workload.checkout(index, false);
            StartCheckoutPaymentCommand command = StartCheckoutPaymentCommand.builder()
                    .provider(EIGHTY_EIGHT_PAY)
                    .merchantReference(checkout.merchantReference())
                    .customerId(checkout.customerId())
                    .amount(checkout.amount())
                    .currency(BenchWorkload.CHECKOUT_CURRENCY)
                    .country(BenchWorkload.COUNTRY)
                    .method(BenchWorkload.METHOD_CODE, BenchWorkload.METHOD_CATEGORY)
                    .description(BenchWorkload.DESCRIPTION)
                    .notificationUrl(BenchWorkload.NOTIFICATION_URL)
                    .returnUrl(BenchWorkload.RETURN_URL)
                    .build();
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

    /**
     * Token requests Cobro sent to {@code provider}, every outcome, as its meter {@code
     * cobro.provider.tokens} counts them in the host's registry.
     */
    static long tokenRequests(MeterRegistry registry, ProviderId provider) {
        return Math.round(registry.find("cobro.provider.tokens").tag("provider", provider.value()).counters()
                .stream().mapToDouble(Counter::count).sum());
    }
}
