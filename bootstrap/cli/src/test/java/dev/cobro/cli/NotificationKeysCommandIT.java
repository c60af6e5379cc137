package dev.cobro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cobro.testkit.ProviderSandbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The environment's key settings as an operator rotates them: {@code COBRO_NOTIFICATION_SIGNING_KEYS}
 * and {@code COBRO_88PAY_PREVIOUS_API_KEYS}. A payment started under a key that the next
 * configuration drops makes {@code cobro health} exit 5 and count it; keeping the key heals it.
 */
class NotificationKeysCommandIT {

    static final String K1 = Base64.getEncoder().encodeToString(
            "cli-signing-key-one-0123456789ab".getBytes(StandardCharsets.UTF_8));
    static final String K2 = Base64.getEncoder().encodeToString(
            "cli-signing-key-two-0123456789ab".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path dir;

    @Test
    void droppingTheSigningKeyOfAnOpenPaymentMakesHealthFiveAndKeepingItInTheRingHealsIt() {
        try (CliEnvironment cli = CliEnvironment.start()) {
            checkout(with(cli, Map.of("COBRO_NOTIFICATION_SIGNING_KEYS", "k1:" + K1)));

            CliResult dropped = Cli.run(with(cli, Map.of("COBRO_NOTIFICATION_SIGNING_KEYS", "k2:" + K2)), "health");
            CliResult kept = Cli.run(with(cli, Map.of("COBRO_NOTIFICATION_SIGNING_KEYS", "k2:" + K2 + ",k1:" + K1)),
                    "health");

            assertThat(dropped.exitCode()).as(dropped.toString()).isEqualTo(ExitCodes.INFRASTRUCTURE);
            JsonNode report = dropped.json();
            assertThat(report.get("healthy").asBoolean()).isFalse();
            assertThat(report.get("payments_without_signing_key").get("open").asLong()).isEqualTo(1);
            assertThat(report.get("payments_without_signing_key").get("oldest_age_s").isNumber()).isTrue();
            assertThat(report.get("problems").get(0).asText()).contains("1 open payment(s)")
                    .contains("key k1").contains("no longer configured");
            assertThat(kept.exitCode()).as(kept.toString()).isZero();
            assertThat(kept.json().get("payments_without_signing_key").get("open").asLong()).isZero();
            assertThat(dropped.out() + dropped.err() + kept.out() + kept.err()).doesNotContain(K1).doesNotContain(K2);
        }
    }

    @Test
    void aRotatedApiKeyKeepsItsPaymentsVerifiableWhileItIsListedAsPrevious() {
        try (CliEnvironment cli = CliEnvironment.start()) {
            checkout(cli.env());
            String previous = ProviderSandbox.DEFAULT_88PAY_API_KEY;

            CliResult rotated = Cli.run(with(cli, Map.of("COBRO_88PAY_API_KEY", "sk_test_rotated_cli_key")), "health");
            CliResult withPrevious = Cli.run(with(cli, Map.of("COBRO_88PAY_API_KEY", "sk_test_rotated_cli_key",
                    "COBRO_88PAY_PREVIOUS_API_KEYS", "sk_test_older_key, " + previous)), "health");

            assertThat(rotated.exitCode()).as(rotated.toString()).isEqualTo(ExitCodes.INFRASTRUCTURE);
            assertThat(rotated.json().get("payments_without_signing_key").get("open").asLong()).isEqualTo(1);
            assertThat(withPrevious.exitCode()).as(withPrevious.toString()).isZero();
            assertThat(rotated.out() + rotated.err() + withPrevious.out() + withPrevious.err())
                    .doesNotContain(previous).doesNotContain("sk_test_rotated_cli_key");
        }
    }

    private static Map<String, String> with(CliEnvironment cli, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(cli.env());
        env.putAll(extra);
        return env;
    }

    private void checkout(Map<String, String> env) {
        var request = Cli.request("checkout-request.json").put("merchant_reference", "keys-" + UUID.randomUUID());
        CliResult result = Cli.run(env, "checkout", "--request-file",
                Cli.write(dir, "checkout-" + UUID.randomUUID() + ".json", request).toString());
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.json().get("status").asText()).isEqualTo("AWAITING_CUSTOMER");
    }
}
