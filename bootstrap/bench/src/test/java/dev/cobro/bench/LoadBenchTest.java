package dev.cobro.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bench's arithmetic: how the count is split into rounds, the median, the warm-up's change, the
 * pooled ratios.
 */
class LoadBenchTest {

    @Test
    void theCountIsSplitIntoRoundsAsEvenlyAsItGoesAndNeverIntoMoreRoundsThanOperations() {
        LoadBench.Settings settings = new LoadBench.Settings("payme", 2002, 16, Duration.ZERO, 5, 24);
        LoadBench.Settings tiny = new LoadBench.Settings("payme", 3, 1, Duration.ZERO, 5, 24);

        assertThat(IntStream.range(0, 5).map(settings::operationsInRound).boxed().toList())
                .containsExactly(401, 401, 400, 400, 400);
        assertThat(tiny.effectiveRounds()).isEqualTo(3);
        assertThat(IntStream.range(0, 3).map(tiny::operationsInRound).sum()).isEqualTo(3);
    }

    @Test
    void theMedianOfAnOddCountIsTheMiddleOneAndOfAnEvenCountTheMeanOfTheTwoMiddleOnes() {
        assertThat(LoadBench.median(new double[] {0.9, 0.5, 0.7})).isEqualTo(0.7);
        assertThat(LoadBench.median(new double[] {1.0, 0.25, 0.75, 0.5})).isEqualTo(0.625);
    }

    @Test
    void theWarmupsChangeIsTheLastWindowAgainstTheOneBefore() {
        assertThat(LoadBench.Warmup.lastChange(List.of(100.0))).isNaN();
        assertThat(LoadBench.Warmup.lastChange(List.of(50.0, 100.0, 96.0))).isCloseTo(0.04, org.assertj.core.api.Assertions.offset(1e-12));
    }

    @Test
    void aWarmupWindowIsAnEighthOfTheCountWithinTwoPerCallerAndFiveHundred() {
        assertThat(LoadBench.warmupWindow(2000, 16)).isEqualTo(250);
        assertThat(LoadBench.warmupWindow(40, 4)).isEqualTo(8);
        assertThat(LoadBench.warmupWindow(100_000, 16)).isEqualTo(500);
    }

    @Test
    void aWarmupEndsOnStableSidesAndAQuietJitAndWhenTokensExpireOnlyOnceEachSideRenewedItsToken() {
        List<Double> quiet = List.of(0.5, 0.02, 0.02, 0.02);
        assertThat(LoadBench.warmedUp(4, 4, 0.01, 0.02, quiet, null)).isTrue();
        assertThat(LoadBench.warmedUp(3, 4, 0.01, 0.02, quiet, null)).as("under the minimum").isFalse();
        assertThat(LoadBench.warmedUp(4, 4, 0.06, 0.02, quiet, null)).as("Cobro still moving").isFalse();
        assertThat(LoadBench.warmedUp(4, 4, 0.01, Double.NaN, quiet, null)).as("a first window").isFalse();
        assertThat(LoadBench.warmedUp(4, 4, 0.01, 0.02, List.of(0.02, 0.2, 0.02, 0.02), null))
                .as("the JIT busy in one of the last three pairs").isFalse();
        assertThat(LoadBench.warmedUp(4, 4, 0.01, 0.02, quiet, () -> false)).as("a token not renewed yet").isFalse();
        assertThat(LoadBench.warmedUp(4, 4, 0.01, 0.02, quiet, () -> true)).isTrue();
    }

    @Test
    void theJitIsQuietOnlyWhenEachOfTheLastThreePairsIsUnderATenthOfTheirTime() {
        assertThat(LoadBench.jitQuiet(List.of(0.5, 0.05, 0.02, 0.09))).isTrue();
        assertThat(LoadBench.jitQuiet(List.of(0.05, 0.96, 0.03))).isFalse();
        assertThat(LoadBench.jitQuiet(List.of(0.01, 0.01))).isFalse();
    }

