package dev.cobro.domain.authorization;

import dev.cobro.domain.shared.Text;
import dev.cobro.domain.shared.ValidationException;

/** Pay-me's {@code transaction.meta.internal_operation_number}: 1 to 9 digits, unique per provider. */
public record OperationNumber(String value) {

    public static final int MAX_DIGITS = 9;

    public OperationNumber {
        if (value == null || value.isEmpty() || value.length() > MAX_DIGITS || !Text.isDigits(value)) {
            throw ValidationException.of("internal_operation_number", "must be 1 to " + MAX_DIGITS + " digits", value);
        }
    }

    public static OperationNumber of(long number) {
        return new OperationNumber(Long.toString(number));
    }

    @Override
    public String toString() {
        return value;
    }
}
