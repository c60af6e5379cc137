package dev.cobro.adapters.http.eightyeightpay;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEDecrypter;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.AESDecrypter;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import dev.cobro.adapters.http.support.AccountNotificationProof;
import dev.cobro.adapters.http.support.CobroJson;
import dev.cobro.application.port.out.NotificationAuthenticityPort;
import dev.cobro.application.port.out.ParsedNotification;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.Money;
import dev.cobro.domain.shared.ProviderId;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * 88Pay's own proof on its webhook (88Pay's webhook documentation): {@code Authorization: Bearer
 * <token encrypted with the merchant's secret>}. Decrypt it, compare its {@code transaction_id} and
 * {@code transaction_amount} with the body's, reject anything older than 5 minutes. 88Pay does not
 * publish the cipher, so the token is read as a JWE, and only algorithms that need the merchant's
 * shared secret to make a token are accepted: that is what proves the sender.
 * <ul>
 * <li>a shared secret (its UTF-8 bytes, 16, 24, 32, 48 or 64 of them, or an {@code oct} JWK):
 *     {@code dir}, {@code A128KW}/{@code A192KW}/{@code A256KW},
 *     {@code A128GCMKW}/{@code A192GCMKW}/{@code A256GCMKW};</li>
 * <li>content encryption: {@code A128GCM}, {@code A192GCM}, {@code A256GCM},
 *     {@code A128CBC-HS256}, {@code A192CBC-HS384}, {@code A256CBC-HS512} (all authenticated).</li>
 * </ul>
 * Refused: {@code ECDH-ES} in every form, and any EC or other public-key secret at construction
 * (a token encrypted to a public key can be made by whoever holds that public key, the payer
 * included: it proves nothing about the sender); {@code none} and every unencrypted or merely
 * signed token (anyone can make one without the secret), {@code RSA1_5} and RSA-OAEP (a merchant
 * secret is no RSA key), {@code PBES2-*} (its iteration count is the sender's to choose: a cheap
 * way to burn CPU), and anything else. The algorithm is taken from the allow-list, never from the
 * token alone.
 * <p>
 * One adapter judges the notifications of one 88Pay account ({@link #account()}): each account has
 * its own secret, and a token another account's secret opens proves nothing about this one's.
 */
public final class EightyEightPayNotificationAuthenticityAdapter extends AccountNotificationProof
        implements NotificationAuthenticityPort {

    /** 88Pay's documented check: anything older is refused. */
    static final Duration MAX_AGE = Duration.ofMinutes(5);
    /** A token dated this far ahead of Cobro's clock is still believed (clocks differ); further is refused. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(1);
    /**
     * An issue time further than this from Cobro's clock is reported as out of range rather than as a
     * date: a year either way is beyond any clock error, and every date within it can be printed.
     */
    static final Duration MAX_PLAUSIBLE_DRIFT = Duration.ofDays(366);
    /** A webhook token is a few hundred characters; a longer bearer is not worth decrypting. */
    static final int MAX_TOKEN_LENGTH = 16 * 1024;

    private static final Set<JWEAlgorithm> SHARED_SECRET_ALGORITHMS = Set.of(JWEAlgorithm.DIR, JWEAlgorithm.A128KW,
            JWEAlgorithm.A192KW, JWEAlgorithm.A256KW, JWEAlgorithm.A128GCMKW, JWEAlgorithm.A192GCMKW,
            JWEAlgorithm.A256GCMKW);
    private static final Set<EncryptionMethod> ENCRYPTIONS = Set.of(EncryptionMethod.A128GCM, EncryptionMethod.A192GCM,
            EncryptionMethod.A256GCM, EncryptionMethod.A128CBC_HS256, EncryptionMethod.A192CBC_HS384,
            EncryptionMethod.A256CBC_HS512);
    private static final Set<Integer> SHARED_SECRET_BYTES = Set.of(16, 24, 32, 48, 64);

    private final byte[] sharedSecret;
    private final Clock clock;

    /**
     * The proof of every account of 88Pay that has no proof of its own.
     *
     * @param webhookSecret the merchant's webhook secret: an {@code oct} JWK, or a shared secret whose
     *                      UTF-8 bytes are 16, 24, 32, 48 or 64 long
     */
    public EightyEightPayNotificationAuthenticityAdapter(String webhookSecret, Clock clock) {
        this(null, webhookSecret, clock);
    }

    /**
     * The proof of one 88Pay account's notifications.
     *
     * @param account       the account whose webhook secret this is; null for every account
     * @param webhookSecret the merchant's webhook secret: an {@code oct} JWK, or a shared secret whose
     *                      UTF-8 bytes are 16, 24, 32, 48 or 64 long
     */
    public EightyEightPayNotificationAuthenticityAdapter(AccountId account, String webhookSecret, Clock clock) {
        super(ProviderId.EIGHTY_EIGHT_PAY, account);
        Objects.requireNonNull(webhookSecret, "webhookSecret");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sharedSecret = sharedSecret(webhookSecret.trim());
    }

    /** The secret's bytes; a key that is not a shared secret is refused with why, never quoted. */
    private static byte[] sharedSecret(String secret) {
        byte[] shared;
        if (secret.startsWith("{")) {
            JWK jwk;
            try {
                jwk = JWK.parse(secret);
            } catch (ParseException e) {
                throw new IllegalArgumentException("the 88Pay webhook secret looks like a JWK but is not one");
            }
            if (!(jwk instanceof OctetSequenceKey oct)) {
                throw new IllegalArgumentException("the 88Pay webhook secret must be the merchant's shared secret"
                        + " (an oct key when given as a JWK), not an " + jwk.getKeyType() + " key: a token encrypted"
                        + " to a public key (ECDH-ES) can be made by anyone who holds the public key, the payer"
                        + " included, so it proves nothing about the sender");
            }
            shared = oct.toByteArray();
        } else {
            shared = secret.getBytes(StandardCharsets.UTF_8);
        }
        if (!SHARED_SECRET_BYTES.contains(shared.length)) {
            throw new IllegalArgumentException("the 88Pay webhook secret must be 16, 24, 32, 48 or 64 bytes long"
                    + " (an AES key or a dir key), not " + shared.length);
        }
        return shared;
    }

    @Override
    public Proof verify(ParsedNotification notification, Map<String, String> headers) {
        String authorization = headers.get("authorization");
        if (authorization == null || authorization.isBlank()) {
            return Proof.fails("no 88Pay bearer token (Authorization header)");
        }
        String value = authorization.trim();
        if (!value.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
            return Proof.fails("the Authorization header is not a bearer token");
        }
        String token = value.substring("bearer ".length()).trim();
        if (token.length() > MAX_TOKEN_LENGTH) {
            return Proof.fails("the bearer token is longer than " + MAX_TOKEN_LENGTH + " characters");
        }
        JsonNode claims;
        try {
            claims = decrypt(token);
        } catch (Refused refused) {
            return Proof.fails(refused.getMessage());
        }
        return judge(claims, notification);
    }

    private JsonNode decrypt(String token) throws Refused {
        JWEObject jwe;
        try {
            jwe = JWEObject.parse(token);
        } catch (ParseException | RuntimeException e) {
            // A signed or unsecured token ("alg":"none") lands here too: only an encrypted one proves anything.
            throw new Refused("the bearer token is not an encrypted token (JWE)");
        }
        JWEAlgorithm algorithm = jwe.getHeader().getAlgorithm();
        EncryptionMethod encryption = jwe.getHeader().getEncryptionMethod();
        if (!SHARED_SECRET_ALGORITHMS.contains(algorithm) || !ENCRYPTIONS.contains(encryption)) {
            throw new Refused("the bearer token's algorithm " + name(algorithm) + "/" + name(encryption)
                    + " is not one Cobro accepts with the configured shared secret");
        }
        try {
            jwe.decrypt(decrypter(algorithm));
        } catch (JOSEException | RuntimeException e) {
            throw new Refused("the bearer token does not decrypt with the webhook secret of "
                    + account().map(a -> "88Pay account " + a).orElse("88Pay"));
        }
        try {
            JsonNode claims = CobroJson.mapper().readTree(jwe.getPayload().toString());
            if (claims == null || !claims.isObject()) {
                throw new Refused("the bearer token's content is not a JSON object");
            }
            return claims;
        } catch (java.io.IOException | RuntimeException e) {
            throw new Refused("the bearer token's content is not JSON");
        }
    }

    /** A header value is the sender's text: quoted only when it looks like an algorithm name. */
    private static String name(com.nimbusds.jose.Algorithm algorithm) {
        String name = algorithm == null ? null : algorithm.getName();
        return name != null && name.matches("[A-Za-z0-9+_-]{1,24}") ? name : "(unnamed)";
    }

    private JWEDecrypter decrypter(JWEAlgorithm algorithm) throws JOSEException {
        javax.crypto.spec.SecretKeySpec key = new javax.crypto.spec.SecretKeySpec(sharedSecret, "AES");
        return JWEAlgorithm.DIR.equals(algorithm) ? new DirectDecrypter(key) : new AESDecrypter(key);
    }

    /** The claims must be about this notification and recent. Values from the token are never quoted (the transaction id is a session). */
    private Proof judge(JsonNode claims, ParsedNotification notification) {
        String transactionId = text(claims, "transaction_id", "transactionId");
        if (transactionId == null) {
            return Proof.fails("the bearer token carries no transaction_id");
        }
        if (notification.sessionId() == null || !transactionId.equals(notification.sessionId())) {
            return Proof.fails("the bearer token's transaction_id is not the body's");
        }
        BigDecimal amount = decimal(claims, "transaction_amount", "transactionAmount", "totalAmount", "amount");
        if (amount == null) {
            return Proof.fails("the bearer token carries no transaction_amount");
        }
        if (!Money.sameAmount(amount, notification.amount())) {
            return Proof.fails("the bearer token's transaction_amount is not the body's");
        }
        JsonNode iat = claims.get("iat");
        if (iat == null || !iat.isNumber()) {
            return Proof.fails("the bearer token carries no issue time (iat)");
        }
        // Compared in epoch seconds before any Instant is made: iat is the sender's number, of any size.
        long now = clock.instant().getEpochSecond();
        if (!iat.canConvertToLong() || iat.asLong() < now - MAX_AGE.toSeconds() - MAX_PLAUSIBLE_DRIFT.toSeconds()
                || iat.asLong() > now + MAX_PLAUSIBLE_DRIFT.toSeconds()) {
            return Proof.fails("the bearer token's issue time (iat) is out of range");
        }
        Instant issued = Instant.ofEpochSecond(iat.asLong());
        if (iat.asLong() < now - MAX_AGE.toSeconds()) {
            return Proof.fails("the bearer token is older than " + MAX_AGE.toMinutes() + " minutes (issued " + issued
                    + ")");
        }
        if (iat.asLong() > now + CLOCK_SKEW.toSeconds()) {
            return Proof.fails("the bearer token is issued in the future (" + issued + ")");
        }
        return Proof.holds();
    }

    private static String text(JsonNode claims, String... names) {
        for (String name : names) {
            JsonNode value = claims.get(name);
            if (value != null && value.isTextual() && !value.asText().isBlank()) {
                return value.asText().trim();
            }
        }
        return null;
    }

    /** "50000" or 53.75: compared numerically, bounded like a Money (10 integer digits, no silly exponent). */
    private static BigDecimal decimal(JsonNode claims, String... names) {
        for (String name : names) {
            JsonNode value = claims.get(name);
            BigDecimal amount = null;
            if (value != null && value.isNumber()) {
                amount = value.decimalValue();
            } else if (value != null && value.isTextual() && value.asText().trim().length() <= 32) {
                try {
                    amount = new BigDecimal(value.asText().trim());
                } catch (NumberFormatException e) {
                    amount = null;
                }
            }
            if (amount != null && Math.abs(amount.scale()) <= 32) {
                return amount;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "EightyEightPayNotificationAuthenticityAdapter["
                + account().map(String::valueOf).orElse("every account") + ", shared secret hidden]";
    }

    /** Why a token proves nothing; its message never quotes the token or the secret. */
    private static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }
}
