package dev.cobro.domain.shared;

/**
 * ASCII character tests for the value objects that check their form by hand instead of by a regular
 * expression: each class says which expression it stands for. Only ASCII counts: an Arabic-Indic digit
 * (U+0663) is not one of {@code [0-9]}, nor is a full-width letter one of {@code [A-Z]}.
 */
public final class Chars {

    /** A test of one character, such as {@code Chars::isAsciiDigit}. */
    @FunctionalInterface
    public interface CharTest {
        boolean test(char c);
    }

    private Chars() {
    }

    /** {@code [0-9]}. */
    public static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** {@code [A-Z]}. */
    public static boolean isAsciiUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    /** {@code [a-z0-9]}. */
    public static boolean isLowerAlnum(char c) {
        return c >= 'a' && c <= 'z' || isAsciiDigit(c);
    }

    /** {@code [A-Za-z0-9]}. */
    public static boolean isAlnum(char c) {
        return c >= 'a' && c <= 'z' || isAsciiUpper(c) || isAsciiDigit(c);
    }

    /** A regular expression's {@code \s}: {@code [ \t\n\x0B\f\r]}, and no other (not U+00A0). */
    public static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    /**
     * {@code s} starts with {@code lowerCasePrefix}, its ASCII letters in either case, as a regular expression's
     * {@code CASE_INSENSITIVE} without {@code UNICODE_CASE} reads them: U+017F, the long s, is not an {@code s}.
     */
    public static boolean startsWithIgnoreAsciiCase(String s, String lowerCasePrefix) {
        if (s.length() < lowerCasePrefix.length()) {
            return false;
        }
        for (int i = 0; i < lowerCasePrefix.length(); i++) {
            char c = s.charAt(i);
            char p = lowerCasePrefix.charAt(i);
            if (c != p && !(p >= 'a' && p <= 'z' && c == p - ('a' - 'A'))) {
                return false;
            }
        }
        return true;
    }

    /** Every character of {@code s} from {@code from} (inclusive) to {@code to} (exclusive) passes {@code test}. */
    public static boolean allMatch(String s, int from, int to, CharTest test) {
        for (int i = from; i < to; i++) {
            if (!test.test(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code s} has {@code min} to {@code max} characters and every one passes {@code test}: what
     * {@code [...]{min,max}} matches, for the character class that {@code test} stands for.
     */
    public static boolean isRepeat(String s, int min, int max, CharTest test) {
        return s.length() >= min && s.length() <= max && allMatch(s, 0, s.length(), test);
    }
}
