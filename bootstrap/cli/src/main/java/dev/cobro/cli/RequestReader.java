package dev.cobro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cobro.domain.shared.ValidationException;
import dev.cobro.domain.shared.Violation;
import dev.cobro.domain.shared.Violations;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads the fields of a JSON request into plain values, recording every problem (a wrong JSON type,
 * an unknown field) in one {@link Violations}, so that a request is answered with one error naming
 * all of them. Values are never echoed from here: some of them are card data.
 */
final class RequestReader {

    private final Violations violations;

    RequestReader(Violations violations) {
        this.violations = violations;
    }

    Violations violations() {
        return violations;
    }

    /** A string field, or null when absent or JSON null. Numbers are taken as written when {@code numbersToo}. */
    String text(JsonNode parent, String name, String path, boolean numbersToo) {
        JsonNode node = parent == null ? null : parent.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (numbersToo && node.isIntegralNumber()) {
            return node.asText();
        }
        violations.add(path, numbersToo ? "must be a string of digits" : "must be a string", null);
        return null;
    }

    String text(JsonNode parent, String name, String path) {
        return text(parent, name, path, false);
    }

    /** A decimal amount: a JSON number or a string such as "100.00". */
    BigDecimal decimal(JsonNode parent, String name, String path) {
        JsonNode node = parent == null ? null : parent.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isTextual()) {
            try {
                return new BigDecimal(node.asText().trim());
            } catch (NumberFormatException e) {
                violations.add(path, "must be a decimal number such as 100.00", node.asText());
                return null;
            }
        }
        violations.add(path, "must be a decimal number (a JSON number or a string such as \"100.00\")", null);
        return null;
    }

    /** An object field, or null when absent (a required one is reported as missing). */
    JsonNode object(JsonNode parent, String name, String path, boolean required) {
        JsonNode node = parent == null ? null : parent.get(name);
        if (node == null || node.isNull()) {
            if (required) {
                violations.add(path, "is required", null);
            }
            return null;
        }
        if (!node.isObject()) {
            violations.add(path, "must be a JSON object", null);
            return null;
        }
        return node;
    }

    /**
     * The one object of a list field: the seed writes {@code card_holder: [ {...} ]} and
     * {@code card: [ {...} ]}; a lone object is taken too.
     */
    JsonNode single(JsonNode parent, String name, String path, boolean required) {
        JsonNode node = parent == null ? null : parent.get(name);
        if (node == null || node.isNull()) {
            if (required) {
                violations.add(path, "is required", null);
            }
            return null;
        }
        if (node.isArray()) {
            if (node.size() != 1) {
                violations.add(path, "must hold exactly one item, not " + node.size(), null);
                return null;
            }
            node = node.get(0);
        }
        if (!node.isObject()) {
            violations.add(path, "must be a JSON object (or a list of one)", null);
            return null;
        }
        return node;
    }

    /** Reports every field of {@code node} that the request does not define: a typo must not pass silently. */
    void onlyKnownFields(JsonNode node, String path, Set<String> known) {
        if (node == null) {
            return;
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                violations.add(path.isEmpty() ? name : path + "." + name, "is not a field of this request", null);
            }
        }
    }

    /**
     * Builds a value object, adding its violations under {@code parent}, except for fields already
     * reported here (a field of the wrong JSON type is then also "required" to the value object).
     */
    <T> T build(String parent, Supplier<T> factory) {
        try {
            return factory.get();
        } catch (ValidationException e) {
            // Judged against what was reported before: two rules of one field in this batch both count.
            List<Violation> before = violations.list();
            for (Violation violation : e.violations()) {
                Violation placed = violation.under(parent);
                if (!isReported(before, placed.field())) {
                    violations.add(placed.field(), placed.rule(), placed.value());
                }
            }
            return null;
        } catch (IllegalArgumentException | ArithmeticException e) {
            addUnlessReported(new Violation(parent, String.valueOf(e.getMessage()), null));
            return null;
        }
    }

    /** Adds {@code violation} unless its field, or a field within it, is already reported. */
    void addUnlessReported(Violation violation) {
        if (!isReported(violation.field())) {
            violations.add(violation.field(), violation.rule(), violation.value());
        }
    }

    boolean isReported(String field) {
        return isReported(violations.list(), field);
    }

    private static boolean isReported(List<Violation> reported, String field) {
        return reported.stream().anyMatch(v -> v.field().equals(field) || v.field().startsWith(field + ".")
                || field.startsWith(v.field() + "."));
    }
}
