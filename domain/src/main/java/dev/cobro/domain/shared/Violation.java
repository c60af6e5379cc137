package dev.cobro.domain.shared;

import java.util.Objects;

/**
 * One broken rule of one field. {@code value} is already masked when the field is a secret, so a
 * violation can be printed, logged and returned to a caller as it is.
 */
public record Violation(String field, String rule, String value) {

    public Violation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(rule, "rule");
    }

    /** The same violation under a parent path: {@code address.billing} + {@code city}. */
    public Violation under(String parent) {
        if (parent == null || parent.isEmpty()) {
            return this;
        }
        return new Violation(field.isEmpty() ? parent : parent + "." + field, rule, value);
    }

    @Override
    public String toString() {
        return value == null
                ? field + ": " + rule
                : field + ": " + rule + " (was '" + value + "')";
    }
}