    @Test
    void theRatiosArePooledOverTheRoundsSoASlowRoundWeighsByItsTime() {
        // Cobro: 100 operations in 1 s, then 100 in 3 s; the baseline: 100 in 1 s twice. The rounds' ratios
        // are 1 and 1/3 (median 2/3); pooled, Cobro did 200 in 4 s against 200 in 2 s: 0.5.
        LoadBench.Round fast = round(1, 1_000_000_000L, 1_000_000_000L, 200, 100);
        LoadBench.Round slow = round(2, 3_000_000_000L, 1_000_000_000L, 400, 100);
        LoadBench.Report report = new LoadBench.Report(new LoadBench.Settings("payme", 200, 1, Duration.ZERO, 2, 4),
                null, List.of(fast, slow), 1, null, 0, 0, null, null, "db", null);

        assertThat(report.medianRoundRatio()).isCloseTo(2.0 / 3, org.assertj.core.api.Assertions.offset(1e-12));
        assertThat(report.ratio()).isCloseTo(0.5, org.assertj.core.api.Assertions.offset(1e-12));
        // CPU: Cobro 600 ms for 200 operations against the baseline's 200 ms: the baseline's per operation over
        // Cobro's is 1/3 (the rounds' own: 0.5 and 0.25).
        assertThat(report.cpuRatio()).isCloseTo(1.0 / 3, org.assertj.core.api.Assertions.offset(1e-12));
        assertThat(fast.cpuRatio()).isCloseTo(0.5, org.assertj.core.api.Assertions.offset(1e-12));
    }

    @Test
    void theCpuRatioCountsTheCompilersAndTheOtherFigureLeavesThemOutOfBothSides() {
        // 100 operations a side. Cobro: 300 ms of JVM CPU, 100 of them its compilers', and 100 ms of the
        // database; the baseline: 150 ms of JVM CPU, none of it compiling, and 50 ms of the database.
        Meters.Usage cobro = new Meters.Usage(300_000_000L, 0, 0, 0, 100_000_000L, 100_000_000L);
        Meters.Usage baseline = new Meters.Usage(150_000_000L, 0, 0, 0, 50_000_000L, 0);
        Meters.Usage unknown = new Meters.Usage(150_000_000L, 0, 0, 0, 50_000_000L, -1);

        assertThat(LoadBench.cpuRatio(cobro, 100, baseline, 100)).isCloseTo(200.0 / 400,
                org.assertj.core.api.Assertions.offset(1e-12));
        assertThat(LoadBench.cpuRatioWithoutCompilers(cobro, 100, baseline, 100)).isCloseTo(200.0 / 300,
                org.assertj.core.api.Assertions.offset(1e-12));
        assertThat(LoadBench.cpuRatioWithoutCompilers(cobro, 100, unknown, 100))
                .as("a side whose compilers were not read: left out of neither")
                .isCloseTo(200.0 / 400, org.assertj.core.api.Assertions.offset(1e-12));
    }

    @Test
    void aPhasesCompilerCpuIsNeverBelowZeroWhenACompilerThreadEndedWithinIt() {
        Meters.Usage before = new Meters.Usage(500, 0, 0, 0, 0, 300);
        // A compiler thread ended within the phase: the threads still there sum to less than before.
        Meters.Usage after = new Meters.Usage(900, 0, 0, 0, 0, 200);
        Meters.Usage unread = new Meters.Usage(900, 0, 0, 0, 0, -1);

        assertThat(after.minus(before).compilerCpuNanos()).isZero();
        assertThat(after.minus(before).benchCpuNanos()).isEqualTo(400);
        assertThat(unread.minus(before).compilerCpuNanos()).as("not read: unknown").isEqualTo(-1);
        assertThat(new Meters.Usage(900, 0, 0, 0, 0, 450).minus(before).compilerCpuNanos()).isEqualTo(150);
    }

    /** A round of 100 operations a side, with the walls and the CPU milliseconds (bench JVM + database) given. */
    private static LoadBench.Round round(int number, long cobroWall, long baselineWall, long cobroCpuMillis,
                                         long baselineCpuMillis) {
        return new LoadBench.Round(number, number % 2 == 1, phase(cobroWall, cobroCpuMillis),
                phase(baselineWall, baselineCpuMillis));
    }

    private static LoadBench.Phase phase(long wallNanos, long cpuMillis) {
        long[] latencies = new long[100];
        java.util.Arrays.fill(latencies, 10_000_000L);
        long half = cpuMillis * 1_000_000L / 2;
        return new LoadBench.Phase(new Latencies(latencies, wallNanos), Map.of("AUTHORIZED", 100L),
                new Meters.Usage(half, 0, 0, 0, half, 0), 0);
    }
}
