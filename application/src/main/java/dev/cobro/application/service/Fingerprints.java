package dev.cobro.application.service;

import dev.cobro.domain.authorization.Address;
import dev.cobro.domain.authorization.AuthorizationDetails;
import dev.cobro.domain.authorization.CardHolder;
import dev.cobro.domain.payment.CheckoutDetails;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
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
        StringBuilder j = new StringBuilder(512);
        j.append(d.channel().code()).append(SEP).append(d.money().amount().toPlainString()).append(SEP)
                .append(d.money().currency().getCurrencyCode()).append(SEP)
                .append(d.instrument().kind().name()).append(SEP).append(d.instrument().masked()).append(SEP)
                .append(d.instrument().tokenHash()).append(SEP);
        cardHolder(j, d.cardHolder()).append(SEP);
        address(j, d.billing()).append(SEP);
        address(j, d.shipping()).append(SEP);
        j.append(d.description() == null ? "" : d.description().value()).append(SEP);
        Map<String, String> fields = d.additionalFields().values();
        j.append(fields.isEmpty() ? "{}" : new TreeMap<>(fields).toString()).append(SEP);
        j.append(d.customerId() == null ? "" : d.customerId().value());
        return sha256(j.toString());
    }

    private static final char SEP = '\u001f';

    /*
     * The canonical form of a card holder and of an address is their record's toString(), written out:
     * fingerprints stored before are kept, and the JDK 17 record toString (a String.format per call)
     * stays off the hot path. FingerprintsTest holds the two equal.
     */

    static StringBuilder cardHolder(StringBuilder j, CardHolder h) {
        if (h == null) {
            return j.append("null");
        }
        return j.append("CardHolder[firstName=").append(h.firstName())
                .append(", lastName=").append(h.lastName())
                .append(", emailAddress=").append(h.emailAddress())
                .append(", identityDocumentCountry=").append(h.identityDocumentCountry())
                .append(", identityDocumentType=").append(h.identityDocumentType())
                .append(", identityDocumentIdentifier=").append(h.identityDocumentIdentifier()).append(']');
    }

    static StringBuilder address(StringBuilder j, Address a) {
        if (a == null) {
            return j.append("null");
        }
        return j.append("Address[id=").append(a.id())
                .append(", firstName=").append(a.firstName())
                .append(", lastName=").append(a.lastName())
                .append(", email=").append(a.email())
                .append(", phoneCountryCode=").append(a.phoneCountryCode())
                .append(", phoneSubscriber=").append(a.phoneSubscriber())
                .append(", line1=").append(a.line1())
                .append(", line2=").append(a.line2())
                .append(", city=").append(a.city())
                .append(", state=").append(a.state())
                .append(", country=").append(a.country())
                .append(", zipCode=").append(a.zipCode()).append(']');
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
