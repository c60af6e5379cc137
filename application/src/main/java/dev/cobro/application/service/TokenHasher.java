package dev.cobro.application.service;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * Keyed hash (HMAC-SHA256) of a card token: lets Cobro tell whether two authorizations used the
 * same token without storing it. The key is the installation's own secret.
 */
public final class TokenHasher {

    private final SecretKeySpec key;

    public TokenHasher(byte[] key) {
        if (key == null || key.length < 16) {
            throw new IllegalArgumentException("the token hash key must have at least 16 bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    public String hash(String token) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(token.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "TokenHasher[key hidden]";
    }
}
