package dev.cobro.domain.shared;

import java.util.regex.Pattern;

/**
 * One account (merchant) of a provider: 88Pay issues a merchant id per country, and a platform may
 * hold several Pay-me merchants (ARCHITECTURE.md, Provider accounts). {@code default} when there is one.
 */
public record AccountId(String value) {

    private static final Pattern FORM = Pattern.compile("[a-z0-9_-]{1,32}");

    public static final AccountId DEFAULT = new AccountId("default");

    public AccountId {
        if (value == null || !FORM.matcher(value).matches()) {
            throw ValidationException.of("account", "must be 1-32 lower-case letters, digits, '-' or '_'", value);
        }
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
