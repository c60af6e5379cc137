package dev.cobro.domain.authorization;

import dev.cobro.domain.shared.Chars;
import dev.cobro.domain.shared.Text;
import dev.cobro.domain.shared.Violations;

import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * The card data one authorization needs: a PAN with its expiry and CVV, or a Pay-me token id
 * with (channel 1) or without (channel 3) a CVV. It travels beside the aggregate for the one call
 * that needs it, and is never stored or logged: {@link #toString()} shows only what is safe.
 */
public final class CardSecret {

    public enum Kind { CARD, TOKEN }

    public static final int TOKEN_MAX = 25;

    private final Kind kind;
    private final String pan;
    private final String expiry;
    private final String tokenId;
    private final String cvv;

    private CardSecret(Kind kind, String pan, String expiry, String tokenId, String cvv) {
        this.kind = kind;
        this.pan = pan;
        this.expiry = expiry;
        this.tokenId = tokenId;
        this.cvv = cvv;
    }

    /** A card: PAN 13-19 digits passing Luhn, expiry MMYY, CVV 3-4 digits. */
    public static CardSecret card(String pan, String expiryMmYy, String cvv) {
        Violations v = new Violations();
        if (pan == null || !isPan(pan)) {
            v.add("card.pan", "must be 13 to 19 digits", maskPanLoosely(pan));
        } else if (!passesLuhn(pan)) {
            v.add("card.pan", "fails the Luhn check", maskPan(pan));
        }
        if (expiryMmYy == null || !isExpiry(expiryMmYy)) {
            v.add("card.expiry_date", "must be MMYY", expiryMmYy);
        }
        checkCvv(v, "card.security_code", cvv, true);
        v.throwIfAny();
        return new CardSecret(Kind.CARD, pan, expiryMmYy, null, cvv);
    }

    /** A Pay-me token id, with its CVV on channel 1 and without on channel 3. */
    public static CardSecret token(String tokenId, String cvv) {
        Violations v = new Violations();
        if (tokenId == null || tokenId.isBlank()) {
            v.add("token.id", "is required", null);
        } else if (tokenId.length() > TOKEN_MAX || !isTokenId(tokenId)) {
            v.add("token.id", "must be 1 to " + TOKEN_MAX + " letters, digits, '-' or '_'", maskToken(tokenId));
        }
        checkCvv(v, "token.security_code", cvv, false);
        v.throwIfAny();
        return new CardSecret(Kind.TOKEN, null, null, tokenId, cvv);
    }

    private static void checkCvv(Violations v, String field, String cvv, boolean required) {
        if (cvv == null) {
            if (required) {
                v.add(field, "is required", null);
            }
        } else if (!isCvv(cvv)) {
            v.add(field, "must be 3 or 4 digits", "***");
        }
    }

    /*
     * These forms are checked by hand, not by regular expressions: they are checked on every authorization, on the
     * request path, where a regular expression's matcher costs more than the rest of the factory.
     */

    /** {@code [0-9]{13,19}}. */
    private static boolean isPan(String pan) {
        return Chars.isRepeat(pan, 13, 19, Chars::isAsciiDigit);
    }

    /** {@code (0[1-9]|1[0-2])[0-9]{2}}: MMYY, month 01 to 12. */
    private static boolean isExpiry(String mmYy) {
        if (mmYy.length() != 4 || !Chars.allMatch(mmYy, 0, 4, Chars::isAsciiDigit)) {
            return false;
        }
        int month = (mmYy.charAt(0) - '0') * 10 + (mmYy.charAt(1) - '0');
        return month >= 1 && month <= 12;
    }

    /** {@code [A-Za-z0-9_-]+}. */
    private static boolean isTokenId(String tokenId) {
        return Chars.isRepeat(tokenId, 1, Integer.MAX_VALUE, c -> Chars.isAlnum(c) || c == '_' || c == '-');
    }

    /** {@code [0-9]{3,4}}. */
    private static boolean isCvv(String cvv) {
        return Chars.isRepeat(cvv, 3, 4, Chars::isAsciiDigit);
    }

    public Kind kind() {
        return kind;
    }

    public String pan() {
        return pan;
    }

    /** MMYY, as Pay-me's {@code expiry_date}. */
    public String expiry() {
        return expiry;
    }

    public String tokenId() {
        return tokenId;
    }

    public String cvv() {
        return cvv;
    }

    public boolean hasCvv() {
        return cvv != null;
    }

    /** The last month the card can be used, or null for a token. */
    public YearMonth expiryMonth() {
        if (expiry == null) {
            return null;
        }
        return YearMonth.of(2000 + Integer.parseInt(expiry.substring(2)), Integer.parseInt(expiry.substring(0, 2)));
    }

    public boolean isExpiredAt(Clock clock) {
        YearMonth month = expiryMonth();
        return month != null && month.isBefore(YearMonth.now(clock.withZone(ZoneOffset.UTC)));
    }

    /** What may be kept of the secret: masked PAN (first 6, last 4) or masked token (last 4). */
    public String masked() {
        return kind == Kind.CARD ? maskPan(pan) : maskToken(tokenId);
    }

    /** {@code 4111111111111111 -> 411111******1111}. */
    public static String maskPan(String pan) {
        if (pan == null || pan.length() < 10) {
            return maskPanLoosely(pan);
        }
        return pan.substring(0, 6) + "*".repeat(pan.length() - 10) + pan.substring(pan.length() - 4);
    }

    /** {@code 822a-748e-3z9h-0051 -> ****0051}. */
    public static String maskToken(String token) {
        if (token == null) {
            return null;
        }
        return token.length() <= 4 ? "****" : "****" + token.substring(token.length() - 4);
    }

    private static String maskPanLoosely(String pan) {
        return pan == null ? null : "*".repeat(Math.min(pan.length(), 19)) + " (" + pan.length() + " characters)";
    }

    /** The Luhn check digit test that every card number passes. */
    public static boolean passesLuhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    /** Never the PAN, the CVV or the token. */
    @Override
    public String toString() {
        return "CardSecret[" + kind + " " + masked() + (cvv != null ? " cvv=***" : "") + "]";
    }

    /** Two secrets are never compared by content: that would leak through timing and messages. */
    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
