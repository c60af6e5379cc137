package dev.cobro.application.service;

import dev.cobro.domain.payment.PaymentId;
import dev.cobro.domain.shared.ProviderId;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Layer 1 of ARCHITECTURE.md's "Notifications: authenticity": Cobro signs the {@code notification_url}
 * it sends to a provider with {@code cobro_pid=<payment id>&cobro_sig=<base64url
 * HMAC-SHA256(key, provider|account|payment id|key id)>&cobro_kid=<key id>}, and checks the URL a notification arrives
 * on. A good signature names one payment; it proves nothing about the body (the payer can read the
 * URL in the checkout link), which is what a provider's own proof is for.
 * <p>
 * Keys rotate while payments are open (a cash payment is notified days after its checkout), so
 * each (provider, account) has a {@link KeyRing}: its first key signs, every key in it verifies,
 * and the URL names the key that signed it. A URL signed before key ids existed (no
 * {@code cobro_kid}, MAC over {@code provider|account|payment id}) verifies with any key of the ring.
 */
public final class NotificationSigner {

    public static final String PAYMENT_PARAMETER = "cobro_pid";
    public static final String KEY_PARAMETER = "cobro_kid";
    public static final String SIGNATURE_PARAMETER = "cobro_sig";
    /** The shortest key Cobro signs with. */
    public static final int MIN_KEY_BYTES = 16;

    /** The key ring of one (provider, account), or null when it has none: its URLs go out unsigned. */
    @FunctionalInterface
    public interface Keys {
        KeyRing ringOf(ProviderId provider, String account);
    }

    /**
     * One signing key and its id, which travels in the URL (not a secret). A key also answers to its
     * fingerprint, so a URL signed while the key had no name of its own (a single configured key, a
     * key derived from an API key) still finds it once the ring names it.
     */
    public static final class Key {

        private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

        private final String id;
        private final String fingerprint;
        private final byte[] secret;

        private Key(String id, byte[] secret) {
            this.secret = secret.clone();
            this.fingerprint = fingerprintOf(secret);
            this.id = id == null ? fingerprint : id;
        }

        /**
         * A key with its id ({@code [A-Za-z0-9_-]}, at most 64 characters) of at least
         * {@value #MIN_KEY_BYTES} bytes.
         */
        public static Key of(String id, byte[] secret) {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(secret, "secret");
            if (!ID.matcher(id).matches()) {
                throw new IllegalArgumentException("a notification signing key id must be 1 to 64 letters, digits,"
                        + " '-' or '_'");
            }
            requireLength(secret);
            return new Key(id, secret);
        }

        /** A key whose id is its fingerprint. */
        public static Key fingerprinted(byte[] secret) {
            Objects.requireNonNull(secret, "secret");
            requireLength(secret);
            return new Key(null, secret);
        }

        /**
         * A ring written as {@code id:base64key[,id:base64key...]}, the first key first. Messages name
         * the position of a bad entry, never its text.
         */
        public static List<Key> parseRing(String text) {
            Objects.requireNonNull(text, "text");
            List<Key> ring = new ArrayList<>();
            String[] entries = text.split(",");
            for (int i = 0; i < entries.length; i++) {
                String entry = entries[i].trim();
                int colon = entry.indexOf(':');
                if (colon <= 0) {
                    throw new IllegalArgumentException("key " + (i + 1) + " of the notification signing keys is not"
                            + " id:base64key");
                }
                byte[] secret;
                try {
                    secret = Base64.getDecoder().decode(entry.substring(colon + 1).trim());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("key " + (i + 1) + " of the notification signing keys is not"
                            + " base64");
                }
                try {
                    ring.add(of(entry.substring(0, colon).trim(), secret));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("key " + (i + 1) + " of the notification signing keys: "
                            + e.getMessage());
                }
            }
            return ring;
        }

        private static void requireLength(byte[] secret) {
            if (secret.length < MIN_KEY_BYTES) {
                throw new IllegalArgumentException("a notification signing key must have at least " + MIN_KEY_BYTES
                        + " bytes");
            }
        }

        public String id() {
            return id;
        }

        /** 16 base64url characters of the SHA-256 of the key: names it without revealing it. */
        public String fingerprint() {
            return fingerprint;
        }

        boolean answersTo(String keyId) {
            return id.equals(keyId) || fingerprint.equals(keyId);
        }

        boolean sameSecret(Key other) {
            return MessageDigest.isEqual(secret, other.secret);
        }

