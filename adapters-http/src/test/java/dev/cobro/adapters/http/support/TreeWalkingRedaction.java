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
 * TEST ORACLE, not production code: {@link Redaction#body} as it was before the one-pass redaction (parse the whole
 * body into a tree, walk it, write it again), kept so that a test can show the one-pass routine
 * gives exactly the same text. Copied verbatim but for the names.
 * <p>
 * Was: the one redaction routine of Cobro's HTTP traffic: what goes into an attempt row or a log line
 * passes through here. Rules name a JSON field ({@code access_token}) or a field within a parent
 * ({@code token.id}: the {@code id} inside {@code payment_method.token[]}); arrays are transparent.
 * Whatever the rules miss, a Luhn-valid 13-19 digit run (a PAN) is masked anyway.
 */
final class TreeWalkingRedaction {

    public static final String HIDDEN = "***";

    private static final Pattern DIGIT_RUN = Pattern.compile("(?<![0-9])[0-9]{13,19}(?![0-9])");

    /** How many secret values (tokens, keys) one routine remembers; older ones are long expired. */
    private static final int REMEMBERED = 64;

    private final Map<String, Redaction.Mask> fieldRules;
    private final Set<String> secretHeaders;
    private final Pattern fieldsInText;
    /** Secret values seen at run time (access tokens, session ids, keys): hidden wherever they appear. */
    private final java.util.Deque<String> remembered = new java.util.concurrent.ConcurrentLinkedDeque<>();
    /** Credentials of the configured adapters (keys, client secrets): hidden for the life of the process. */
    private final Set<String> credentials = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * @param fieldRules    field name or {@code parent.field}, lower case, to its mask
     * @param secretHeaders header names (any case) whose values are never shown
     */
    TreeWalkingRedaction(Map<String, Redaction.Mask> fieldRules, Set<String> secretHeaders) {
        this.fieldRules = Map.copyOf(fieldRules);
        this.secretHeaders = secretHeaders.stream().map(h -> h.toLowerCase(Locale.ROOT))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
        // For text that is not (or no longer) JSON, e.g. a cut-off echo: "security_code":"123".
        String names = fieldRules.keySet().stream()
                .map(k -> Pattern.quote(k.substring(k.lastIndexOf('.') + 1)))
                .distinct().collect(java.util.stream.Collectors.joining("|"));
        this.fieldsInText = names.isEmpty() ? null : Pattern.compile(
                "(\"(?:" + names + ")\"\\s*:\\s*)(\"[^\"]*\"?|[0-9]+)", Pattern.CASE_INSENSITIVE);
    }

    /**
     * A configured credential (an API key, a client secret): from now on it is hidden wherever it
     * appears, also inside provider messages that quote it, for the life of the process.
     */
    public void rememberCredential(String credential) {
        if (credential != null && credential.length() >= 6) {
            credentials.add(credential);
        }
    }

    /**
     * A secret met at run time (an access token, a session id): hidden wherever it appears; the
     * oldest are forgotten once there are many, long after they expired.
     */
    public void remember(String secret) {
        if (secret == null || secret.length() < 6 || remembered.contains(secret)) {
            return;
        }
        remembered.addFirst(secret);
        while (remembered.size() > REMEMBERED) {
            remembered.pollLast();
        }
    }

    /**
     * Free text (a message, a URL, a body that is not JSON) made safe: remembered secrets and the
     * values of secret fields hidden, card numbers masked, NUL characters (which PostgreSQL text
     * cannot hold) written as the six characters backslash-u-0000.
     */
    public String text(String text) {
        if (text == null) {
            return null;
        }
        String out = hideRemembered(text);
        if (fieldsInText != null) {
            out = fieldsInText.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "\"" + HIDDEN + "\""));
        }
        return scrubText(out).replace("\0", "\\u0000");
    }

    private String hideRemembered(String text) {
        String out = text;
        for (String credential : credentials) {
            out = out.replace(credential, HIDDEN);
        }
        for (String secret : remembered) {
            out = out.replace(secret, HIDDEN);
        }
        return out;
    }

    /** A JSON body with every secret field masked; a body that is not JSON is scrubbed as text. */
    public String body(String body) {
        if (body == null || body.isEmpty()) {
            return body;
        }
        try {
            JsonNode tree = CobroJson.mapper().readTree(body);
            if (tree == null || !(tree.isContainerNode())) {
                return text(body);
            }
            walk(tree, null);
            // Jackson writes a NUL inside a string as an escape, so JSON needs no more than this.
            return hideRemembered(CobroJson.mapper().writeValueAsString(tree));
        } catch (Exception notJson) {
            return text(body);
        }
    }

    /** The value to show for a header: hidden when the header is a secret. */
    public String header(String name, String value) {
        return name != null && secretHeaders.contains(name.toLowerCase(Locale.ROOT)) ? HIDDEN : text(value);
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
                Redaction.Mask mask = fieldRules.get(name);
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

    static String mask(String value, Redaction.Mask mask) {
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
