package dev.cobro.domain.shared;

import java.util.regex.Pattern;

/** Field rules shared by the value objects: required, length, digits, e-mail, URL. */
public final class Text {

    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

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
        if (value != null && value.chars().anyMatch(Character::isISOControl)) {
            v.add(field, "must not contain control characters", abbreviate(value.replaceAll("\\p{Cntrl}", "?")));
        }
    }

    public static boolean isDigits(String value) {
        return value != null && DIGITS.matcher(value).matches();
    }

    public static void email(Violations v, String field, String value, int max) {
        required(v, field, value, max);
        if (value != null && !value.isBlank() && !EMAIL.matcher(value).matches()) {
            v.add(field, "must be an e-mail address", abbreviate(value));
        }
    }

    /** Long values are cut in messages so that an error stays readable. */
    public static String abbreviate(String value) {
        return value.length() <= 60 ? value : value.substring(0, 57) + "...";
    }
}
