package dev.cobro.adapters.http.eightyeightpay;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

/**
 * Seals an 88Pay token and its session for the shared token store (ARCHITECTURE.md, several instances):
 * AES-256-GCM under a key derived with HKDF-SHA256 (RFC 5869) from the account's API key, so a
 * reader of the database alone cannot use a token. The associated data binds a sealed token to
 * its provider, account and token id: a sealed value copied to another row does not open.
 * Layout: 12-byte random nonce, then the ciphertext with its 16-byte tag.
 */
final class TokenSeal {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] SALT = "cobro.provider_token.v1".getBytes(StandardCharsets.UTF_8);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** An opened token. */
    record Opened(String accessToken, String sessionId) {

        @Override
        public String toString() {
            return "Opened[accessToken=***, sessionId=***]";
        }
    }

    private final SecretKeySpec key;
    private final String scope;

    TokenSeal(String apiKey, String provider, String account) {
        this.scope = provider + "|" + account;
        this.key = new SecretKeySpec(hkdfSha256(apiKey.getBytes(StandardCharsets.UTF_8), SALT,
                ("token key|" + scope).getBytes(StandardCharsets.UTF_8), 32), "AES");
    }

    byte[] seal(UUID id, String accessToken, String sessionId) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            ByteArrayOutputStream plain = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(plain)) {
                out.writeUTF(accessToken);
                out.writeUTF(sessionId);
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(id));
            byte[] sealed = cipher.doFinal(plain.toByteArray());
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("the JDK cannot seal a token with AES-GCM", e);
        }
    }

    /** Empty when it does not open: sealed under another API key, for another row, or altered. */
    Optional<Opened> open(UUID id, byte[] sealed) {
        if (sealed == null || sealed.length <= NONCE_BYTES) {
            return Optional.empty();
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData(id));
            byte[] plain = cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(plain))) {
                return Optional.of(new Opened(in.readUTF(), in.readUTF()));
            }
        } catch (GeneralSecurityException | IOException e) {
            return Optional.empty();
        }
    }

    private byte[] associatedData(UUID id) {
        return (scope + "|" + id).getBytes(StandardCharsets.UTF_8);
    }

    /** HKDF-SHA256 (RFC 5869): extract, then expand to {@code length} bytes. */
    static byte[] hkdfSha256(byte[] ikm, byte[] salt, byte[] info, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(salt == null || salt.length == 0 ? new byte[32] : salt, "HmacSHA256"));
            byte[] prk = mac.doFinal(ikm);
            mac.init(new SecretKeySpec(prk, "HmacSHA256"));
            byte[] out = new byte[length];
            byte[] block = new byte[0];
            int done = 0;
            for (int i = 1; done < length; i++) {
                mac.update(block);
                mac.update(info);
                mac.update((byte) i);
                block = mac.doFinal();
                int n = Math.min(block.length, length - done);
                System.arraycopy(block, 0, out, done, n);
                done += n;
            }
            Arrays.fill(prk, (byte) 0);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA256", e);
        }
    }

    @Override
    public String toString() {
        return "TokenSeal[" + scope + ", key=***]";
    }
}
