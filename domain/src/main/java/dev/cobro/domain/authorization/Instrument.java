package dev.cobro.domain.authorization;

import dev.cobro.domain.shared.Chars;
import dev.cobro.domain.shared.ValidationException;

/**
 * What Cobro keeps of the card data: the masked PAN (first 6, last 4), or for a token its last 4
 * and a keyed hash (a token charges without a CVV on channel 3, so it is a secret too).
 */
public record Instrument(CardSecret.Kind kind, String masked, String tokenHash) {

    public Instrument {
        if (kind == null || masked == null) {
            throw ValidationException.of("payment_method", "kind and masked value are required", null);
        }
        if (kind == CardSecret.Kind.CARD && !isMaskedPan(masked)) {
            throw ValidationException.of("payment_method.card", "only a masked PAN (first 6, last 4) may be kept", "***");
        }
        if (kind == CardSecret.Kind.TOKEN && !isMaskedToken(masked)) {
            throw ValidationException.of("payment_method.token", "only a masked token (last 4) may be kept", "***");
        }
    }

    /*
     * Both forms are checked by hand, not by regular expressions: they are checked on every construction, on the
     * request path, where a regular expression's matcher costs more than the rest of the constructor.
     */

    /** {@code [0-9]{6}\*{3,9}[0-9]{4}}: 13 to 19 characters, the first 6 and the last 4 digits, the rest '*'. */
    private static boolean isMaskedPan(String masked) {
        int n = masked.length();
        return n >= 13 && n <= 19 && Chars.allMatch(masked, 0, 6, Chars::isAsciiDigit)
                && Chars.allMatch(masked, 6, n - 4, c -> c == '*')
                && Chars.allMatch(masked, n - 4, n, Chars::isAsciiDigit);
    }

    /** {@code \*{4}[A-Za-z0-9_-]{0,4}}. */
    private static boolean isMaskedToken(String masked) {
        int n = masked.length();
        return n >= 4 && n <= 8 && Chars.allMatch(masked, 0, 4, c -> c == '*')
                && Chars.allMatch(masked, 4, n, c -> Chars.isAlnum(c) || c == '_' || c == '-');
    }

    public static Instrument of(CardSecret secret, String tokenHash) {
        return new Instrument(secret.kind(), secret.masked(), secret.kind() == CardSecret.Kind.TOKEN ? tokenHash : null);
    }

    public String first6() {
        return kind == CardSecret.Kind.CARD ? masked.substring(0, 6) : null;
    }

    public String last4() {
        return masked.substring(masked.length() - 4);
    }
}
