package dev.cobro.adapters.http.support;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The one redaction routine: what reaches an attempt row or a log line passes through it. */
class RedactionTest {

    private final Redaction redaction = new Redaction(Map.of(
            "pan", Redaction.Mask.PAN,
            "security_code", Redaction.Mask.FULL,
            "token.id", Redaction.Mask.LAST4,
            "access_token", Redaction.Mask.FULL), Set.of("Authorization", "x-api-key"));

    @Test
    void secretFieldsOfAJsonBodyAreMaskedByTheirRuleAndTheRestKept() {
        String body = "{\"payment_method\":{\"card\":[{\"pan\":\"4111111111111111\",\"security_code\":\"123\"}],"
                + "\"token\":[{\"id\":\"822a-748e-3z9h-0051\"}]},\"id\":\"500114\",\"amount\":100.00}";

        String redacted = redaction.body(body);

        assertThat(redacted).contains("\"pan\":\"411111******1111\"", "\"security_code\":\"***\"",
                "\"id\":\"****0051\"", "\"id\":\"500114\"", "\"amount\":100.00")
                .doesNotContain("4111111111111111", "\"123\"", "822a-748e");
    }

    @Test
    void aBodyThatIsNotJsonLosesItsCardNumbersAndSecretFieldValuesAll() {
        String cutOff = "{\"card\":[{\"pan\":\"4111111111111111\",\"security_code\":\"123\",\"expiry";

        assertThat(redaction.body(cutOff)).doesNotContain("4111111111111111").doesNotContain("\"123\"")
                .contains("\"security_code\":\"***\"");
    }

    @Test
    void aTokenMetAtRunTimeIsHiddenWhereverItIsQuoted() {
        redaction.remember("eyJhbGciOiJFQ0RILU-token-1");

        assertThat(redaction.text("Invalid token eyJhbGciOiJFQ0RILU-token-1 for this method"))
                .isEqualTo("Invalid token *** for this method");
    }

    @Test
    void aCredentialStaysHiddenAfterManyTokensHaveComeAndGone() {
        redaction.rememberCredential("sk_test_the_merchant_key");
        for (int i = 0; i < 200; i++) {
            redaction.remember("short-lived-token-" + i);
        }

        assertThat(redaction.text("key sk_test_the_merchant_key refused")).isEqualTo("key *** refused");
        assertThat(redaction.text("old short-lived-token-0")).isEqualTo("old short-lived-token-0");
    }

    @Test
    void aNulCharacterIsWrittenAsAnEscapeThatPostgresqlCanStore() {
        assertThat(redaction.text("garbage" + (char) 0 + "more")).isEqualTo("garbage\\u0000more");
    }

    @Test
    void secretHeadersAreHiddenAndOthersShown() {
        assertThat(redaction.header("authorization", "Bearer abc123456")).isEqualTo(Redaction.HIDDEN);
        assertThat(redaction.header("Content-Type", "application/json")).isEqualTo("application/json");
    }
}
