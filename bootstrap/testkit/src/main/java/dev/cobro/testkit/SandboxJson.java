package dev.cobro.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cobro.adapters.http.support.CobroJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.nio.charset.StandardCharsets;

/**
 * JSON and secret helpers of the sandbox. The wire is written from trees (never POJOs) so the
 * field order and the explicit nulls ({@code "validations":null}) are exactly the providers'.
 */
final class SandboxJson {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ES_PE = "es_PE";

    private SandboxJson() {
    }

    static ObjectNode object() {
        return CobroJson.mapper().createObjectNode();
    }

    static ArrayNode array() {
        return CobroJson.mapper().createArrayNode();
    }

    static byte[] bytes(JsonNode node) {
        try {
            return CobroJson.mapper().writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("sandbox could not write its own JSON", e);
        }
    }

    static String string(JsonNode node) {
        return new String(bytes(node), StandardCharsets.UTF_8);
    }

    /** The parsed body, or null when it is empty or not JSON (the caller answers 400). */
    static JsonNode read(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return CobroJson.mapper().readTree(body);
        } catch (IOException notJson) {
            return null;
        }
    }

    /** Pay-me's localised message list: {@code message_ilgn:[{locale:"es_PE",value:...}]}. */
    static ArrayNode messageIlgn(String value) {
        ArrayNode list = array();
        list.addObject().put("locale", ES_PE).put("value", value);
        return list;
    }

    /** An unguessable opaque value (tokens, session ids' tails are UUIDs instead). */
    static String randomToken(int bytes) {
        byte[] raw = new byte[bytes];
        RANDOM.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    static String randomDigits(int count) {
        StringBuilder digits = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            digits.append((char) ('0' + RANDOM.nextInt(10)));
        }
        return digits.toString();
    }

    /** Credential comparison that does not leak, through timing, how much of a guess was right. */
    static boolean sameSecret(String given, String expected) {
        if (given == null || expected == null) {
            return false;
        }
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }
}
