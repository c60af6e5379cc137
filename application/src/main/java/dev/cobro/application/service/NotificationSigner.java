package dev.cobro.application.service;

import dev.cobro.domain.payment.PaymentId;
import dev.cobro.domain.shared.ProviderId;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Layer 1 of DESIGN.md's "Notifications: authenticity": Cobro signs the {@code notification_url}
 * it sends to a provider with {@code cobro_pid=<payment id>&cobro_sig=<base64url
 * HMAC-SHA256(key, provider|account|payment id)>}, and checks the URL a notification arrives on.
 * A good signature names one payment; it proves nothing about the body (the payer can read the
 * URL in the checkout link), which is what a provider's own proof is for.
 */
public final class NotificationSigner {

    public static final String PAYMENT_PARAMETER = "cobro_pid";
    public static final String SIGNATURE_PARAMETER = "cobro_sig";
    /** The shortest key Cobro signs with. */
    public static final int MIN_KEY_BYTES = 16;

    /** The key of one (provider, account), or null when it has none: its URLs go out unsigned. */
    @FunctionalInterface
    public interface Keys {
        byte[] keyOf(ProviderId provider, String account);
    }

    /** What the URL a notification arrived on proves: the payment it names, or why it proves nothing. */
    public record Verdict(PaymentId paymentId, String problem) {

        static Verdict signed(PaymentId id) {
            return new Verdict(id, null);
        }

        static Verdict unsigned(String problem) {
            return new Verdict(null, problem);
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
     * The host's notification URL with Cobro's two parameters added to its query (kept as the
     * prefix, any query it has kept, a fragment kept last). Unchanged when the account has no key.
     */
    public String signedUrl(String hostUrl, ProviderId provider, String account, PaymentId payment) {
        Objects.requireNonNull(hostUrl, "hostUrl");
        byte[] key = keys.keyOf(provider, account);
        if (key == null) {
            return hostUrl;
        }
        int hash = hostUrl.indexOf('#');
        String base = hash < 0 ? hostUrl : hostUrl.substring(0, hash);
        String fragment = hash < 0 ? "" : hostUrl.substring(hash);
        String separator = !base.contains("?") ? "?" : base.endsWith("?") || base.endsWith("&") ? "" : "&";
        return base + separator + PAYMENT_PARAMETER + "=" + payment + "&" + SIGNATURE_PARAMETER + "="
                + signature(key, provider, account, payment) + fragment;
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
     * Checks the URL with the key of the account of the payment it names ({@code accountOf}: the
     * stored payment's account, empty when there is no such payment of {@code provider}), so that a
     * URL signed for one account never settles another account's payment.
     */
    public Verdict verify(ProviderId provider, Function<PaymentId, Optional<String>> accountOf, String calledUrl) {
        if (calledUrl == null || calledUrl.isBlank()) {
            return Verdict.unsigned("no URL given with the notification, so no Cobro signature");
        }
        Map<String, String> parameters = new HashMap<>();
        for (String pair : query(calledUrl).split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (PAYMENT_PARAMETER.equals(name) || SIGNATURE_PARAMETER.equals(name)) {
                if (parameters.put(name, decode(eq < 0 ? "" : pair.substring(eq + 1))) != null) {
                    return Verdict.unsigned("the URL repeats " + name);
                }
            }
        }
        String pid = parameters.get(PAYMENT_PARAMETER);
        String sig = parameters.get(SIGNATURE_PARAMETER);
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
        byte[] key = keys.keyOf(provider, account);
        if (key == null) {
            return Verdict.unsigned("no notification signing key is configured for " + provider + " account "
                    + account);
        }
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(sig);
        } catch (IllegalArgumentException e) {
            return Verdict.unsigned(SIGNATURE_PARAMETER + " is not base64url");
        }
        byte[] expected = Base64.getUrlDecoder().decode(signature(key, provider, account, payment));
        // Constant time: a forger learns nothing from how long a wrong guess took.
        if (!MessageDigest.isEqual(expected, given)) {
            return Verdict.unsigned("the Cobro signature does not match payment " + payment);
        }
        return Verdict.signed(payment);
    }

    private static String signature(byte[] key, ProviderId provider, String account, PaymentId payment) {
        byte[] mac = hmac(key, (provider + "|" + account + "|" + payment).getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
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
