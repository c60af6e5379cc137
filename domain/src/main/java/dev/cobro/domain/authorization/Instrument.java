package dev.cobro.domain.authorization;

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
        if (kind == CardSecret.Kind.CARD && !masked.matches("[0-9]{6}\\*{3,9}[0-9]{4}")) {
            throw ValidationException.of("payment_method.card", "only a masked PAN (first 6, last 4) may be kept", "***");
        }
        if (kind == CardSecret.Kind.TOKEN && !masked.matches("\\*{4}[A-Za-z0-9_-]{0,4}")) {
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
