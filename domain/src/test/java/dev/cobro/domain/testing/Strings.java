package dev.cobro.domain.testing;

import java.util.SplittableRandom;

/**
 * Strings for {@link Gen}: of chosen characters ({@code alpha()}, {@code numeric()}, {@code withChars})
 * or of any character at all ({@code all()}), with a length between two bounds.
 */
public final class Strings {

    /**
     * The characters that break code which assumes tidy text, drawn one time in four by {@link #all()}:
     * NUL and other controls, lone surrogates, direction marks, a byte-order mark, quotes and escapes.
     */
    private static final String TROUBLE = "\u0000\u0001\u0007\t\n\r\u001b\u007f\u0085\u00a0\u2028\u200e\u200f"
            + "\u202e\ufeff\ufffd\uffff\ud800\udbff\udc00\udfff\"'\\<>&%{}$";

    private final StringBuilder chars = new StringBuilder();
    private boolean any;
    private final StringBuilder excluded = new StringBuilder();

    Strings() {
    }

    public Strings alpha() {
        for (char c = 'a'; c <= 'z'; c++) {
            chars.append(c).append(Character.toUpperCase(c));
        }
        return this;
    }

    public Strings numeric() {
        for (char c = '0'; c <= '9'; c++) {
            chars.append(c);
        }
        return this;
    }

    public Strings withChars(char... extra) {
        chars.append(extra);
        return this;
    }

    /** Any UTF-16 code unit, the troublesome ones favoured (a uniform draw would almost never give NUL). */
    public Strings all() {
        any = true;
        return this;
    }

    public Strings excluding(char... refused) {
        excluded.append(refused);
        return this;
    }

    public Gen<String> ofMaxLength(int maxLength) {
        return ofLength(0, maxLength);
    }

    /** Between {@code min} and {@code max} characters, both included. */
    public Gen<String> ofLength(int min, int max) {
        if (!any && chars.isEmpty()) {
            throw new IllegalStateException("no characters chosen");
        }
        String alphabet = chars.toString();
        String refused = excluded.toString();
        boolean anyChar = any;
        return random -> {
            int length = (int) random.nextLong(min, (long) max + 1);
            StringBuilder text = new StringBuilder(length);
            while (text.length() < length) {
                char c = anyChar ? anyChar(random) : alphabet.charAt(random.nextInt(alphabet.length()));
                if (refused.indexOf(c) < 0) {
                    text.append(c);
                }
            }
            return text.toString();
        };
    }

    private static char anyChar(SplittableRandom random) {
        return switch (random.nextInt(4)) {
            case 0 -> TROUBLE.charAt(random.nextInt(TROUBLE.length()));
            case 1 -> (char) random.nextInt(0x20, 0x7f);
            default -> (char) random.nextInt(0x10000);
        };
    }
}
