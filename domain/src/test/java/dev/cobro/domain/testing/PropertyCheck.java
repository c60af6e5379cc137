package dev.cobro.domain.testing;

import java.util.SplittableRandom;

/**
 * Runs a property: a check against a number of generated examples, in the test's own thread (so
 * nothing it starts outlives the test), from a seed that is fixed unless the system property
 * {@value #SEED_PROPERTY} sets another ({@code random} draws one). A failure names the property,
 * the try, the seed to replay it with and the example, printed in full with its invisible
 * characters escaped. There is no shrinking: each property's example is one small record that
 * reads well as it is, and the seed replays it exactly.
 */
public final class PropertyCheck {

    public static final String SEED_PROPERTY = "cobro.properties.seed";
    /** The seed of every run that does not choose one: a build cannot fail by the luck of the draw. */
    public static final long DEFAULT_SEED = 20_231_207L;

    private static final System.Logger LOG = System.getLogger(PropertyCheck.class.getName());
    private static final int MAX_SHOWN = 4_000;
    private static final long SEED;

    static {
        String chosen = System.getProperty(SEED_PROPERTY, "").strip();
        if (chosen.isEmpty()) {
            SEED = DEFAULT_SEED;
        } else if (chosen.equalsIgnoreCase("random")) {
            SEED = new SplittableRandom().nextLong();
        } else {
            SEED = Long.decode(chosen);
        }
    }

    private PropertyCheck() {
    }

    /** The seed of this run, for a failure message of the test's own (a coverage check, for instance). */
    public static long seed() {
        return SEED;
    }

    /** How to replay this run. */
    public static String replay() {
        return "seed " + SEED + "; replay with -D" + SEED_PROPERTY + "=" + SEED;
    }

    /**
     * Checks {@code check} against {@code tries} examples of {@code examples}. Each property draws from
     * its own stream (the seed mixed with its name), so adding a property does not change another's examples.
     */
    public static <T> void forAll(String property, int tries, Gen<T> examples, Check<? super T> check) {
        SplittableRandom stream = new SplittableRandom(SEED ^ (0x9E3779B97F4A7C15L * property.hashCode()));
        for (int attempt = 1; attempt <= tries; attempt++) {
            SplittableRandom random = stream.split();
            T example = examples.next(random);
            try {
                check.accept(example);
            } catch (Throwable failure) {
                if (failure instanceof VirtualMachineError fatal) {
                    throw fatal;
                }
                throw new AssertionError("property '" + property + "' failed on try " + attempt + " of " + tries
                        + " (" + replay() + ")\nexample: " + shown(example) + "\n" + failure, failure);
            }
        }
        LOG.log(System.Logger.Level.INFO, "property ''{0}'': {1} tries passed ({2})", property, tries, replay());
    }

    /** The example as text: control characters, surrogates and other invisible ones as {@code \\uXXXX}. */
    public static String shown(Object example) {
        String text = String.valueOf(example);
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < text.length() && shown.length() < MAX_SHOWN; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c < 0xa0) || Character.isSurrogate(c)
                    || Character.getType(c) == Character.FORMAT || c == '\ufffe' || c == '\uffff'
                    || Character.getType(c) == Character.LINE_SEPARATOR) {
                shown.append(String.format("\\u%04x", (int) c));
            } else {
                shown.append(c);
            }
        }
        if (shown.length() >= MAX_SHOWN) {
            shown.append("... (").append(text.length()).append(" characters in all)");
        }
        return shown.toString();
    }

    /** The property's check of one example; any exception or assertion error it throws fails it. */
    @FunctionalInterface
    public interface Check<T> {
        void accept(T example) throws Exception;
    }
}
