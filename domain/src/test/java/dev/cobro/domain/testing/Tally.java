package dev.cobro.domain.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * How a property's examples ended, counted by outcome, so that the test can require enough of them
 * to reach the interesting part (random input that is always refused tests only the validation).
 * Filled from the test's own thread.
 */
public final class Tally {

    private final String label;
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private int total;

    public Tally(String label) {
        this.label = label;
    }

    public void collect(Object outcome) {
        counts.merge(String.valueOf(outcome), 1, Integer::sum);
        total++;
    }

    /** The share of outcomes {@code matching}, in percent. */
    public double percentage(Predicate<String> matching) {
        if (total == 0) {
            return 0;
        }
        int matched = counts.entrySet().stream().filter(e -> matching.test(e.getKey()))
                .mapToInt(Map.Entry::getValue).sum();
        return 100.0 * matched / total;
    }

    public int count(Object outcome) {
        return counts.getOrDefault(String.valueOf(outcome), 0);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(label).append(" (").append(total).append(" examples):");
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> text.append(String.format(" %s %d (%.1f%%);", e.getKey(), e.getValue(),
                        100.0 * e.getValue() / total)));
        return text.toString();
    }
}
