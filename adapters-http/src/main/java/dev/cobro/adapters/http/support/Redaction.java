package dev.cobro.adapters.http.support;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import dev.cobro.domain.authorization.CardSecret;

import java.io.IOException;
import java.util.HashMap;
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
 * <p>
 * A JSON body is redacted in one streaming pass (parsing it into a tree, walking the tree
 * and writing it again cost a sixth of a call's allocation): each token is copied from a parser to a
 * generator, secret values replaced on the way. A request body Cobro sends is serialized once
 * ({@link #serialize}) and both the bytes to send and the redacted copy are written from that one
 * serialization. What comes out is exactly what the tree walk gave: numbers as Jackson's tree
 * writes them, nulls kept, a duplicated field written once with its last value where it first
 * appeared (such a body is read as a tree, the one case that still builds one).
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

    /** How many secret values (tokens, keys) one routine remembers; older ones are long expired. */
    private static final int REMEMBERED = 64;

    private final Map<String, Mask> fieldRules;
    /**
     * The {@code parent.field} rules by parent, then field ({@code token} to {@code id} for
     * {@code token.id}), split at each dot: a copy finds a parent's rules once, as it enters the
     * parent's value, and then each field inside by its own name.
     */
    private final Map<String, Map<String, Mask>> rulesByParent;
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
    public Redaction(Map<String, Mask> fieldRules, Set<String> secretHeaders) {
        this.fieldRules = Map.copyOf(fieldRules);
        Map<String, Map<String, Mask>> byParent = new HashMap<>();
        fieldRules.forEach((rule, mask) -> {
            for (int dot = rule.indexOf('.'); dot >= 0; dot = rule.indexOf('.', dot + 1)) {
                byParent.computeIfAbsent(rule.substring(0, dot), parent -> new HashMap<>())
                        .put(rule.substring(dot + 1), mask);
            }
        });
        this.rulesByParent = byParent.entrySet().stream().collect(java.util.stream.Collectors.toUnmodifiableMap(
                Map.Entry::getKey, e -> Map.copyOf(e.getValue())));
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
        ObjectMapper json = CobroJson.mapper();
        try (JsonParser in = json.createParser(body)) {
            // A duplicated field stops the pass: the tree below keeps it once, as this routine always has.
            in.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            JsonToken first = in.nextToken();
            if (first != JsonToken.START_OBJECT && first != JsonToken.START_ARRAY) {
                return text(body);
            }
            return redactedCopy(in);
        } catch (Exception notJsonOrDuplicated) {
            return bodyWithDuplicates(body);
        }
    }

    /** An answer's body read as {@code T} and its redacted copy ({@link #body}), from one parse of the text. */
    public record Read<T>(T value, String redacted) {

        /** Never the value: it may hold what the body's secrets are. */
        @Override
        public String toString() {
            return "Read[" + redacted + "]";
        }
    }

    /**
     * {@code body} read by {@code reader} (null when it is blank or does not read as {@code T}) and
     * {@link #body}'s redacted copy, parsed once: an answer was parsed twice, once to redact it and once
     * to read it, and the parse was the larger part of each. The JSON value is parsed into a token buffer
     * that keeps every decimal exactly (as a BigDecimal, as the reader would read it from the text), and
     * both are read from it; a body that is not one object or array, or repeats a field, is read from
     * its text, each as before.
     */
    public <T> Read<T> read(String body, ObjectReader reader) {
        if (body == null || body.isEmpty()) {
            return new Read<>(null, body);
        }
        TokenBuffer tokens = null;
        String redacted;
        try (JsonParser in = CobroJson.mapper().createParser(body)) {
            in.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            JsonToken first = in.nextToken();
            if (first == JsonToken.START_OBJECT || first == JsonToken.START_ARRAY) {
                TokenBuffer copy = new TokenBuffer(in).forceUseOfBigDecimal(true);
                copy.copyCurrentStructure(in);
                try (JsonParser replay = copy.asParser()) {
                    replay.nextToken();
                    redacted = redactedCopy(replay);
                }
                tokens = copy;
            } else {
                redacted = text(body);
            }
        } catch (Exception notJsonOrDuplicated) {
            redacted = bodyWithDuplicates(body);
        }
        return new Read<>(typed(body, tokens, reader), redacted);
    }

    private static <T> T typed(String body, TokenBuffer tokens, ObjectReader reader) {
        if (body.isBlank()) {
            return null;
        }
        try {
            return tokens != null ? reader.readValue(tokens.asParser()) : reader.readValue(body);
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
    }

    /** The rare JSON body with a duplicated field, redacted from its tree; anything else that is not JSON as text. */
    private String bodyWithDuplicates(String body) {
        try {
            JsonNode tree = CobroJson.mapper().readTree(body);
            if (tree == null || !tree.isContainerNode()) {
                return text(body);
            }
            try (JsonParser in = tree.traverse(CobroJson.mapper())) {
                in.nextToken();
                return redactedCopy(in);
            }
        } catch (Exception notJson) {
            return text(body);
        }
    }

    /** A request body and its redacted copy, both written from one serialization. */
    public record Serialized(String body, String redacted) {

        /** Never the body: it may hold card data. */
        @Override
        public String toString() {
            return "Serialized[" + redacted + "]";
        }
    }

    /**
     * Serializes {@code request} once, with {@link CobroJson}'s setup, into the text to send and its
     * redacted copy: exactly {@code writeValueAsString(request)} and {@code body(thatText)}, without
     * reading the text back. A Jackson failure's message may quote a value: callers do not repeat it.
     */
    public Serialized serialize(Object request) throws JsonProcessingException {
        ObjectMapper json = CobroJson.mapper();
        TokenBuffer tokens = new TokenBuffer(json, false);
        try {
            json.writeValue(tokens, request);
            String body = json.writeValueAsString(tokens);
            try (JsonParser in = tokens.asParser()) {
                JsonToken first = in.nextToken();
                boolean container = first == JsonToken.START_OBJECT || first == JsonToken.START_ARRAY;
                return new Serialized(body, container ? redactedCopy(in) : body(body));
            }
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            // A TokenBuffer does no I/O; Jackson declares it all the same.
            throw new IllegalStateException("a request could not be serialized", e);
        }
    }

    /** The value {@code in} stands on (an object or an array), written redacted with CobroJson's generator setup. */
    private String redactedCopy(JsonParser in) throws IOException {
        return hideRemembered(CobroJson.mapper().writeValueAsString(new RedactedCopy(in)));
    }

    /** Lets the mapper's own writer (and its buffers) write the copy, so it is written as the tree was. */
    private final class RedactedCopy extends JsonSerializable.Base {

        private final JsonParser in;

        RedactedCopy(JsonParser in) {
            this.in = in;
        }

        @Override
        public void serialize(JsonGenerator out, SerializerProvider provider) throws IOException {
            copyValue(in.currentToken(), out, null);
        }

        @Override
        public void serializeWithType(JsonGenerator out, SerializerProvider provider,
                                      com.fasterxml.jackson.databind.jsontype.TypeSerializer typeSer)
                throws IOException {
            serialize(out, provider);
        }

        /**
         * The value whose first token is {@code token}; {@code inParent}: the {@code parent.field} rules of the
         * object field holding it (null when it has none), which apply to the fields of an object within.
         */
        private void copyValue(JsonToken token, JsonGenerator out, Map<String, Mask> inParent) throws IOException {
            if (token == JsonToken.START_OBJECT) {
                copyObject(out, inParent);
            } else if (token == JsonToken.START_ARRAY) {
                copyArray(out, inParent);
            } else if (token == JsonToken.VALUE_STRING) {
                out.writeString(scrubText(in.getText()));
            } else {
                copyScalar(token, out);
            }
        }

        /**
         * Fields: a secret by its rule, text scrubbed of card numbers, the rest copied (objects within by their
         * name). The rules of a field's parent come down with it, looked up once per object that has any,
         * not once per field of every object.
         */
        private void copyObject(JsonGenerator out, Map<String, Mask> inParent) throws IOException {
            out.writeStartObject();
            for (JsonToken t = in.nextToken(); t == JsonToken.FIELD_NAME; t = in.nextToken()) {
                String original = in.currentName();
                String name = lowerCase(original);
                Mask mask = fieldRules.get(name);
                if (mask == null && inParent != null) {
                    mask = inParent.get(name);
                }
                out.writeFieldName(original);
                JsonToken value = in.nextToken();
                if (value == JsonToken.VALUE_NULL) {
                    out.writeNull();
                } else if (mask != null && value.isScalarValue()) {
                    out.writeString(mask(scalarText(value), mask));
                } else if (mask != null) {
                    in.skipChildren();
                    out.writeString(HIDDEN);
                } else {
                    copyValue(value, out, value.isStructStart() ? rulesByParent.get(name) : null);
                }
            }
            out.writeEndObject();
        }

        /** Arrays are transparent: an object within one answers to the rules of the array's field. */
        private void copyArray(JsonGenerator out, Map<String, Mask> inParent) throws IOException {
            out.writeStartArray();
            for (JsonToken t = in.nextToken(); t != JsonToken.END_ARRAY; t = in.nextToken()) {
                copyValue(t, out, inParent);
            }
            out.writeEndArray();
        }

        /** A number as Jackson's tree keeps it (int, long, big integer; a decimal exactly), a boolean. */
        private void copyScalar(JsonToken token, JsonGenerator out) throws IOException {
            switch (token) {
                case VALUE_NUMBER_INT -> {
                    switch (in.getNumberType()) {
                        case INT -> out.writeNumber(in.getIntValue());
                        case LONG -> out.writeNumber(in.getLongValue());
                        default -> out.writeNumber(in.getBigIntegerValue());
                    }
                }
                case VALUE_NUMBER_FLOAT -> out.writeNumber(in.getDecimalValue());
                case VALUE_TRUE, VALUE_FALSE -> out.writeBoolean(token == JsonToken.VALUE_TRUE);
                case VALUE_NULL -> out.writeNull();
                default -> out.copyCurrentEvent(in);
            }
        }

        /** What the tree's {@code asText()} gave for a scalar: the masks apply to it. */
        private String scalarText(JsonToken token) throws IOException {
            return switch (token) {
                case VALUE_NUMBER_INT -> in.getNumberValue().toString();
                case VALUE_NUMBER_FLOAT -> in.getDecimalValue().toString();
                default -> in.getText();
            };
        }
    }

    /**
     * A field's name in lower case, as the rules are keyed. Each body has a few dozen, the same ones call
     * after call, and Pay-me's are camel case: lowering one allocated a string per field of every body.
     * The names met are kept, up to {@link #KEPT_NAMES} (a body's own keys, such as a map's, may be many).
     */
    private static String lowerCase(String name) {
        String lower = LOWER_CASE.get(name);
        if (lower == null) {
            lower = name.toLowerCase(Locale.ROOT);
            if (LOWER_CASE.size() < KEPT_NAMES && name.length() <= 64) {
                LOWER_CASE.putIfAbsent(name, lower);
            }
        }
        return lower;
    }

    private static final int KEPT_NAMES = 512;
    private static final Map<String, String> LOWER_CASE = new java.util.concurrent.ConcurrentHashMap<>();

    /** The value to show for a header: hidden when the header is a secret. */
    public String header(String name, String value) {
        return name != null && secretHeaders.contains(name.toLowerCase(Locale.ROOT)) ? HIDDEN : text(value);
    }

    public boolean isSecretHeader(String name) {
        return name != null && secretHeaders.contains(name.toLowerCase(Locale.ROOT));
    }

    /**
     * Masks anything in free text that looks like a card number: a run of 13 to 19 ASCII digits, no
     * digit before or after it, that passes Luhn. One pass over the text, no regular expression (a
     * profile found the matcher's look-arounds on every provider string holding a timestamp).
     */
    public static String scrubText(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = null;
        int copied = 0;
        int length = text.length();
        int i = 0;
        while (i < length) {
            if (!isAsciiDigit(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < length && isAsciiDigit(text.charAt(i))) {
                i++;
            }
            int run = i - start;
            if (run >= 13 && run <= 19) {
                String digits = text.substring(start, i);
                if (CardSecret.passesLuhn(digits)) {
                    if (out == null) {
                        out = new StringBuilder(length);
                    }
                    out.append(text, copied, start).append(CardSecret.maskPan(digits));
                    copied = i;
                }
            }
        }
        return out == null ? text : out.append(text, copied, length).toString();
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
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
