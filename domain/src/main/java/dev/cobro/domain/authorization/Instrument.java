package dev.cobro.domain.authorization;

import dev.cobro.domain.shared.ValidationException;

import java.util.regex.Pattern;

/**
 * What Cobro keeps of the card data: the masked PAN (first 6, last 4), or for a token its last 4
 * and a keyed hash (a token charges without a CVV on channel 3, so it is a secret too).
 */
public record Instrument(CardSecret.Kind kind, String masked, String tokenHash) {

    private static final Pattern MASKED_PAN = Pattern.compile("[0-9]{6}\\*{3,9}[0-9]{4}");
    private static final Pattern MASKED_TOKEN = Pattern.compile("\\*{4}[A-Za-z0-9_-]{0,4}");

    public Instrument {
        if (kind == null || masked == null) {
            throw ValidationException.of("payment_method", "kind and masked value are required", null);
        }
        if (kind == CardSecret.Kind.CARD && !MASKED_PAN.matcher(masked).matches()) {
            throw ValidationException.of("payment_method.card", "only a masked PAN (first 6, last 4) may be kept", "***");
        }
        if (kind == CardSecret.Kind.TOKEN && !MASKED_TOKEN.matcher(masked).matches()) {
            throw ValidationException.of("payment_method.token", "only a masked token (last 4) may be kept", "***");
        }
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
