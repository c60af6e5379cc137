package dev.cobro.domain.shared;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Invalid input: every violated field with its rule, never only the first. Values of secret
 * fields arrive here already masked.
 */
public class ValidationException extends IllegalArgumentException {

    private final transient List<Violation> violations;

    public ValidationException(List<Violation> violations) {
        super(describe(violations));
        if (violations.isEmpty()) {
            throw new IllegalStateException("a ValidationException needs at least one violation");
        }
        this.violations = List.copyOf(violations);
    }

    public static ValidationException of(String field, String rule, String value) {
        return new ValidationException(List.of(new Violation(field, rule, value)));
    }

    public List<Violation> violations() {
        return violations;
    }

    private static String describe(List<Violation> violations) {
        String noun = violations.size() == 1 ? "violation" : "violations";
        return "invalid input, " + violations.size() + " " + noun + ": "
                + violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
    }
}
