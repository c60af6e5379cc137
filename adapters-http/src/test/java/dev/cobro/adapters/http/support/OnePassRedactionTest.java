package dev.cobro.adapters.http.support;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one-pass redaction records exactly what the tree walk it replaces recorded
 * ({@link TreeWalkingRedaction}, the old routine kept as the oracle): on every seed body, request and
 * answer, with Pay-me's and 88Pay's rules, and on the shapes a provider may send that the seeds lack.
 */
class OnePassRedactionTest {

    /** Pay-me's rules (PaymeCardAuthorizationAdapter.REDACTION). */
    private static final Map<String, Redaction.Mask> PAYME = Map.of(
            "pan", Redaction.Mask.PAN,
            "security_code", Redaction.Mask.FULL,
            "token.id", Redaction.Mask.LAST4,
            "client_secret", Redaction.Mask.FULL,
            "access_token", Redaction.Mask.FULL,
            "refresh_token", Redaction.Mask.FULL,
            "id_token", Redaction.Mask.FULL);

    /** 88Pay's rules (EightyEightPayCheckoutAdapter.REDACTION). */
    private static final Map<String, Redaction.Mask> EIGHTY_EIGHT_PAY = Map.of(
            "access_token", Redaction.Mask.FULL, "session_id", Redaction.Mask.FULL,
            "transaction_id", Redaction.Mask.FULL, "transactionid", Redaction.Mask.FULL);

    private static final List<String> SEEDS = List.of(
            "payme/seed-example-1-channel-3-token.json",
            "payme/seed-example-2-channel-1-token-and-cvv.json",
            "payme/seed-example-3-channel-1-card.json",
            "payme/seed-authorize-response.json",
            "payme/reverse-failed-response.json",
            "eightyeightpay/charge-request-seed.json",
            "eightyeightpay/charge-response-seed.json",
            "eightyeightpay/notification-camel-case.json",
            "eightyeightpay/notification-snake-case.json");

    /** What the seeds do not show: numbers of every kind, nulls, secrets in odd places, duplicates, broken JSON. */
    private static final List<String> SHAPES = List.of(
            "{\"amount\":100.00,\"small\":0.50,\"exp\":1.5e3,\"neg\":-0.0,\"int\":7,\"long\":12345678901,"
                    + "\"big\":123456789012345678901234567890,\"negzero\":-0,\"t\":true,\"f\":false,\"n\":null}",
            "{\"PAN\":\"4111111111111111\",\"Security_Code\":123,\"pan\":4111111111111111,\"security_code\":null}",
            "{\"security_code\":{\"nested\":\"123\"},\"pan\":[\"4111111111111111\"],\"token\":{\"id\":12345678}}",
            "{\"token\":[{\"id\":\"822a-748e-3z9h-0051\",\"security_code\":\"123\"}],\"id\":\"500114\"}",
            "{\"token\":[[{\"id\":\"822a-748e-3z9h-0051\"}]],\"other\":{\"id\":\"abcdefgh\"},\"token.id\":\"x1234567\"}",
            // A parent.field rule holds one level down only: token.card.id and token.id's own children are not its.
            "{\"token\":{\"card\":{\"id\":\"abcdefgh12\"},\"id\":{\"id\":\"ijklmnop34\"}},\"TOKEN\":{\"Id\":\"qrstuvwx56\"}}",
            "{\"message\":\"card 4111111111111111 and 4111111111111112 and 5555555555554444x\",\"list\":"
                    + "[\"4111 1111 1111 1111\",\"4111111111111111\",4111111111111111,null,true,[\"5555555555554444\"]]}",
            "[{\"pan\":\"4111111111111111\"},\"4111111111111111\",3,1.0]",
            "{\"access_token\":\"eyJabc\",\"session_id\":\"sess_1\",\"data\":{\"transaction_id\":\"sess_2\","
                    + "\"transactionId\":\"sess_3\"}}",
            "{\"dup\":1,\"pan\":\"4111111111111111\",\"dup\":{\"pan\":\"5555555555554444\"},\"x\":[1,2]}",
            "{\"a\":{\"b\":1,\"b\":2},\"token\":{\"id\":\"1\",\"id\":\"822a-748e-3z9h-0051\"}}",
            "{\"text\":\"caf\\u00e9 \\/ \\\"quoted\\\" \\u0000 nul \\t tab \\ud83d\\ude00\",\"n\":1E+2}",
            "{\"a\":1} trailing words",
            "{\"a\":1}{\"b\":2}",
            "{\"card\":[{\"pan\":\"4111111111111111\",\"security_code\":\"123\",\"expiry",
            "<html>gateway 4111111111111111</html>",
            "\"just a string 4111111111111111\"",
            "12345",
            "null",
            "   ",
            "{}",
            "[]",
            "{\"empty\":{},\"none\":[],\"token\":{}}");

    static Stream<String> bodies() {
        return Stream.concat(SEEDS.stream().flatMap(name -> {
            String seed = resource(name);
            return Stream.of(seed, compact(seed));
        }), SHAPES.stream());
    }

    @ParameterizedTest
    @MethodSource("bodies")
    void aBodyIsRedactedExactlyAsTheTreeWalkDidWithPaymesRules(String body) {
        assertSameRedaction(PAYME, Set.of("Authorization"), body);
    }

    @ParameterizedTest
    @MethodSource("bodies")
    void aBodyIsRedactedExactlyAsTheTreeWalkDidWith88PaysRules(String body) {
        assertSameRedaction(EIGHTY_EIGHT_PAY, Set.of("x-api-key", "Authorization", "x-session-id"), body);
    }

