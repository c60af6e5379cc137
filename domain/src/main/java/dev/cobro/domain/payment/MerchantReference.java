package dev.cobro.domain.payment;

import dev.cobro.domain.shared.ValidationException;

import java.util.regex.Pattern;

/** The host's reference of a checkout payment: its idempotency key with the provider id. */
public record MerchantReference(String value) {

    public static final int MAX = 64;
    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/#-]*");

    public MerchantReference {
        if (value == null || value.isBlank()) {
            throw ValidationException.of("merchant_reference", "is required", value);
        }
        if (value.length() > MAX || !FORM.matcher(value).matches()) {
            throw ValidationException.of("merchant_reference",
                    "must be 1-" + MAX + " characters of letters, digits and . _ : / # -", value);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
