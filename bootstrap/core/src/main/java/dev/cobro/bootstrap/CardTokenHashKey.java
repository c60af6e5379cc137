package dev.cobro.bootstrap;

import dev.cobro.adapters.http.payme.PaymeSettings;
import dev.cobro.domain.shared.AccountId;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** The key of the card-token hash, when the host configures none. */
final class CardTokenHashKey {

    private CardTokenHashKey() {
    }

    /**
     * Without a configured key, token hashes are keyed by the Pay-me client secret, so that every
     * process of one installation hashes a token alike (idempotency across processes) and no key
     * has to be kept anywhere else.
     */
    static byte[] derivedKey(Cobro.Builder b) {
        PaymeSettings payme = b.paymeAccounts.getOrDefault(AccountId.DEFAULT,
                b.paymeAccounts.values().stream().findFirst().orElse(null));
        String material = payme != null ? payme.clientSecret() : null;
        if (material == null) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return random;
        }
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest(("cobro-token-hash:" + material).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
