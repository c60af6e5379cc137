package dev.cobro.domain.shared;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Currency;

/**
 * An exact amount of one currency. Never negative; its scale is exactly the currency's default
 * fraction digits (PEN 2, CLP 0, KWD 3). Finer precision is rejected, never rounded:
 * {@code 10.000 PEN} is 10.00 PEN, {@code 10.001 PEN} is an error. At most
 * {@value #MAX_INTEGER_DIGITS} digits before the decimal point (Pay-me's 15-digit form allows no
 * more, and the same bound holds for 88Pay).
 * <p>
 * A {@link BigDecimal} may stand for a number whose plain form has a billion digits
 * ({@code 1e-999999999}, {@code 1e9999999}). Every bound is checked on its precision and scale,
 * which cost nothing, before anything expands it; messages show such a value only in its short
 * scientific form.
 */
public record Money(BigDecimal amount, Currency currency) implements Comparable<Money> {

    /** Digits before the decimal point: Pay-me's 15 wire digits less its five decimals. */
    public static final int MAX_INTEGER_DIGITS = 10;
    /** The most decimals a currency has (ISO 4217: CLF and UYW have 4); no Money has more. */
    public static final int MAX_FRACTION_DIGITS = Currency.getAvailableCurrencies().stream()
            .mapToInt(Currency::getDefaultFractionDigits).max().orElse(4);
    /** Pay-me's wire form: at most 15 digits whose last five are the decimal part. */
    private static final int FIVE_DECIMALS = 5;
    private static final int MAX_WIRE_DIGITS = 15;
    /** Longer texts are not read as amounts at all: no valid amount needs more characters. */
    private static final int MAX_TEXT_LENGTH = 64;
    /** Longer values are shown in scientific form in messages. */
    private static final int SHOWN_PLAIN_DIGITS = 16;

