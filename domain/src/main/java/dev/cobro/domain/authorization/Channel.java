package dev.cobro.domain.authorization;

import dev.cobro.domain.shared.ValidationException;

/** Pay-me's {@code channel}: 1 eCommerce (a card, or a token with its CVV); 3 card on file (a token only). */
public enum Channel {
    ECOMMERCE("1"),
    CARD_ON_FILE("3");

    private final String code;

    Channel(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Channel fromCode(String code) {
        for (Channel c : values()) {
            if (c.code.equals(code)) {
                return c;
            }
        }
        throw ValidationException.of("channel", "must be 1 (eCommerce) or 3 (card on file)", code);
    }
}
