package dev.cobro.testkit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * Mercado Pago's {@code x-signature}: {@code ts=<ts>,v1=<HMAC-SHA256 in lowercase hex>} over the
 * manifest {@code id:<data.id>;request-id:<x-request-id>;ts:<ts>;}, keyed with the account's
 * webhook secret. A value that is absent leaves its {@code key:value;} pair out, as the SDKs'
 * {@code buildManifest} does.
 */
final class MercadoPagoSignature {

    private MercadoPagoSignature() {
    }

    static String manifest(String dataId, String requestId, String ts) {
        StringBuilder manifest = new StringBuilder();
        if (dataId != null && !dataId.isEmpty()) {
            // Payment ids are numeric, so the Orders pages' lower-casing rule changes nothing here:
            // the id goes in exactly as it is in the query string.
            manifest.append("id:").append(dataId).append(';');
        }
        if (requestId != null && !requestId.isEmpty()) {
            manifest.append("request-id:").append(requestId).append(';');
        }
        if (ts != null && !ts.isEmpty()) {
            manifest.append("ts:").append(ts).append(';');
        }
        return manifest.toString();
    }

    static String header(String secret, String dataId, String requestId, String ts) {
        return "ts=" + ts + ",v1=" + hmacHex(secret, manifest(dataId, requestId, ts));
    }

    static String hmacHex(String secret, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
