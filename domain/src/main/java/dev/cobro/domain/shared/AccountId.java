package dev.cobro.domain.shared;

/**
 * One account (merchant) of a provider: 88Pay issues a merchant id per country, and a platform may
 * hold several Pay-me merchants (ARCHITECTURE.md, Provider accounts). {@code default} when there is one.
 */
public record AccountId(String value) {

    public static final AccountId DEFAULT = new AccountId("default");

    public AccountId {
        if (value == null || !hasForm(value)) {
            throw ValidationException.of("account", "must be 1-32 lower-case letters, digits, '-' or '_'", value);
        }
    }

    /**
     * {@code [a-z0-9_-]{1,32}}, by hand: it is checked on every construction, on the request path, where a
     * regular expression's matcher costs more than the rest of the constructor.
     */
    private static boolean hasForm(String value) {
        return Chars.isRepeat(value, 1, 32, c -> Chars.isLowerAlnum(c) || c == '_' || c == '-');
    }

    public static AccountId of(String value) {
        return new AccountId(value);
    }

    /** The named account, or {@link #DEFAULT} when {@code value} is null. */
    public static AccountId orDefault(AccountId value) {
        return value == null ? DEFAULT : value;
    }

    @Override
    public String toString() {
        return value;
    }
}
