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

    @Test
    void theSigningKeyRingAndThePreviousApiKeysAreReadPerAccountAndNeverShown() {
        String one = java.util.Base64.getEncoder().encodeToString("ring-key-one-0123456789".getBytes());
        String two = java.util.Base64.getEncoder().encodeToString("ring-key-two-0123456789".getBytes());
        java.util.Map<String, String> env = new java.util.HashMap<>();
        env.put("COBRO_88PAY_BASE_URL", "https://api-sandbox.88pay.io");
        env.put("COBRO_88PAY_API_KEY", KEY);
        env.put("COBRO_88PAY_MERCHANT_ID", "MCH-COL-TEST-29ZTP4");
        env.put("COBRO_88PAY_PREVIOUS_API_KEYS", "sk_previous_one, sk_previous_two");
        env.put("COBRO_88PAY_MEX_BASE_URL", "https://api-sandbox.88pay.io");
        env.put("COBRO_88PAY_MEX_API_KEY", "sk_mex_now");
        env.put("COBRO_88PAY_MEX_MERCHANT_ID", "MCH-MEX-1");
        env.put("COBRO_88PAY_MEX_PREVIOUS_API_KEYS", "sk_mex_before");
        env.put("COBRO_NOTIFICATION_SIGNING_KEYS", "new:" + two + ",old:" + one);

        CobroConfiguration config = CobroConfiguration.fromEnvironment(env);

        assertThat(config.eightyEightPay().previousApiKeys()).containsExactly("sk_previous_one", "sk_previous_two");
        assertThat(config.eightyEightPayAccounts().get("mex").settings().previousApiKeys())
                .containsExactly("sk_mex_before");
        assertThat(config.notificationSigningKeys()).extracting(k -> k.id()).containsExactly("new", "old");
        assertThat(config.toString() + config.eightyEightPay() + config.eightyEightPayAccounts())
                .doesNotContain(one).doesNotContain(two).doesNotContain("sk_previous_one")
                .doesNotContain("sk_mex_before");
    }

    @Test
    void aBadSigningKeyRingAndAnEcWebhookSecretAreReportedWithoutEchoingThem() throws Exception {
        String ec = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256).generate()
                .toJSONString();
        assertThatThrownBy(() -> CobroConfiguration.fromEnvironment(Map.of(
                "COBRO_88PAY_BASE_URL", "https://api-sandbox.88pay.io",
                "COBRO_88PAY_API_KEY", KEY,
                "COBRO_88PAY_MERCHANT_ID", "MCH-COL-TEST-29ZTP4",
                "COBRO_88PAY_WEBHOOK_SECRET", ec,
                "COBRO_NOTIFICATION_SIGNING_KEYS", "k1:c2hvcnQta2V5,not-a-pair")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> {
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("webhook_secret")
                                    .contains("ECDH-ES"))
                            .anySatisfy(p -> assertThat(p).startsWith("COBRO_NOTIFICATION_SIGNING_KEYS: key 1"));
                    assertThat(e.getMessage()).doesNotContain("c2hvcnQta2V5").doesNotContain("not-a-pair")
                            .doesNotContain(ec.substring(ec.indexOf("\"d\"")));
                });
    }

    @Test
    void moreAccountsComeFromVariablesNamedByTheAccountBesideTheDefaultOne() {
        java.util.Map<String, String> env = new java.util.HashMap<>();
        env.put("COBRO_88PAY_BASE_URL", "https://api-sandbox.88pay.io");
        env.put("COBRO_88PAY_API_KEY", "sk_default_secret");
        env.put("COBRO_88PAY_MERCHANT_ID", "MCH-DEF-1");
        env.put("COBRO_88PAY_COL_BASE_URL", "https://api-sandbox.88pay.io");
        env.put("COBRO_88PAY_COL_API_KEY", "sk_col_secret");
        env.put("COBRO_88PAY_COL_MERCHANT_ID", "MCH-COL-1");
        env.put("COBRO_88PAY_COL_COUNTRIES", "col, ecu");
        env.put("COBRO_88PAY_MEX_2_BASE_URL", "https://api-sandbox.88pay.io");
        env.put("COBRO_88PAY_MEX_2_API_KEY", "sk_mex_secret");
        env.put("COBRO_88PAY_MEX_2_MERCHANT_ID", "MCH-MEX-1");
        env.put("COBRO_88PAY_MEX_2_READ_TIMEOUT_MS", "7000");
        env.put("COBRO_PAYME_PE_AUTH_URL", "https://auth.example");
        env.put("COBRO_PAYME_PE_API_URL", "https://api.example");
        env.put("COBRO_PAYME_PE_CLIENT_ID", "client-pe");
        env.put("COBRO_PAYME_PE_CLIENT_SECRET", "secret-pe");

        CobroConfiguration config = CobroConfiguration.fromEnvironment(env);

        assertThat(config.eightyEightPay().merchantId()).isEqualTo("MCH-DEF-1");
        assertThat(config.eightyEightPayAccounts()).containsOnlyKeys("col", "mex_2");
        assertThat(config.eightyEightPayAccounts().get("col").settings().merchantId()).isEqualTo("MCH-COL-1");
        assertThat(config.eightyEightPayAccounts().get("col").countries()).containsExactly("COL", "ECU");
        assertThat(config.eightyEightPayAccounts().get("mex_2").settings().timeouts().read())
                .isEqualTo(java.time.Duration.ofMillis(7000));
        assertThat(config.eightyEightPayAccounts().get("mex_2").countries()).isEmpty();
        assertThat(config.payme()).isNull();
        assertThat(config.paymeAccounts()).containsOnlyKeys("pe");
        assertThat(config.hasPayme()).isTrue();
        assertThat(config.toString()).contains("col", "mex_2", "pe").doesNotContain("secret");
    }

    @Test
    void mercadoPagoAccountsComeFromTheirVariablesWithProductionAsTheDefaultBaseUrl() {
        java.util.Map<String, String> env = new java.util.HashMap<>();
        env.put("COBRO_MERCADOPAGO_ACCESS_TOKEN", "APP_USR-default-secret-token");
        env.put("COBRO_MERCADOPAGO_WEBHOOK_SECRET", "mp-default-webhook-secret");
        env.put("COBRO_MERCADOPAGO_COUNTRIES", "mex");
        env.put("COBRO_MERCADOPAGO_CHL_BASE_URL", "https://mp.example");
        env.put("COBRO_MERCADOPAGO_CHL_ACCESS_TOKEN", "APP_USR-chl-secret-token");
        env.put("COBRO_MERCADOPAGO_CHL_COUNTRIES", "CHL");
        env.put("COBRO_MERCADOPAGO_CHL_READ_TIMEOUT_MS", "9000");
        env.put("COBRO_MERCADOPAGO_CHL_SUCCESS_URL", "https://shop.example/paid");

        CobroConfiguration config = CobroConfiguration.fromEnvironment(env);

        assertThat(config.hasMercadoPago()).isTrue();
        assertThat(config.mercadoPagoAccounts()).containsOnlyKeys("default", "chl");
        CobroConfiguration.MercadoPagoAccount byDefault = config.mercadoPagoAccounts().get("default");
        assertThat(byDefault.settings().baseUrl()).isEqualTo("https://api.mercadopago.com");
        assertThat(byDefault.settings().webhookSecret()).isEqualTo("mp-default-webhook-secret");
        assertThat(byDefault.countries()).containsExactly("MEX");
        CobroConfiguration.MercadoPagoAccount chl = config.mercadoPagoAccounts().get("chl");
        assertThat(chl.settings().baseUrl()).isEqualTo("https://mp.example");
        assertThat(chl.settings().timeouts().read()).isEqualTo(java.time.Duration.ofMillis(9000));
        assertThat(chl.settings().successUrl()).isEqualTo("https://shop.example/paid");
        assertThat(chl.countries()).containsExactly("CHL");
        assertThat(config.toString() + byDefault + chl).contains("chl").doesNotContain("secret");
        assertThatThrownBy(() -> CobroConfiguration.fromEnvironment(Map.of(
                "COBRO_MERCADOPAGO_CHL_WEBHOOK_SECRET", "mp-half-secret")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("COBRO_MERCADOPAGO_CHL_ACCESS_TOKEN is required")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("mp-half-secret"));
    }

    @Test
    void aHalfConfiguredAccountAndBadCountriesAreReportedByTheirVariables() {
        assertThatThrownBy(() -> CobroConfiguration.fromEnvironment(Map.of(
                "COBRO_88PAY_COL_API_KEY", "sk_col_secret",
                "COBRO_88PAY_COL_COUNTRIES", "Colombia",
                "COBRO_88PAY_DEFAULT_API_KEY", "sk_other_secret")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("COBRO_88PAY_COL_BASE_URL is required")
                .hasMessageContaining("COBRO_88PAY_COL_MERCHANT_ID is required")
                .hasMessageContaining("COBRO_88PAY_COL_COUNTRIES must list ISO alpha-3")
                .hasMessageContaining("COBRO_88PAY_DEFAULT_API_KEY")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("sk_col_secret", "sk_other_secret"));
    }

    @Test
    void theNotificationBodyLimitAndInsecureHttpAreReadWithTheirDefaults() {
        CobroConfiguration defaults = CobroConfiguration.fromEnvironment(Map.of());
        CobroConfiguration set = CobroConfiguration.fromEnvironment(Map.of(
                "COBRO_MAX_NOTIFICATION_BODY_BYTES", "16384", "COBRO_ALLOW_INSECURE_HTTP", "true"));

        assertThat(defaults.maxNotificationBodyBytes()).isEqualTo(65536);
        assertThat(defaults.allowInsecureHttp()).isFalse();
        assertThat(set.maxNotificationBodyBytes()).isEqualTo(16384);
        assertThat(set.allowInsecureHttp()).isTrue();
        assertThatThrownBy(() -> CobroConfiguration.fromEnvironment(Map.of(
                "COBRO_MAX_NOTIFICATION_BODY_BYTES", "-1", "COBRO_ALLOW_INSECURE_HTTP", "yes")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> assertThat(p).startsWith("COBRO_MAX_NOTIFICATION_BODY_BYTES"))
                        .anySatisfy(p -> assertThat(p).startsWith("COBRO_ALLOW_INSECURE_HTTP")));
    }
}