    public Money {
        if (currency == null) {
            throw new IllegalArgumentException("currency is required");
        }
        if (amount == null) {
            throw new IllegalArgumentException("amount is required");
        }
        int digits = currency.getDefaultFractionDigits();
        if (digits < 0) {
            throw new IllegalArgumentException(
                    "currency " + currency.getCurrencyCode() + " has no minor unit and cannot hold money");
        }
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("amount " + shown(amount) + " must not be negative");
        }
        amount = amount.signum() == 0 ? BigDecimal.ZERO.setScale(digits)
                : withinBounds(amount, digits, "more decimals than " + currency.getCurrencyCode() + " allows ("
                        + digits + ")").setScale(digits);
    }

    /**
     * {@code amount} (positive) without its trailing zeros, once it has at most
     * {@value #MAX_INTEGER_DIGITS} digits before the point and at most {@code fractionDigits} after
     * it. Both bounds are read from precision and scale alone, in long arithmetic, before anything
     * expands a digit: the smallest scale the value can have is its scale less its trailing zeros,
     * and those are at most precision - 1, so a scale beyond that is refused before any is stripped.
     */
    private static BigDecimal withinBounds(BigDecimal amount, int fractionDigits, String finerThanAllowed) {
        if ((long) amount.precision() - amount.scale() > MAX_INTEGER_DIGITS) {
            throw new IllegalArgumentException("amount " + shown(amount) + " has more than "
                    + MAX_INTEGER_DIGITS + " digits before the decimal point");
        }
        if ((long) amount.scale() - (amount.precision() - 1) > fractionDigits) {
            throw new IllegalArgumentException("amount " + shown(amount) + " has " + finerThanAllowed);
        }
        BigDecimal significant = amount.stripTrailingZeros();
        if (significant.scale() > fractionDigits) {
            throw new IllegalArgumentException("amount " + shown(amount) + " has " + finerThanAllowed);
        }
        return significant;
    }

    /**
     * A value for a message: its plain form when that is short, else its scientific form (which
     * {@code toPlainString} would expand to as many digits as the exponent says, and whose long runs
     * of digits a secret scan would rightly take for a card number).
     */
    private static String shown(BigDecimal value) {
        long plainLength = Math.max((long) value.precision() - value.scale(), 0)
                + Math.max(value.scale(), 0);
        return plainLength <= SHOWN_PLAIN_DIGITS ? value.toPlainString() : value.toString();
    }

    /**
     * A provider's amount whose currency is not known yet (a notification's), held to the bounds of
     * every Money: not negative, at most {@value #MAX_INTEGER_DIGITS} digits before the decimal point
     * and no more decimals than any currency has ({@link #MAX_FRACTION_DIGITS}). Checked on precision
     * and scale before anything expands it, so {@code 1e-1000000} and {@code 1e1000000} cost no more
     * than {@code 10}; a zero is plain zero whatever its exponent. Returns the value as sent.
     *
     * @throws IllegalArgumentException saying which bound it breaks
     */
    public static BigDecimal boundedAmount(BigDecimal amount) {
        if (amount == null) {
            throw new IllegalArgumentException("amount is required");
        }
        if (amount.signum() == 0) {
            return amount.scale() >= 0 && amount.scale() <= MAX_FRACTION_DIGITS ? amount : BigDecimal.ZERO;
        }
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("amount " + shown(amount) + " must not be negative");
        }
        withinBounds(amount, MAX_FRACTION_DIGITS, "more than " + MAX_FRACTION_DIGITS
                + " decimals, more than any currency has");
        return amount;
    }

    public static Money of(BigDecimal amount, Currency currency) {
        return new Money(amount, currency);
    }

    /** {@code Money.of("10.50", "PEN")}: a decimal string and an ISO 4217 alphabetic code. */
    public static Money of(String amount, String currencyCode) {
        return new Money(parseAmount(amount), parseCurrency(currencyCode));
    }

    public static Money zero(Currency currency) {
        return new Money(BigDecimal.ZERO, currency);
    }

    /** Reads Pay-me's {@code transaction.amount}: digits whose last five are decimals. */
    public static Money fromFiveDecimalUnits(String units, Currency currency) {
        if (units == null || units.isEmpty() || units.length() > MAX_WIRE_DIGITS || !Text.isDigits(units)) {
            throw new IllegalArgumentException("five-decimal amount '" + units
                    + "' must be 1 to " + MAX_WIRE_DIGITS + " digits");
        }
        try {
            return new Money(new BigDecimal(new BigInteger(units), FIVE_DECIMALS), currency);
        } catch (IllegalArgumentException e) {
            // The caller knows the wire value, not the decimal it stands for: name both.
            throw new IllegalArgumentException("five-decimal amount '" + units + "': " + e.getMessage(), e);
        }
    }

    /** Pay-me's {@code transaction.amount} for this money: {@code 10.00 PEN -> "1000000"}. */
    public String toFiveDecimalUnits() {
        String units = fiveDecimalUnits(amount);
        if (units.length() > MAX_WIRE_DIGITS) {
            throw new ArithmeticException("amount " + shown(amount) + " " + currency.getCurrencyCode()
                    + " needs " + units.length() + " digits in five-decimal form; the limit is " + MAX_WIRE_DIGITS);
        }
        return units;
    }

    /** 10^0 .. 10^5. */
    private static final long[] POWERS_OF_TEN = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L};

    /**
     * The amount in units of 10^-5 as digits: with a scale of 0 to 5 and an unscaled value that fits
     * in a long (any amount the bounds allow), by long arithmetic; else as BigDecimal computes it.
     */
    private static String fiveDecimalUnits(BigDecimal amount) {
        int scale = amount.scale();
        if (scale >= 0 && scale <= FIVE_DECIMALS && amount.precision() + FIVE_DECIMALS - scale <= 18) {
            return Long.toString(amount.unscaledValue().longValueExact() * POWERS_OF_TEN[FIVE_DECIMALS - scale]);
        }
        return amount.movePointRight(FIVE_DECIMALS).toBigIntegerExact().toString();
    }

    /** ISO 4217 numeric code, three digits, zero-padded: PEN {@code "604"}, ALL {@code "008"}. */
    public String numericCurrencyCode() {
        // Three digits, zero-padded (ISO 4217 numeric codes are 1..999); not String.format, which parses
        // its pattern on every call of the hot path.
        String digits = Integer.toString(currency.getNumericCode());
        return "000".substring(digits.length()) + digits;
    }

    public boolean isZero() {
        return amount.signum() == 0;
    }

    public boolean isPositive() {
        return amount.signum() > 0;
    }

    /**
     * True when a provider's amount and currency code state this money: the same currency (its
     * ISO 4217 alphabetic code, exactly) and numerically the same amount, whatever its scale
     * ({@code 10}, {@code 10.0} and {@code 10.00} are the same as 10.00 PEN; 88Pay echoes
     * {@code 100} for {@code 100.00}). A null amount or currency is never the same. Two {@code Money}
     * values need no such method: their scale is the currency's, so {@link #equals} is already numeric.
     */
    public boolean sameAs(BigDecimal otherAmount, String otherCurrency) {
        return sameAmountAs(otherAmount) && currency.getCurrencyCode().equals(otherCurrency);
    }

    /**
     * True when {@code otherAmount} is numerically this amount, whatever its scale; for a value that
     * states no currency (the caller decides whether a missing currency is acceptable). Null is never
     * the same.
     */
    public boolean sameAmountAs(BigDecimal otherAmount) {
        return sameAmount(amount, otherAmount);
    }

    /**
     * The one numeric comparison of two amounts: equal in value whatever their scale ({@code 10.0}
     * and {@code 10.00}), which {@link BigDecimal#equals} is not. Null is never the same as anything,
     * not even another null: a missing amount proves nothing.
     */
    public static boolean sameAmount(BigDecimal one, BigDecimal other) {
        return one != null && other != null && one.compareTo(other) == 0;
    }

    @Override
    public int compareTo(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot compare " + currency.getCurrencyCode()
                    + " with " + other.currency.getCurrencyCode());
        }
        return amount.compareTo(other.amount);
    }

    @Override
    public String toString() {
        return amount.toPlainString() + " " + currency.getCurrencyCode();
    }

    public static BigDecimal parseAmount(String amount) {
        if (amount == null) {
            throw new IllegalArgumentException("amount is required");
        }
        String text = amount.trim();
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new IllegalArgumentException("amount of " + text.length() + " characters is not an amount (at most "
                    + MAX_TEXT_LENGTH + ")");
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("amount '" + text + "' is not a decimal number");
        }
    }

    public static Currency parseCurrency(String code) {
        // [A-Z]{3}, by hand: checked on every parse, on the request path, where a regular expression's matcher
        // costs more than the rest of the check.
        if (code == null || !Chars.isRepeat(code, 3, 3, Chars::isAsciiUpper)) {
            throw new IllegalArgumentException("currency '" + code + "' must be an ISO 4217 alphabetic code");
        }
        try {
            return Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("currency '" + code + "' is not an ISO 4217 currency");
        }
    }

    /** The currency whose ISO 4217 numeric code is {@code numeric} ("604" is PEN). */
    public static Currency currencyOfNumericCode(String numeric) {
        // [0-9]{3}, by hand, as the alphabetic code above.
        if (numeric == null || !Chars.isRepeat(numeric, 3, 3, Chars::isAsciiDigit)) {
            throw new IllegalArgumentException("currency '" + numeric + "' must be a three-digit ISO 4217 numeric code");
        }
        int code = Integer.parseInt(numeric);
        return Currency.getAvailableCurrencies().stream()
                .filter(c -> c.getNumericCode() == code && c.getDefaultFractionDigits() >= 0)
                .min((a, b) -> a.getCurrencyCode().compareTo(b.getCurrencyCode()))
                .orElseThrow(() -> new IllegalArgumentException(
                        "currency '" + numeric + "' is not an ISO 4217 numeric code"));
    }
}
