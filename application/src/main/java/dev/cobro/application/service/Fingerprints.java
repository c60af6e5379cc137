package dev.cobro.application.service;

import dev.cobro.domain.authorization.AuthorizationDetails;
import dev.cobro.domain.payment.CheckoutDetails;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * SHA-256 of the canonical form of a request: same key and same fingerprint is a replay, same key
 * and another fingerprint a conflict. Card data enters only masked (and tokens as their keyed hash).
 */
public final class Fingerprints {

    private Fingerprints() {
    }

    public static String of(CheckoutDetails d) {
        StringJoiner j = new StringJoiner("\u001f");
        j.add(d.customerId().value()).add(d.money().amount().toPlainString()).add(d.money().currency().getCurrencyCode())
                .add(d.country().alpha3()).add(d.method().code()).add(d.method().category().name())
                .add(d.description().value()).add(d.notificationUrl().value()).add(d.returnUrl().value());
        return sha256(j.toString());
    }

    public static String of(AuthorizationDetails d) {
        StringJoiner j = new StringJoiner("\u001f");
        j.add(d.channel().code()).add(d.money().amount().toPlainString()).add(d.money().currency().getCurrencyCode())
                .add(d.instrument().kind().name()).add(d.instrument().masked())
                .add(String.valueOf(d.instrument().tokenHash()))
                .add(String.valueOf(d.cardHolder())).add(String.valueOf(d.billing())).add(String.valueOf(d.shipping()))
                .add(d.description() == null ? "" : d.description().value())
                .add(new TreeMap<>(d.additionalFields().values()).toString())
                .add(d.customerId() == null ? "" : d.customerId().value());
        return sha256(j.toString());
    }

    /** Looked up once: {@code MessageDigest.getInstance} searches the security providers on every call. */
    private static final MessageDigest SHA_256;

    static {
        try {
            SHA_256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    static String sha256(String canonical) {
        MessageDigest digest;
        try {
            digest = (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 cannot be cloned", e);
        }
        return HexFormat.of().formatHex(digest.digest(canonical.getBytes(StandardCharsets.UTF_8)));
    }
}
