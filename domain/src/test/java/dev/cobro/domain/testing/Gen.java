package dev.cobro.domain.testing;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A generator of examples for {@link PropertyCheck}: a function of a seeded random source, so
 * that the same seed gives the same examples on every machine and every run. Plain functions
 * compose them ({@code random -> new Example(a.next(random), b.next(random))}).
 */
@FunctionalInterface
public interface Gen<T> {

    /** How many draws {@link #filter} makes before it calls the generator unfit for its filter. */
    int FILTER_DRAWS = 10_000;

    T next(SplittableRandom random);

    default <R> Gen<R> map(Function<? super T, ? extends R> mapper) {
        return random -> mapper.apply(next(random));
    }

    default <R> Gen<R> flatMap(Function<? super T, ? extends Gen<? extends R>> mapper) {
        return random -> mapper.apply(next(random)).next(random);
    }

    /** Only the examples {@code keep} accepts; a filter that refuses nearly everything is a bug of the test. */
    default Gen<T> filter(Predicate<? super T> keep) {
        return random -> {
            for (int draw = 0; draw < FILTER_DRAWS; draw++) {
                T candidate = next(random);
                if (keep.test(candidate)) {
                    return candidate;
                }
            }
            throw new IllegalStateException("the filter refused " + FILTER_DRAWS + " examples in a row");
        };
    }

    /** A null with the given probability, else this generator's example. */
    default Gen<T> orNull(double probability) {
        return random -> random.nextDouble() < probability ? null : next(random);
    }

    static <T> Gen<T> constant(T value) {
        return random -> value;
    }

    /** One of the values, each as likely (nulls allowed). */
    @SafeVarargs
    static <T> Gen<T> of(T... values) {
        return of(Arrays.asList(values.clone()));
    }

    static <T> Gen<T> of(List<T> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("nothing to choose from");
        }
        List<T> copy = Collections.unmodifiableList(new ArrayList<>(values));
        return random -> copy.get(random.nextInt(copy.size()));
    }

    static <E extends Enum<E>> Gen<E> of(Class<E> type) {
        return of(type.getEnumConstants());
    }

    /** One of the generators, each as likely. */
    @SafeVarargs
    static <T> Gen<T> oneOf(Gen<? extends T>... generators) {
        List<Gen<? extends T>> copy = List.of(generators);
        return random -> copy.get(random.nextInt(copy.size())).next(random);
    }

    /** A generator chosen in proportion to its weight. */
    @SafeVarargs
    static <T> Gen<T> frequency(Weighted<? extends T>... choices) {
        List<Weighted<? extends T>> copy = List.of(choices);
        int total = copy.stream().mapToInt(Weighted::weight).sum();
        return random -> {
            int pick = random.nextInt(total);
            for (Weighted<? extends T> choice : copy) {
                pick -= choice.weight();
                if (pick < 0) {
                    return choice.generator().next(random);
                }
            }
            throw new AssertionError("weights changed while drawing");
        };
    }

    static <T> Weighted<T> weighted(int weight, Gen<T> generator) {
        return new Weighted<>(weight, generator);
    }

    /** Between {@code min} and {@code max}, both included. */
    static Gen<Integer> ints(int min, int max) {
        if (min > max) {
            throw new IllegalArgumentException(min + " > " + max);
        }
        return random -> (int) random.nextLong(min, (long) max + 1);
    }

    /** At least {@code min}, below {@code max}. */
    static Gen<Double> doubles(double min, double max) {
        return random -> random.nextDouble(min, max);
    }

    static Gen<Boolean> booleans() {
        return SplittableRandom::nextBoolean;
    }

    /**
     * Between {@code min} and {@code max}, both included, with every magnitude as likely (a uniform
     * draw would almost never give a small number out of a wide range), and the bounds themselves
     * one time in twenty.
     */
    static Gen<BigInteger> bigIntegers(BigInteger min, BigInteger max) {
        if (min.compareTo(max) > 0) {
            throw new IllegalArgumentException(min + " > " + max);
        }
        BigInteger range = max.subtract(min);
        int bits = range.bitLength();
        return random -> {
            int edge = random.nextInt(40);
            if (edge == 0) {
                return min;
            }
            if (edge == 1) {
                return max;
            }
            while (true) {
                int length = random.nextInt(bits + 1);
                BigInteger offset = new BigInteger(length, new java.util.Random(random.nextLong()));
                if (offset.compareTo(range) <= 0) {
                    return min.add(offset);
                }
            }
        };
    }

    /** Between {@code min} and {@code max} (both included), with exactly {@code scale} decimals. */
    static Gen<BigDecimal> bigDecimals(BigDecimal min, BigDecimal max, int scale) {
        BigInteger low = min.setScale(scale, java.math.RoundingMode.CEILING).unscaledValue();
        BigInteger high = max.setScale(scale, java.math.RoundingMode.FLOOR).unscaledValue();
        return bigIntegers(low, high).map(unscaled -> new BigDecimal(unscaled, scale));
    }

    /** Strings of the characters chosen on the returned builder. */
    static Strings strings() {
        return new Strings();
    }

    /** A generator and its weight in {@link #frequency}. */
    record Weighted<T>(int weight, Gen<T> generator) {

        public Weighted {
            Objects.requireNonNull(generator, "generator");
            if (weight <= 0) {
                throw new IllegalArgumentException("weight " + weight);
            }
        }
    }
}
