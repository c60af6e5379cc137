package dev.cobro.bootstrap.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CobroConfigurationTest {

    private static final String KEY = "sk_live_never_echo_me_123";
    private static final String SECRET = "payme-secret-never-echoed";

    @Test
    void withNothingSetNoProviderIsConfiguredAndTheDatabaseIsTheEmbeddedOneInTheHome() {
        CobroConfiguration config = CobroConfiguration.fromEnvironment(Map.of("COBRO_HOME", "/tmp/cobro-home"));

        assertThat(config.eightyEightPay()).isNull();
        assertThat(config.payme()).isNull();
        assertThat(config.dbUrl()).isNull();
        assertThat(config.home()).isEqualTo(Path.of("/tmp/cobro-home"));
    }

    @Test
    void aFullyConfiguredProviderGetsItsSettingsAndTheDocumentedDefaultTimeouts() {
        CobroConfiguration config = CobroConfiguration.fromEnvironment(Map.of(
                "COBRO_88PAY_BASE_URL", "https://api-sandbox.88pay.io",
                "COBRO_88PAY_API_KEY", KEY,
                "COBRO_88PAY_MERCHANT_ID", "MCH-COL-TEST-29ZTP4",
                "COBRO_PAYME_AUTH_URL", "https://auth.wip.alignet.io",
                "COBRO_PAYME_API_URL", "https://api.dev.alignet.io",
                "COBRO_PAYME_CLIENT_ID", "client-1",
                "COBRO_PAYME_CLIENT_SECRET", SECRET,
                "COBRO_PAYME_READ_TIMEOUT_MS", "30000"));

        assertThat(config.eightyEightPay().merchantId()).isEqualTo("MCH-COL-TEST-29ZTP4");
        assertThat(config.eightyEightPay().timeouts().connect()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.eightyEightPay().timeouts().read()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.payme().timeouts().read()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.payme().audience()).isEqualTo("https://api.dev.alignet.io");
        assertThat(config.toString()).doesNotContain(KEY).doesNotContain(SECRET);
    }

    @Test
    void missingAndMalformedSettingsAreReportedTogetherWithoutEchoingASecret() {
        assertThatThrownBy(() -> CobroConfiguration.fromEnvironment(Map.of(
                "COBRO_DB_URL", "mysql://elsewhere",
                "COBRO_88PAY_API_KEY", KEY,
                "COBRO_88PAY_READ_TIMEOUT_MS", "soon",
                "COBRO_PAYME_CLIENT_SECRET", SECRET,
                "COBRO_PAYME_AUTH_URL", "not a url")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> {
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("COBRO_DB_URL"))
                            .anySatisfy(p -> assertThat(p).isEqualTo("COBRO_88PAY_BASE_URL is required"))
                            .anySatisfy(p -> assertThat(p).isEqualTo("COBRO_88PAY_MERCHANT_ID is required"))
                            .anySatisfy(p -> assertThat(p).startsWith("COBRO_88PAY_READ_TIMEOUT_MS"))
                            .anySatisfy(p -> assertThat(p).startsWith("COBRO_PAYME_AUTH_URL"))
                            .anySatisfy(p -> assertThat(p).isEqualTo("COBRO_PAYME_API_URL is required"))
                            .anySatisfy(p -> assertThat(p).isEqualTo("COBRO_PAYME_CLIENT_ID is required"));
                    assertThat(e.getMessage()).doesNotContain(KEY).doesNotContain(SECRET);
                });
    }

    @Test
    void theWebhookSecretAndTheSigningKeyAreReadAndNeverShown() {
        String webhookSecret = "whsec_never_echoed_0123456789abc";
        String signingKey = "signing-key-never-echoed";
        CobroConfiguration config = CobroConfiguration.fromEnvironment(Map.of(
                "COBRO_88PAY_BASE_URL", "https://api-sandbox.88pay.io",
                "COBRO_88PAY_API_KEY", KEY,
                "COBRO_88PAY_MERCHANT_ID", "MCH-COL-TEST-29ZTP4",
                "COBRO_88PAY_WEBHOOK_SECRET", webhookSecret,
                "COBRO_NOTIFICATION_SIGNING_KEY", signingKey));

        assertThat(config.eightyEightPay().webhookSecret()).isEqualTo(webhookSecret);
        assertThat(new String(config.notificationSigningKey(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(signingKey);
        assertThat(config.toString() + config.eightyEightPay()).doesNotContain(webhookSecret)
                .doesNotContain(signingKey);
    }

    @Test
    void aWebhookSecretThatFitsNoKeyAndAShortSigningKeyAreReportedWithoutEchoingThem() {
        assertThatThrownBy(() -> CobroConfiguration.fromEnvironment(Map.of(
                "COBRO_88PAY_BASE_URL", "https://api-sandbox.88pay.io",
                "COBRO_88PAY_API_KEY", KEY,
                "COBRO_88PAY_MERCHANT_ID", "MCH-COL-TEST-29ZTP4",
                "COBRO_88PAY_WEBHOOK_SECRET", "odd-length-secret",
                "COBRO_NOTIFICATION_SIGNING_KEY", "short-key")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> {
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("webhook_secret"))
                            .anySatisfy(p -> assertThat(p).startsWith("COBRO_NOTIFICATION_SIGNING_KEY"));
                    assertThat(e.getMessage()).doesNotContain("odd-length-secret").doesNotContain("short-key");
                });
    }
}
