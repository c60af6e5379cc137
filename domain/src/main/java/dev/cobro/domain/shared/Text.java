package dev.cobro.domain.shared;

/** Field rules shared by the value objects: required, length, digits, e-mail, URL. */
public final class Text {

    private Text() {
    }

    /** Adds a violation when {@code value} is missing or longer than {@code max}. */
    public static void required(Violations v, String field, String value, int max) {
        if (value == null || value.isBlank()) {
            v.add(field, "is required", value);
        } else {
            maxLength(v, field, value, max);
        }
    }

    /** Adds a violation when a present {@code value} is blank or longer than {@code max}. */
    public static void optional(Violations v, String field, String value, int max) {
        if (value != null) {
            if (value.isBlank()) {
                v.add(field, "must not be blank when given", value);
            } else {
                maxLength(v, field, value, max);
            }
        }
    }

    /**
     * Adds a violation when {@code value} is longer than {@code max}, or holds a control character
     * (PostgreSQL text cannot hold NUL, and no provider field takes one).
     */
    public static void maxLength(Violations v, String field, String value, int max) {
        if (value != null && value.length() > max) {
            v.add(field, "must be at most " + max + " characters", abbreviate(value));
        }
        if (value != null && hasControl(value)) {
            v.add(field, "must not contain control characters", abbreviate(value.replaceAll("\\p{Cntrl}", "?")));
        }
    }

    /** Whether {@code value} holds a control character (a loop: it runs for every text field of every request). */
    private static boolean hasControl(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** {@code [0-9]+}, by hand: it is checked on the request path, where a regular expression's matcher costs more. */
    public static boolean isDigits(String value) {
        return value != null && Chars.isRepeat(value, 1, Integer.MAX_VALUE, Chars::isAsciiDigit);
    }

    public static void email(Violations v, String field, String value, int max) {
        required(v, field, value, max);
        if (value != null && !value.isBlank() && !isEmailForm(value)) {
            v.add(field, "must be an e-mail address", abbreviate(value));
        }
    }

    /**
     * {@code [^@\s]+@[^@\s]+\.[^@\s]+}, by hand: it is checked on every construction, on the request path,
     * where a regular expression's matcher costs more than the rest of the constructor. One '@' after at least
     * one character, and after it a '.' that is neither its first nor the last character; no space anywhere.
     */
    static boolean isEmailForm(String value) {
        int at = value.indexOf('@');
        int dot = at < 0 ? -1 : value.indexOf('.', at + 2);
        return at > 0 && value.indexOf('@', at + 1) < 0 && dot >= 0 && dot < value.length() - 1
                && Chars.allMatch(value, 0, value.length(), c -> !Chars.isSpace(c));
    }

    /** Long values are cut in messages so that an error stays readable. */
    public static String abbreviate(String value) {
        return value.length() <= 60 ? value : value.substring(0, 57) + "...";
    }
}
