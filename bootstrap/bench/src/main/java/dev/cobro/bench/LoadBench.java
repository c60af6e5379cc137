package dev.cobro.bench;

import dev.cobro.adapters.http.eightyeightpay.EightyEightPaySettings;
import dev.cobro.adapters.http.payme.PaymeSettings;
import dev.cobro.application.port.in.AuthorizeCardCommand;
import dev.cobro.application.port.in.AuthorizeCardCommand.CardData;
import dev.cobro.application.port.in.StartCheckoutPaymentCommand;
import dev.cobro.application.port.out.OutcomeEvent;
import dev.cobro.application.port.out.OutcomeListener;
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
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * {@code bench --provider ...}: the same operations through Cobro (persistence on) and through the
 * {@link Baseline}, in one run, against the configured provider or the provider sandbox in a JVM of
 * its own ({@link SandboxProcess}).
 * <p>
 * Fair by construction: both sides are built first, then warmed the same way, in alternating
 * windows, until each side's throughput is stable (two consecutive windows within
 * {@link #WARMUP_TOLERANCE}, after at least {@link #WARMUP_MIN_WINDOWS}, at most a cap) and the JIT
 * has gone quiet (its compile time under {@link #JIT_QUIET_SHARE} of each of the last
 * {@link #JIT_QUIET_PAIRS} pairs' wall time); then the
 * measured operations run in rounds, the side that goes first alternating, each phase after a GC of
 * the other side's garbage. So the JIT compilation of shared code (pgjdbc, Jackson, java.net.http,
 * redaction) and any drift of the machine's load falls on both sides alike, and the sandbox's own CPU
 * is on neither.
 * <p>
 * Cobro runs as a production host runs it: with a Micrometer registry and an outcome listener that its
 * dispatcher delivers to. The ratio is pooled (all measured operations of a side over all its measured
 * time), the CPU ratio too (all the CPU of a side's measured phases over its operations), and the JIT's
 * compile time over the measured rounds is reported beside the warm-up's, flagged when it is not quiet.
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
     * The JIT's compile time in a pair of windows under a tenth of their wall time: throughput
     * can look flat for two windows under a busy machine while Hibernate's paths are still compiling.
     */
    static final double JIT_QUIET_SHARE = 0.10;
    /**
     * The JIT quiet in each of the last three pairs of windows, not only the last: it compiles in
     * bursts, and a warm-up that stopped on one quiet pair between two busy ones (0.96, 0.03) left 2.3 s
     * of compilation in the measured rounds.
     */
    static final int JIT_QUIET_PAIRS = 3;
    static final int DEFAULT_WARMUP_MAX_WINDOWS = 100;
    /**
     * How often Cobro's dispatcher delivers outcome events to the bench's listener: often enough that
     * most of a phase's events are delivered within it; each Cobro phase then delivers what is left
     * before its CPU is read, so that none of Cobro's event work falls in the baseline's time.
     */
    static final Duration DELIVER_EVENTS_EVERY = Duration.ofMillis(200);
    /** How soon a Cobro phase's settling looks again while the dispatcher delivers a claim of its own. */
    private static final long SETTLE_LOOK_AGAIN_NANOS = 5_000_000L;
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

    /**
     * One measured phase of one side: its timings, outcomes and what it used; {@code settleNanos} is
     * the time the side took after its last operation to deliver its outcome events (Cobro's), in
     * its CPU but not in its throughput.
     */
    record Phase(Latencies latencies, Map<String, Long> outcomes, Meters.Usage usage, long settleNanos) {
    }

    /** One round: both sides' phases, in the order they ran. */
    record Round(int number, boolean cobroFirst, Phase cobro, Phase baseline) {

        double ratio() {
            return throughputRatio(cobro.latencies(), baseline.latencies());
        }

        double cpuRatio() {
            return LoadBench.cpuRatio(cobro.usage(), cobro.latencies().count(), baseline.usage(),
                    baseline.latencies().count());
        }
    }

    /** Cobro's throughput over the baseline's. */
    static double throughputRatio(Latencies cobro, Latencies baseline) {
        double base = baseline.throughputPerSecond();
        return base == 0 ? 0 : cobro.throughputPerSecond() / base;
    }

    /**
     * The baseline's CPU per operation over Cobro's, the bench JVM's and the database server's together
     * (the sandbox stands for the provider: not counted): higher is better, 1 is Cobro as cheap as the
     * baseline. On a CPU-bound machine this is what the throughput ratio would be without other load;
     * it is much less moved by that load.
     */
    static double cpuRatio(Meters.Usage cobro, int cobroOperations, Meters.Usage baseline, int baselineOperations) {
        return cpuRatio(cobro, cobroOperations, baseline, baselineOperations, false);
    }

    /**
     * The same with the JIT compiler threads' CPU left out of both sides (of neither when a side's was
     * not read). Both sides run in one JVM, and the code they share (pgjdbc, Jackson, java.net.http, the
     * JDK's queues) is deoptimized and compiled again as the phases alternate, so the compilers' bursts
     * land in one side's phase or the other's by chance; this says how much of a run's figure they were.
     */
    static double cpuRatioWithoutCompilers(Meters.Usage cobro, int cobroOperations, Meters.Usage baseline,
                                           int baselineOperations) {
        boolean compilers = cobro.compilerCpuNanos() >= 0 && baseline.compilerCpuNanos() >= 0;
        return cpuRatio(cobro, cobroOperations, baseline, baselineOperations, compilers);
    }

    private static double cpuRatio(Meters.Usage cobro, int cobroOperations, Meters.Usage baseline,
                                   int baselineOperations, boolean leaveOutCompilers) {
        // The database's CPU on both sides or on neither: a phase whose server was not read must not look
        // cheaper than the other.
        boolean database = cobro.databaseCpuNanos() >= 0 && baseline.databaseCpuNanos() >= 0;
        double cobroCpu = cpuPerOperation(cobro, cobroOperations, database, leaveOutCompilers);
        return cobroCpu <= 0 ? 0
                : cpuPerOperation(baseline, baselineOperations, database, leaveOutCompilers) / cobroCpu;
    }

    private static double cpuPerOperation(Meters.Usage usage, int operations, boolean database,
                                          boolean leaveOutCompilers) {
        long nanos = usage.benchCpuNanos() - (leaveOutCompilers ? usage.compilerCpuNanos() : 0)
                + (database ? usage.databaseCpuNanos() : 0);
        return (double) nanos / Math.max(1, operations);
    }

    /**
     * The warm-up: windows of {@code windowOperations} per side, alternately, and each window's
     * throughput per side; {@code stable} when it ended on the tolerance rather than the cap.
     */
    record Warmup(int windowOperations, int minWindows, int maxWindows, double tolerance, boolean stable,
                  List<Double> cobroPerSecond, List<Double> baselinePerSecond, List<Double> jitShare,
                  long jitMillis, TokenRenewal tokenRenewal) {

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

    /**
     * Whether the warm-up had to see each side renew its provider token, and whether it did: a
     * provider whose tokens expire within a run (88Pay's live 60 s, renewed after 50) renews first on
     * code that has not run yet, a token request and the token's write, whose class loading and the
     * recompilation it sets off once fell in the measured rounds (13% of their time, a round's CPU
     * ratio 0.52 against 0.86 for the round before it). Pay-me's tokens outlive any run.
     */
    record TokenRenewal(boolean required, boolean done) {

        static final TokenRenewal NOT_REQUIRED = new TokenRenewal(false, false);
    }

    /** Where the provider ran: the sandbox's own JVM (its pid) or a configured provider. */
    record ProviderPlace(String endpoint, Long sandboxPid, List<String> sandboxJvmOptions) {

        boolean sandbox() {
            return sandboxPid != null;
        }
    }

    /**
     * Cobro as a host runs it: the registry its meters went to, the listener's count of the events the
     * dispatcher delivered (every one of Cobro's, checked against the database by the tests), and the
     * time Cobro's measured phases took after their last operation to deliver what was left.
     */
    record Host(String meterRegistry, long deliverEveryMillis, long eventsDelivered, long settleNanos) {
    }

    /**
     * The machine while the bench ran: processors, the 1-minute load average before and after, whether
     * the database's CPU was metered and whether the heap was kept at its size ({@link HeapHold}).
     */
    record Machine(int processors, double loadBefore, double loadAfter, boolean databaseMetered, boolean heapHeld) {
    }

    /**
     * What it measured. {@code sandboxTokenRequests} is null against a configured provider;
     * {@code tokenSpanSeconds} is the time from Cobro's first operation to its last, warm-up
     * included, in which its tokens were asked.
     */
    record Report(Settings settings, Warmup warmup, List<Round> rounds, long tokenRequests,
                  Long sandboxTokenRequests, long baselineTokenRequests, double tokenSpanSeconds,
                  ProviderPlace provider, Machine machine, String database, Host host) {

        /**
         * The pooled throughput ratio: all of Cobro's measured operations over all its measured time,
         * against the same for the baseline. A round's ratio weighs a slow round as much as a fast one;
         * this weighs each by its time, as a host's day would.
         */
        double ratio() {
            return throughputRatio(cobro(), baseline());
        }

        /** The pooled CPU ratio: all the CPU of each side's measured phases over all its operations. */
        double cpuRatio() {
            return LoadBench.cpuRatio(cobroUsage(), cobro().count(), baselineUsage(), baseline().count());
        }

        /** The pooled CPU ratio with the JIT compiler threads' CPU left out of both sides. */
        double cpuRatioWithoutCompilers() {
            return LoadBench.cpuRatioWithoutCompilers(cobroUsage(), cobro().count(), baselineUsage(),
                    baseline().count());
        }

        /** The median of the rounds' ratios: the headline until the pooled ratio replaced it, kept to compare. */
        double medianRoundRatio() {
            return median(rounds.stream().mapToDouble(Round::ratio).toArray());
        }

        /** The JIT's compile time within the measured phases, both sides. */
        long measuredJitMillis() {
            return cobroUsage().jitMillis() + baselineUsage().jitMillis();
        }

        /** The measured phases' wall time, both sides, Cobro's event delivery after its operations included. */
        double measuredMillis() {
            long settle = rounds.stream().mapToLong(r -> r.cobro().settleNanos() + r.baseline().settleNanos()).sum();
            return (cobro().wallNanos() + baseline().wallNanos() + settle) / 1e6;
        }

        /** The JIT's compile time over the measured phases' wall time. */
        double measuredJitShare() {
            return measuredJitMillis() / Math.max(1, measuredMillis());
        }

        /** Whether the JIT was still busy in the measured rounds: its share over the warm-up's rule. */
        boolean jitBusy() {
            return measuredJitShare() >= JIT_QUIET_SHARE;
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
        /** What the side does after a phase's operations, still its work (Cobro: deliver what is pending). */
        private final Runnable settle;
        private int next;

        Side(String name, LoadRunner.Operation operation, Runnable settle) {
            this.name = name;
            this.operation = operation;
            this.settle = settle;
        }

        LoadRunner.Result run(String phase, int operations, int concurrency, PrintWriter progress) throws Exception {
            int from = next;
            next += operations;
            return LoadRunner.run(name + " " + phase, operations, concurrency, index -> operation.run(from + index),
                    progress);
        }

        /** Runs {@link #settle}; the nanoseconds it took. */
        long settle() {
            long started = System.nanoTime();
            settle.run();
            return System.nanoTime() - started;
        }
    }

    static Report run(Settings settings, CobroConfiguration config, BenchDatabase database, PrintWriter progress)
            throws Exception {
        boolean eightyEightPay = EIGHTY_EIGHT_PAY.equals(settings.provider());
        boolean configured = eightyEightPay ? config.eightyEightPay() != null : config.payme() != null;
        double loadBefore = loadAverage();
        SandboxProcess sandbox = configured ? null : SandboxProcess.start(settings.sandboxLatency());
        try (HeapHold heap = HeapHold.hold()) {
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
            CountingListener listener = new CountingListener();
            try (Cobro cobro = Cobro.builder()
                    .jdbcUrl(database.url(), database.user(), database.password())
                    .eightyEightPay(eightyEightPaySettings)
                    .payme(paymeSettings)
                    .meterRegistry(registry)
                    .onOutcome(listener)
                    .deliverEventsEvery(DELIVER_EVENTS_EVERY)
                    .build()) {
                BenchWorkload workload = eightyEightPay ? new BenchWorkload(new long[0], new long[0])
                        : new BenchWorkload(reserveOperationNumbers(database, mostPerSide),
                        reserveOperationNumbers(database, mostPerSide));
                try (Baseline baseline = eightyEightPay
                        ? new EightyEightPayBaseline(eightyEightPaySettings, database, workload)
                        : new PaymeBaseline(paymeSettings, database, workload)) {
                    Side cobroSide = new Side("cobro", eightyEightPay ? checkouts(cobro, workload)
                            : authorizations(cobro, workload), () -> deliverAll(cobro));
                    Side baselineSide = new Side("baseline", baseline, () -> { });
                    Meters meters = new Meters(sandbox, database);

                    // Events an earlier run left pending (a run without a listener) are delivered before anything is timed.
                    cobroSide.settle();
                    long started = System.nanoTime();
                    ProviderId tokenProvider = eightyEightPay ? ProviderId.EIGHTY_EIGHT_PAY : ProviderId.PAYME;
                    // Each side's first token, then one renewal.
                    BooleanSupplier renewed = eightyEightPay
                            ? () -> tokenRequests(registry, tokenProvider) >= 2 && baseline.tokenRequests() >= 2
                            : null;
                    Warmup warmup = warmUp(settings, cobroSide, baselineSide, meters, renewed, progress);
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
                    long tokenRequests = tokenRequests(registry, tokenProvider);
                    cobroSide.settle();
                    long settled = rounds.stream().mapToLong(r -> r.cobro().settleNanos()).sum();
                    Host host = new Host(registry.getClass().getSimpleName(), DELIVER_EVENTS_EVERY.toMillis(),
                            listener.events(), settled);
                    Long sandboxTokens = null;
                    if (sandbox != null) {
                        SandboxProcess.Counters counters = sandbox.counters();
                        sandboxTokens = eightyEightPay ? counters.eightyEightPayTokens() : counters.paymeTokens();
                    }
                    Machine machine = new Machine(Runtime.getRuntime().availableProcessors(), loadBefore,
                            loadAverage(), meters.databaseMetered(), heap.held());
                    return new Report(settings, warmup, List.copyOf(rounds), tokenRequests, sandboxTokens,
                            baseline.tokenRequests(), tokenSpan, place, machine, database.describe(), host);
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
     * last two windows are within the tolerance (after the minimum) with the JIT quiet and, when
     * {@code renewed} is given, both sides have renewed their provider token; or the cap.
     */
    private static Warmup warmUp(Settings settings, Side cobro, Side baseline, Meters meters, BooleanSupplier renewed,
                                 PrintWriter progress) throws Exception {
        int window = settings.warmupWindow();
        List<Double> cobroPerSecond = new ArrayList<>();
        List<Double> baselinePerSecond = new ArrayList<>();
        List<Double> jitShare = new ArrayList<>();
        boolean stable = false;
        long jitStarted = meters.read().jitMillis();
        for (int w = 0; w < settings.warmupMaxWindows() && !stable; w++) {
            boolean cobroFirst = w % 2 == 0;
            long jitBefore = meters.read().jitMillis();
            long pairStarted = System.nanoTime();
            for (Side side : cobroFirst ? List.of(cobro, baseline) : List.of(baseline, cobro)) {
                LoadRunner.Result result = side.run("warm-up " + (w + 1), window, settings.concurrency(), progress);
                side.settle();
                (side == cobro ? cobroPerSecond : baselinePerSecond).add(result.latencies().throughputPerSecond());
            }
            double pairMillis = Math.max(1, (System.nanoTime() - pairStarted) / 1e6);
            jitShare.add((meters.read().jitMillis() - jitBefore) / pairMillis);
            double cobroChange = Warmup.lastChange(cobroPerSecond);
            double baselineChange = Warmup.lastChange(baselinePerSecond);
            stable = warmedUp(w + 1, settings.minWindows(), cobroChange, baselineChange, jitShare, renewed);
            progress.printf("  warm-up %d: cobro %.1f/s (%s), baseline %.1f/s (%s), JIT %.0f%% of the time%n", w + 1,
                    cobroPerSecond.get(w), change(cobroChange), baselinePerSecond.get(w), change(baselineChange),
                    100 * jitShare.get(w));
            progress.flush();
        }
        return new Warmup(window, settings.minWindows(), settings.warmupMaxWindows(), WARMUP_TOLERANCE, stable,
                List.copyOf(cobroPerSecond), List.copyOf(baselinePerSecond), List.copyOf(jitShare),
                meters.read().jitMillis() - jitStarted,
                renewed == null ? TokenRenewal.NOT_REQUIRED : new TokenRenewal(true, renewed.getAsBoolean()));
    }

    /**
     * The warm-up's rule after {@code windows} windows: at least the minimum, both sides' last change
     * under the tolerance (NaN, a first window, is not), the JIT quiet and, when {@code renewed} is given,
     * each side's token renewed once.
     */
    static boolean warmedUp(int windows, int minWindows, double cobroChange, double baselineChange,
                            List<Double> jitShare, BooleanSupplier renewed) {
        return windows >= minWindows && cobroChange < WARMUP_TOLERANCE && baselineChange < WARMUP_TOLERANCE
                && jitQuiet(jitShare) && (renewed == null || renewed.getAsBoolean());
    }

    /** The JIT's share under {@link #JIT_QUIET_SHARE} in each of the last {@link #JIT_QUIET_PAIRS} pairs. */
    static boolean jitQuiet(List<Double> jitShare) {
        int n = jitShare.size();
        return n >= JIT_QUIET_PAIRS
                && jitShare.subList(n - JIT_QUIET_PAIRS, n).stream().allMatch(share -> share < JIT_QUIET_SHARE);
    }

    private static String change(double change) {
        return Double.isNaN(change) ? "first" : String.format("%+.1f%%", 100 * change);
    }

    /**
     * One side's measured phase, after a GC (the other side's garbage is not collected in its time), which
     * keeps the heap's size ({@link HeapHold}); its CPU is read once the side has settled (Cobro: its
     * events delivered).
     */
    private static Phase measure(Side side, String phase, int operations, int concurrency, Meters meters,
                                 PrintWriter progress) throws Exception {
        System.gc();
        Meters.Usage before = meters.read();
        LoadRunner.Result result = side.run(phase, operations, concurrency, progress);
        long settle = side.settle();
        Meters.Usage used = meters.read().minus(before);
        return new Phase(result.latencies(), result.outcomes(), used, settle);
    }

    /**
     * Delivers every pending event, and waits for those the dispatcher is delivering at the moment (it
     * holds them locked, so this run skips them): none of a Cobro phase's event work falls in the next
     * phase. While the dispatcher finishes its claim this looks again every few milliseconds, not in a
     * tight loop, whose queries would be CPU charged to Cobro that no host spends. The bench's listener
     * never fails, so every pending event is delivered within a few claims.
     */
    private static void deliverAll(Cobro cobro) {
        for (int tries = 0; tries < 100_000; tries++) {
            cobro.events().deliverPending();
            if (cobro.events().pending(1).isEmpty()) {
                return;
            }
            LockSupport.parkNanos(SETTLE_LOOK_AGAIN_NANOS);
        }
        throw new IllegalStateException("outcome events still pending after 100,000 looks");
    }

    /**
     * Token requests Cobro sent to {@code provider}, every outcome, as its meter {@code
     * cobro.provider.tokens} counts them in the host's registry.
     */
    static long tokenRequests(MeterRegistry registry, ProviderId provider) {
        return Math.round(registry.find("cobro.provider.tokens").tag("provider", provider.value()).counters()
                .stream().mapToDouble(Counter::count).sum());
    }

    /**
     * The host's listener: counts the events by kind and status, the least a host's listener does
     * (record it, hand it on), so that delivery costs what it costs a host and nothing of the host's.
     */
    static final class CountingListener implements OutcomeListener {

        private final LongAdder events = new LongAdder();
        private final Map<String, LongAdder> byStatus = new ConcurrentHashMap<>();

        @Override
        public void onOutcome(OutcomeEvent event) {
            events.increment();
            byStatus.computeIfAbsent(event.kind().code() + ' ' + event.to(), k -> new LongAdder()).increment();
        }

        long events() {
            return events.sum();
        }
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
    private static long[] reserveOperationNumbers(BenchDatabase database, int count) throws SQLException {
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
}
