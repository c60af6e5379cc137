package dev.cobro.domain.shared;

/** Which provider adapter serves a call: {@code 88pay}, {@code payme}, or a host's own. */
public record ProviderId(String value) {

    public static final ProviderId EIGHTY_EIGHT_PAY = new ProviderId("88pay");
    public static final ProviderId PAYME = new ProviderId("payme");

    public ProviderId {
        if (value == null || !hasForm(value)) {
            throw ValidationException.of("provider", "must be 1-32 lower-case letters, digits, '-' or '_'", value);
        }
    }

    /**
     * {@code [a-z0-9][a-z0-9_-]{0,31}}, by hand: it is checked on every construction, on the request path,
     * where a regular expression's matcher costs more than the rest of the constructor.
     */
    private static boolean hasForm(String value) {
        return !value.isEmpty() && value.length() <= 32 && Chars.isLowerAlnum(value.charAt(0))
                && Chars.allMatch(value, 1, value.length(), c -> Chars.isLowerAlnum(c) || c == '_' || c == '-');
    }

    public static ProviderId of(String value) {
        return new ProviderId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
