package dev.cobro.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The bench's arithmetic: how the count is split into rounds, the median, the warm-up's change. */
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
}
