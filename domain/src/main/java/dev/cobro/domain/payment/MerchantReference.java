package dev.cobro.domain.payment;

import dev.cobro.domain.shared.Chars;
import dev.cobro.domain.shared.ValidationException;

/** The host's reference of a checkout payment: its idempotency key with the provider id. */
public record MerchantReference(String value) {

    public static final int MAX = 64;

    public MerchantReference {
        if (value == null || value.isBlank()) {
            throw ValidationException.of("merchant_reference", "is required", value);
        }
        if (value.length() > MAX || !hasForm(value)) {
            throw ValidationException.of("merchant_reference",
                    "must be 1-" + MAX + " characters of letters, digits and . _ : / # -", value);
        }
    }

    /**
     * {@code [A-Za-z0-9][A-Za-z0-9._:/#-]*}, by hand: it is checked on every construction, on the request path,
     * where a regular expression's matcher costs more than the rest of the constructor.
     */
    private static boolean hasForm(String value) {
        return !value.isEmpty() && Chars.isAlnum(value.charAt(0))
                && Chars.allMatch(value, 1, value.length(), c -> Chars.isAlnum(c) || "._:/#-".indexOf(c) >= 0);
    }

    @Override
    public String toString() {
        return value;
    }
}