    @ParameterizedTest
    @MethodSource("bodies")
    void anAnswerReadOnceGivesTheValueItsTextReadsAsAndTheSameRedactedCopy(String body) {
        Redaction redaction = new Redaction(PAYME, Set.of());
        ObjectReader tree = CobroJson.mapper().readerFor(JsonNode.class);

        Redaction.Read<JsonNode> read = redaction.read(body, tree);

        assertThat(read.redacted()).isEqualTo(redaction.body(body));
        // A tree keeps each decimal as the BigDecimal of its text, scale included: equal trees, equal decimals.
        assertThat(read.value()).isEqualTo(readFromText(tree, body));
        assertThat(read.toString()).as("shows only the redacted copy").isEqualTo("Read[" + read.redacted() + "]");
    }

    /** A typed answer's decimals are read exactly, as from the text: never through a double. */
    record Amounts(BigDecimal amount, BigDecimal small, BigDecimal big, String text) {
    }

    @Test
    void anAnswerReadOnceKeepsEveryDecimalExactly() {
        String body = "{\"amount\":100.10,\"small\":0.00001,\"big\":12345678901234567890.12345678901,"
                + "\"text\":\"4111111111111111\"}";

        Redaction.Read<Amounts> read = new Redaction(PAYME, Set.of())
                .read(body, CobroJson.mapper().readerFor(Amounts.class));

        assertThat(read.value()).isEqualTo(new Amounts(new BigDecimal("100.10"), new BigDecimal("0.00001"),
                new BigDecimal("12345678901234567890.12345678901"), "4111111111111111"));
        assertThat(read.redacted()).contains("100.10").doesNotContain("4111111111111111");
    }

    private static JsonNode readFromText(ObjectReader reader, String body) {
        if (body.isBlank()) {
            return null;
        }
        try {
            return reader.readValue(body);
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
    }

    @Test
    void rememberedSecretsAndCredentialsAreHiddenInTheOnePassCopyToo() {
        Redaction redaction = new Redaction(EIGHTY_EIGHT_PAY, Set.of());
        TreeWalkingRedaction old = new TreeWalkingRedaction(EIGHTY_EIGHT_PAY, Set.of());
        for (String secret : List.of("eyJremembered.token", "sess_remembered")) {
            redaction.remember(secret);
            old.remember(secret);
        }
        redaction.rememberCredential("sk_test_credential");
        old.rememberCredential("sk_test_credential");
        String body = "{\"message\":\"Invalid token eyJremembered.token for sess_remembered\","
                + "\"echo\":{\"key\":\"sk_test_credential\"}}";

        assertThat(redaction.body(body)).isEqualTo(old.body(body))
                .doesNotContain("eyJremembered.token", "sess_remembered", "sk_test_credential");
    }

    /** The seed's Pay-me request shape as a DTO: card data, a decimal, a map in its own order, a null not sent. */
    @JsonPropertyOrder({"action", "payment_method", "amount", "fields", "absent"})
    record Request(String action, @JsonProperty("payment_method") Map<String, Object> paymentMethod, BigDecimal amount,
                   Map<String, String> fields, String absent) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"100.00", "0.50", "1500", "1E+3", "12345678901234567890.12345"})
    void aRequestSerializedOnceGivesTheSameBytesAndTheSameRedactedTextAsSerializingThenRedacting(String amount)
            throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("reserved1", "Ejemplo valor reservado 1");
        fields.put("2", "card 4111111111111111 in a free field");
        fields.put("PAN", "5555555555554444");
        Request request = new Request("authorize", Map.of(
                "card", List.of(Map.of("pan", "4859510000000051", "expiry_date", "1220", "security_code", "365")),
                "token", List.of(Map.of("id", "822a-748e-3z9h-0051", "security_code", "123"))),
                new BigDecimal(amount), fields, null);
        Redaction redaction = new Redaction(PAYME, Set.of());

        Redaction.Serialized serialized = redaction.serialize(request);

        String once = CobroJson.mapper().writeValueAsString(request);
        assertThat(serialized.body()).isEqualTo(once);
        assertThat(serialized.redacted()).isEqualTo(new TreeWalkingRedaction(PAYME, Set.of()).body(once))
                .doesNotContain("4859510000000051", "\"365\"", "822a-748e", "4111111111111111", "5555555555554444");
        assertThat(serialized.toString()).doesNotContain("4859510000000051");
    }

    @Test
    void eachSeedRequestSerializedFromItsTreeGivesTheSameBytesAndRedactedText() throws IOException {
        for (String name : SEEDS) {
            JsonNode tree = CobroJson.mapper().readTree(resource(name));
            Redaction.Serialized serialized = new Redaction(PAYME, Set.of()).serialize(tree);

            String once = CobroJson.mapper().writeValueAsString(tree);
            assertThat(serialized.body()).as(name).isEqualTo(once);
            assertThat(serialized.redacted()).as(name).isEqualTo(new TreeWalkingRedaction(PAYME, Set.of()).body(once));
        }
    }

    private static void assertSameRedaction(Map<String, Redaction.Mask> rules, Set<String> headers, String body) {
        String expected = new TreeWalkingRedaction(rules, headers).body(body);

        assertThat(new Redaction(rules, headers).body(body)).isEqualTo(expected);
    }

    private static String compact(String json) {
        try {
            return CobroJson.mapper().readTree(json).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = OnePassRedactionTest.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
