package dev.cobro.domain.shared;

import java.util.regex.Pattern;

/** Which provider adapter serves a call: {@code 88pay}, {@code payme}, or a host's own. */
public record ProviderId(String value) {

    private static final Pattern FORM = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

    public static final ProviderId EIGHTY_EIGHT_PAY = new ProviderId("88pay");
    public static final ProviderId PAYME = new ProviderId("payme");

    public ProviderId {
        if (value == null || !FORM.matcher(value).matches()) {
            throw ValidationException.of("provider", "must be 1-32 lower-case letters, digits, '-' or '_'", value);
        }
    }

    public static ProviderId of(String value) {
        return new ProviderId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