        private static String fingerprintOf(byte[] secret) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret);
                return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 16);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK has no SHA-256", e);
            }
        }

        @Override
        public String toString() {
            return "Key[" + id + ", secret hidden]";
        }
    }

    /** The keys of one (provider, account): the first signs, every one verifies. */
    public static final class KeyRing {

        private final List<Key> keys;

        private KeyRing(List<Key> keys) {
            this.keys = keys;
        }

        /**
         * A ring of {@code keys} in order; a key listed twice (same secret) is kept once, two keys
         * under one id are refused.
         */
        public static KeyRing of(List<Key> keys) {
            List<Key> ring = new ArrayList<>();
            for (Key key : keys) {
                Objects.requireNonNull(key, "key");
                boolean listed = false;
                for (Key kept : ring) {
                    if (kept.sameSecret(key)) {
                        listed = true;
                    } else if (kept.id().equals(key.id())) {
                        throw new IllegalArgumentException("two notification signing keys are named " + key.id());
                    }
                }
                if (!listed) {
                    ring.add(key);
                }
            }
            if (ring.isEmpty()) {
                throw new IllegalArgumentException("a key ring needs at least one key");
            }
            return new KeyRing(List.copyOf(ring));
        }

        /** A ring of one key, named by its fingerprint. */
        public static KeyRing single(byte[] secret) {
            return of(List.of(Key.fingerprinted(secret)));
        }

        /** The key new URLs are signed with. */
        public Key signing() {
            return keys.get(0);
        }

        /** The key a URL's {@code cobro_kid} names: by its id, else by its fingerprint. */
        public Optional<Key> find(String keyId) {
            return keyId == null ? Optional.empty() : keys.stream().filter(k -> k.answersTo(keyId)).findFirst();
        }

        public List<String> ids() {
            return keys.stream().map(Key::id).toList();
        }

        List<Key> keys() {
            return keys;
        }

        @Override
        public String toString() {
            return "KeyRing" + ids();
        }
    }

    /** A notification URL as sent to the provider, and the id of the key that signed it (null: unsigned). */
    public record Signed(String url, String keyId) {
    }

    /**
     * What the URL a notification arrived on proves: the payment it names and its account, or why
     * it proves nothing.
     */
    public record Verdict(PaymentId paymentId, String account, String problem) {

        static Verdict signed(PaymentId id, String account) {
            return new Verdict(id, account, null);
        }

        static Verdict unsigned(String problem) {
            return new Verdict(null, null, problem);
        }

        public boolean isSigned() {
            return paymentId != null;
        }
    }

    private final Keys keys;

    public NotificationSigner(Keys keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /**
     * A key derived from an account's API key (HKDF-SHA256, RFC 5869, one block), for
     * installations that configure none: every instance holding the same credentials derives the
     * same key, and a reader of the database, which never holds the API key, cannot sign.
     */
    public static byte[] derivedKey(String apiKey, ProviderId provider, String account) {
        Objects.requireNonNull(apiKey, "apiKey");
        byte[] prk = hmac("cobro-notification-signature".getBytes(StandardCharsets.UTF_8),
                apiKey.getBytes(StandardCharsets.UTF_8));
        byte[] info = ("cobro notification_url|" + provider + "|" + account).getBytes(StandardCharsets.UTF_8);
        byte[] block = new byte[info.length + 1];
        System.arraycopy(info, 0, block, 0, info.length);
        block[info.length] = 1;
        return hmac(prk, block);
    }

    /**
     * The host's notification URL with Cobro's three parameters added to its query (kept as the
     * prefix, any query it has kept, a fragment kept last). Unchanged when the account has no key.
     */
    public String signedUrl(String hostUrl, ProviderId provider, String account, PaymentId payment) {
        return sign(hostUrl, provider, account, payment).url();
    }

    /** {@link #signedUrl}, with the id of the key that signed it (to be stored with the payment). */
    public Signed sign(String hostUrl, ProviderId provider, String account, PaymentId payment) {
        Objects.requireNonNull(hostUrl, "hostUrl");
        KeyRing ring = keys.ringOf(provider, account);
        if (ring == null) {
            return new Signed(hostUrl, null);
        }
        return sign(hostUrl, provider, account, payment, ring.signing());
    }

    /**
     * {@link #sign} with the key {@code keyId} while the ring still holds it, else with the newest: a
     * charge sent again then carries the very URL it first went out with.
     */
    public Signed signAgain(String hostUrl, ProviderId provider, String account, PaymentId payment, String keyId) {
        Objects.requireNonNull(hostUrl, "hostUrl");
        KeyRing ring = keys.ringOf(provider, account);
        if (ring == null) {
            return new Signed(hostUrl, null);
        }
        Key key = keyId == null ? ring.signing() : ring.find(keyId).orElse(ring.signing());
        return sign(hostUrl, provider, account, payment, key);
    }

    private static Signed sign(String hostUrl, ProviderId provider, String account, PaymentId payment, Key key) {
        int hash = hostUrl.indexOf('#');
        String base = hash < 0 ? hostUrl : hostUrl.substring(0, hash);
        String fragment = hash < 0 ? "" : hostUrl.substring(hash);
        String separator = !base.contains("?") ? "?" : base.endsWith("?") || base.endsWith("&") ? "" : "&";
        return new Signed(base + separator + PAYMENT_PARAMETER + "=" + payment + "&" + SIGNATURE_PARAMETER + "="
                + signature(key.secret, provider, account, payment, key.id()) + "&" + KEY_PARAMETER + "=" + key.id()
                + fragment, key.id());
    }

    /** The ring of one (provider, account), or null when it has none. */
    public KeyRing ringOf(ProviderId provider, String account) {
        return keys.ringOf(provider, account);
    }

    /**
     * Checks the URL (or only its query string) the host was called on. Each parameter must
     * appear once; the signature is compared in constant time.
     */
    public Verdict verify(ProviderId provider, String account, String calledUrl) {
        Objects.requireNonNull(account, "account");
        return verify(provider, payment -> Optional.of(account), calledUrl);
    }

    /**
     * Checks the URL with the key ring of the account of the payment it names ({@code accountOf}:
     * the stored payment's account, empty when there is no such payment of {@code provider}), so
     * that a URL signed for one account never settles another account's payment.
     */
    public Verdict verify(ProviderId provider, Function<PaymentId, Optional<String>> accountOf, String calledUrl) {
        if (calledUrl == null || calledUrl.isBlank()) {
            return Verdict.unsigned("no URL given with the notification, so no Cobro signature");
        }
        Map<String, String> parameters = new HashMap<>();
        for (String pair : query(calledUrl).split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (PAYMENT_PARAMETER.equals(name) || SIGNATURE_PARAMETER.equals(name) || KEY_PARAMETER.equals(name)) {
                if (parameters.put(name, decode(eq < 0 ? "" : pair.substring(eq + 1))) != null) {
                    return Verdict.unsigned("the URL repeats " + name);
                }
            }
        }
        String pid = parameters.get(PAYMENT_PARAMETER);
        String sig = parameters.get(SIGNATURE_PARAMETER);
        String kid = parameters.get(KEY_PARAMETER);
        if (pid == null || sig == null) {
            return Verdict.unsigned("the URL carries no Cobro signature (" + PAYMENT_PARAMETER + ", "
                    + SIGNATURE_PARAMETER + ")");
        }
        PaymentId payment;
        try {
            payment = new PaymentId(UUID.fromString(pid));
        } catch (IllegalArgumentException e) {
            return Verdict.unsigned(PAYMENT_PARAMETER + " is not a payment id");
        }
        Optional<String> owner = accountOf.apply(payment);
        if (owner.isEmpty()) {
            return Verdict.unsigned(PAYMENT_PARAMETER + " names no payment of " + provider);
        }
        String account = owner.get();
        KeyRing ring = keys.ringOf(provider, account);
        if (ring == null) {
            return Verdict.unsigned("no notification signing key is configured for " + provider + " account "
                    + account);
        }
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(sig);
        } catch (IllegalArgumentException e) {
            return Verdict.unsigned(SIGNATURE_PARAMETER + " is not base64url");
        }
        boolean matches = false;
        if (kid != null) {
            Optional<Key> key = ring.find(kid);
            if (key.isEmpty()) {
                // The id is the sender's text: quoted only when it has the form of an id.
                return Verdict.unsigned("the Cobro signature's key " + (Key.ID.matcher(kid).matches() ? kid
                        : "(malformed)") + " is no longer configured for " + provider + " account " + account
                        + " (configured: " + ring.ids() + ")");
            }
            matches = MessageDigest.isEqual(mac(key.get().secret, provider, account, payment, kid), given);
        } else {
            // Signed before key ids: any key of the ring may have signed it. Every key is tried, in constant time each.
            for (Key key : ring.keys()) {
                matches |= MessageDigest.isEqual(mac(key.secret, provider, account, payment, null), given);
            }
        }
        if (!matches) {
            return Verdict.unsigned("the Cobro signature does not match payment " + payment);
        }
        return Verdict.signed(payment, account);
    }

    private static String signature(byte[] key, ProviderId provider, String account, PaymentId payment, String kid) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(key, provider, account, payment, kid));
    }

    /** The MAC covers the key id, so a URL cannot be moved to another key of the ring. */
    private static byte[] mac(byte[] key, ProviderId provider, String account, PaymentId payment, String kid) {
        String signed = provider + "|" + account + "|" + payment + (kid == null ? "" : "|" + kid);
        return hmac(key, signed.getBytes(StandardCharsets.UTF_8));
    }

    /** The query of a URL, or the text itself when it is only a query string ("a=b&..." or "?a=b&..."). */
    private static String query(String calledUrl) {
        String text = calledUrl.trim();
        int hash = text.indexOf('#');
        if (hash >= 0) {
            text = text.substring(0, hash);
        }
        int question = text.indexOf('?');
        return question >= 0 ? text.substring(question + 1) : text;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return text;
        }
    }

    /** Looked up once and cloned per use: {@code Mac.getInstance} searches the security providers every call. */
    private static final Mac HMAC_SHA256;

    static {
        try {
            HMAC_SHA256 = Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = (Mac) HMAC_SHA256.clone();
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException | CloneNotSupportedException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "NotificationSigner[keys hidden]";
    }
}
