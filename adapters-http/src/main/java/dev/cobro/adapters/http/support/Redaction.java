package dev.cobro.adapters.http.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.cobro.domain.authorization.CardSecret;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one redaction routine of Cobro's HTTP traffic: what goes into an attempt row or a log line
 * passes through here. Rules name a JSON field ({@code access_token}) or a field within a parent
 * ({@code token.id}: the {@code id} inside {@code payment_method.token[]}); arrays are transparent.
 * Whatever the rules miss, a Luhn-valid 13-19 digit run (a PAN) is masked anyway.
 */
public final class Redaction {

    /** How a secret value is shown. */
    public enum Mask {
        /** {@code ***}. */
        FULL,
        /** First 6 and last 4 digits of a PAN. */
        PAN,
        /** {@code ****} and the last 4 characters. */
        LAST4
    }

    public static final String HIDDEN = "***";

    private static final Pattern DIGIT_RUN = Pattern.compile("(?<![0-9])[0-9]{13,19}(?![0-9])");

    private final Map<String, Mask> fieldRules;
    private final Set<String> secretHeaders;

    /**
     * @param fieldRules    field name or {@code parent.field}, lower case, to its mask
     * @param secretHeaders header names (any case) whose values are never shown
     */
    public Redaction(Map<String, Mask> fieldRules, Set<String> secretHeaders) {
        this.fieldRules = Map.copyOf(fieldRules);
        this.secretHeaders = secretHeaders.stream().map(h -> h.toLowerCase(Locale.ROOT))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** A JSON body with every secret field masked; a body that is not JSON is scrubbed as text. */
    public String body(String body) {
        if (body == null || body.isEmpty()) {
            return body;
        }
        try {
            JsonNode tree = CobroJson.mapper().readTree(body);
            if (tree == null || !(tree.isContainerNode())) {
                return scrubText(body);
            }
            walk(tree, null);
            return CobroJson.mapper().writeValueAsString(tree);
        } catch (Exception notJson) {
            return scrubText(body);
        }
    }

    /** The value to show for a header: hidden when the header is a secret. */
    public String header(String name, String value) {
        return name != null && secretHeaders.contains(name.toLowerCase(Locale.ROOT)) ? HIDDEN : scrubText(value);
    }

    public boolean isSecretHeader(String name) {
        return name != null && secretHeaders.contains(name.toLowerCase(Locale.ROOT));
    }

    /** Masks anything in free text that looks like a card number (Luhn-valid 13-19 digits). */
    public static String scrubText(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = DIGIT_RUN.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String digits = m.group();
            m.appendReplacement(out, CardSecret.passesLuhn(digits) ? CardSecret.maskPan(digits) : digits);
        }
        m.appendTail(out);
        return out.toString();
    }

    private void walk(JsonNode node, String parentField) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String name = field.getKey().toLowerCase(Locale.ROOT);
                Mask mask = fieldRules.get(name);
                if (mask == null && parentField != null) {
                    mask = fieldRules.get(parentField + "." + name);
                }
                JsonNode value = field.getValue();
                if (mask != null && value != null && !value.isNull() && !value.isContainerNode()) {
                    field.setValue(TextNode.valueOf(mask(value.asText(), mask)));
                } else if (mask != null && value != null && value.isContainerNode()) {
                    field.setValue(TextNode.valueOf(HIDDEN));
                } else if (value != null && value.isTextual()) {
                    String scrubbed = scrubText(value.asText());
                    if (!scrubbed.equals(value.asText())) {
                        field.setValue(TextNode.valueOf(scrubbed));
                    }
                } else {
                    walk(value, name);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode item = array.get(i);
                if (item.isTextual()) {
                    array.set(i, TextNode.valueOf(scrubText(item.asText())));
                } else {
                    walk(item, parentField);
                }
            }
        }
    }

    static String mask(String value, Mask mask) {
        switch (mask) {
            case PAN:
                return value.length() >= 13 ? CardSecret.maskPan(value) : HIDDEN;
            case LAST4:
                return value.length() <= 4 ? "****" : "****" + value.substring(value.length() - 4);
            default:
                return HIDDEN;
        }
    }
}
