package dev.cobro.application.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Facts of a notification's body as received, and the bounded excerpt of it that is kept. */
final class NotificationBody {

    /**
     * @param length the body's length in UTF-8 bytes
     * @param sha256 its SHA-256, lower-case hex: with the length, what identifies a body kept only in part
     */
    record Facts(long length, String sha256) {
    }

    private NotificationBody() {
    }

    static Facts facts(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return new Facts(bytes.length, HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** The first {@code characters} characters of {@code text}, never half of a surrogate pair. */
    static String excerpt(String text, int characters) {
        if (text == null || text.length() <= characters) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(characters - 1)) ? characters - 1 : characters;
        return text.substring(0, end);
    }
}
