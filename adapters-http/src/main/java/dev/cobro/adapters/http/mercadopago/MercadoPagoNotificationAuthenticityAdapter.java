package dev.cobro.adapters.http.mercadopago;

import dev.cobro.adapters.http.support.AccountNotificationProof;
import dev.cobro.application.port.out.NotificationAuthenticityPort;
import dev.cobro.application.port.out.ParsedNotification;
import dev.cobro.domain.shared.AccountId;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

/**
 * Mercado Pago's {@code x-signature} ({@code ts=<ts>,v1=<hex>}): HMAC-SHA256 with the application's
 * webhook secret over the manifest {@code id:<data.id>;request-id:<x-request-id>;ts:<ts>;}, where
 * {@code data.id} is the query string's and a pair whose value is absent is left out, as documented.
 * <p>
 * Decisions where Mercado Pago publishes nothing: {@code ts} is read as milliseconds when it has 13
 * digits (the docs' unit) and as seconds when it has 10 (the SDKs' reading); a {@code ts} more than
 * {@link #MAX_AGE} from now, either way, is refused. {@code data.id} goes into the manifest as it is
 * in the query (sdk-java and sdk-nodejs keep its case; payment ids are numbers, so it is moot here).
 * The compare is constant-time.
 */
public final class MercadoPagoNotificationAuthenticityAdapter extends AccountNotificationProof
        implements NotificationAuthenticityPort {

    /** No window is published: Mercado Pago's first send is immediate, its retries re-sign. */
    public static final Duration MAX_AGE = Duration.ofMinutes(10);

    private final byte[] secret;
    private final Clock clock;

    /** The proof of one account's notifications, with that account's webhook secret. */
    public MercadoPagoNotificationAuthenticityAdapter(AccountId account, String webhookSecret, Clock clock) {
        super(MercadoPagoCheckoutAdapter.PROVIDER, account);
        if (webhookSecret == null || webhookSecret.isBlank()) {
            throw new IllegalArgumentException("the Mercado Pago webhook secret must not be blank");
        }
        this.secret = webhookSecret.getBytes(StandardCharsets.UTF_8);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Proof verify(ParsedNotification notification, Map<String, String> headers) {
        return verify(notification, headers, null);
    }

    @Override
    public Proof verify(ParsedNotification notification, Map<String, String> headers, String url) {
        String header = headers == null ? null : headers.get("x-signature");
        if (header == null || header.isBlank()) {
            return Proof.fails("it carries no x-signature header");
        }
        String ts = null;
        String v1 = null;
        for (String part : header.split(",")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            if (key.equals("ts")) {
                ts = value;
            } else if (key.equals("v1")) {
                v1 = value;
            }
        }
        if (ts == null || v1 == null) {
            return Proof.fails("its x-signature lacks ts or v1");
        }
        if (!ts.matches("[0-9]{10}|[0-9]{13}")) {
            return Proof.fails("its x-signature ts is not 10 digits (seconds) or 13 (milliseconds)");
        }
        long value = Long.parseLong(ts);
        Instant signedAt = ts.length() == 13 ? Instant.ofEpochMilli(value) : Instant.ofEpochSecond(value);
        Duration age = Duration.between(signedAt, clock.instant()).abs();
        if (age.compareTo(MAX_AGE) > 0) {
            return Proof.fails("its x-signature ts is " + age.toSeconds() + " s from now, more than " + MAX_AGE);
        }
        String dataId = MercadoPagoCheckoutAdapter.queryParameter(url, "data.id");
        if (dataId == null && url == null && notification != null) {
            dataId = notification.reference();
        }
        String requestId = headers.get("x-request-id");
        StringBuilder manifest = new StringBuilder();
        if (dataId != null && !dataId.isEmpty()) {
            manifest.append("id:").append(dataId).append(';');
        }
        if (requestId != null && !requestId.isEmpty()) {
            manifest.append("request-id:").append(requestId).append(';');
        }
        manifest.append("ts:").append(ts).append(';');
        byte[] expected = HexFormat.of().formatHex(hmac(manifest.toString())).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, v1.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
            return Proof.fails("its x-signature does not verify with the account's webhook secret");
        }
        return Proof.holds();
    }

    private byte[] hmac(String manifest) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(manifest.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "MercadoPagoNotificationAuthenticityAdapter[account=" + account().map(String::valueOf).orElse("every")
                + ", secret=***]";
    }
}
