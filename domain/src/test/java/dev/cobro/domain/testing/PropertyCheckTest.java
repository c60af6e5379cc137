package dev.cobro.domain.testing;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The property runner replays the same examples from the same seed and says how to replay a failure. */
class PropertyCheckTest {

    private static final Gen<String> TEXTS = Gen.strings().all().ofMaxLength(12);

    @Test
    void theSameSeedGivesTheSameExamples() {
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();

        PropertyCheck.forAll("replayed", 50, TEXTS, first::add);
        PropertyCheck.forAll("replayed", 50, TEXTS, second::add);

        assertThat(first).hasSize(50).isEqualTo(second);
    }

    @Test
    void anotherPropertyDrawsOtherExamples() {
        List<String> one = new ArrayList<>();
        List<String> other = new ArrayList<>();

        PropertyCheck.forAll("one", 50, TEXTS, one::add);
        PropertyCheck.forAll("other", 50, TEXTS, other::add);

        assertThat(one).isNotEqualTo(other);
    }

    @Test
    void aFailureNamesThePropertyTheTryTheSeedAndTheExampleWithItsControlCharactersEscaped() {
        Gen<String> withNul = Gen.constant("a\u0000b");

        assertThatThrownBy(() -> PropertyCheck.forAll("fails", 10, withNul, example -> {
            throw new IllegalStateException("boom");
        }))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("property 'fails' failed on try 1 of 10")
                .hasMessageContaining("-D" + PropertyCheck.SEED_PROPERTY + "=" + PropertyCheck.seed())
                .hasMessageContaining("example: a\\u0000b")
                .hasMessageContaining("boom")
                .hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void anyTextReachesTheTroublesomeCharacters() {
        StringBuilder all = new StringBuilder();
        SplittableRandom random = new SplittableRandom(PropertyCheck.seed());
        for (int i = 0; i < 500; i++) {
            all.append(TEXTS.next(random));
        }

        assertThat(all.toString()).contains("\u0000", "\ud800", "\u202e");
    }

    @Test
    void bigIntegersReachBothBoundsAndEveryMagnitude() {
        Gen<BigInteger> numbers = Gen.bigIntegers(BigInteger.ZERO, BigInteger.TEN.pow(13).subtract(BigInteger.ONE));
        SplittableRandom random = new SplittableRandom(PropertyCheck.seed());
        List<BigInteger> drawn = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            drawn.add(numbers.next(random));
        }

        assertThat(drawn).contains(BigInteger.ZERO, BigInteger.TEN.pow(13).subtract(BigInteger.ONE));
        assertThat(drawn).allSatisfy(n -> assertThat(n).isBetween(BigInteger.ZERO,
                BigInteger.TEN.pow(13).subtract(BigInteger.ONE)));
        assertThat(drawn.stream().map(n -> n.toString().length()).distinct()).hasSize(13);
    }

    @Test
    void aFilterThatRefusesEverythingSaysSoInsteadOfLooping() {
        Gen<Integer> never = Gen.ints(0, 9).filter(n -> n > 9);

        assertThatThrownBy(() -> never.next(new SplittableRandom(1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("refused");
    }
}
