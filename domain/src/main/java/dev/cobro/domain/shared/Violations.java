package dev.cobro.domain.shared;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Collects violations across many fields so that a factory can throw ONE
 * {@link ValidationException} naming all of them.
 */
public final class Violations {

    private final List<Violation> found = new ArrayList<>();

    /**
     * Builds a value, or records why it could not be built under {@code field} and returns null.
     * A value object's own {@link ValidationException} keeps its sub-fields (prefixed).
     */
    public <T> T field(String field, Supplier<T> factory) {
        try {
            return factory.get();
        } catch (ValidationException e) {
            e.violations().forEach(v -> found.add(v.under(field)));
            return null;
        } catch (IllegalArgumentException | ArithmeticException e) {
            found.add(new Violation(field, String.valueOf(e.getMessage()), null));
            return null;
        }
    }

    public void add(String field, String rule, String maskedValue) {
        found.add(new Violation(field, rule, maskedValue));
    }

    public void addAll(ValidationException e, String parent) {
        e.violations().forEach(v -> found.add(v.under(parent)));
    }

    public boolean isEmpty() {
        return found.isEmpty();
    }

    public List<Violation> list() {
        return List.copyOf(found);
    }

    public void throwIfAny() {
        if (!found.isEmpty()) {
            throw new ValidationException(found);
        }
    }
}
