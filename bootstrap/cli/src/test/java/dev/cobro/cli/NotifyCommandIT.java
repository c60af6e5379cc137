package dev.cobro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cobro.bootstrap.config.CobroConfiguration;
import dev.cobro.testkit.ProviderSandbox;
import dev.cobro.testkit.SandboxNotification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class NotifyCommandIT {

    /** The default configuration: 88Pay without its webhook secret (Cobro's signed URL only). */
    static CliEnvironment cli;
    /** 88Pay with the sandbox merchant's webhook secret: the bearer token is required too. */
    static CliEnvironment withSecret;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        cli = CliEnvironment.start().without(CobroConfiguration.EP_WEBHOOK_SECRET);
        withSecret = CliEnvironment.start(Map.of(CobroConfiguration.EP_WEBHOOK_SECRET,
                ProviderSandbox.DEFAULT_88PAY_WEBHOOK_SECRET));
    }

    @AfterAll
    static void stop() {
        cli.close();
        withSecret.close();
    }

    @Test
    void aSignedNotificationWithItsBearerSettlesTheCheckoutAndItsRepeatIsADuplicate() throws Exception {
        JsonNode payment = withSecret.checkout(dir, "order-notified", "cust-n");
        SandboxNotification webhook = withSecret.sandbox().notification(payment.get("checkout_url").asText(),
                "COMPLETED");
        String file = Cli.write(dir, "notification.json", webhook.body()).toString();
        String[] notify = notify(file, webhook, true);

        CliResult first = withSecret.run(notify);
        CliResult repeat = withSecret.run(notify);
        JsonNode history = withSecret.json("history", "--reference", "order-notified");

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.json().get("outcome").asText()).isEqualTo("APPLIED");
        assertThat(first.json().get("payment_id").asText()).isEqualTo(payment.get("id").asText());
        assertThat(first.json().get("payment_status").asText()).isEqualTo("SUCCEEDED");
        assertThat(first.json().get("raw_status").asText()).isEqualTo("COMPLETED");
        assertThat(new BigDecimal(first.json().get("amount").asText())).isEqualByComparingTo("100.00");
        assertThat(repeat.json().get("outcome").asText()).isEqualTo("DUPLICATE");
        assertThat(history.get("items").get(0).get("status").asText()).isEqualTo("SUCCEEDED");
        // The session names every payment of its token's window: no output of the CLI shows it.
        String session = sessionOf(withSecret, "order-notified");
        assertThat(payment.has("session_id")).isFalse();
        assertThat(first.json().has("session_id")).isFalse();
        for (CliResult output : List.of(first, repeat, withSecret.run("history", "--reference", "order-notified",
                "--with-attempts"), withSecret.run("history", "--format", "table"))) {
            assertThat(output.out() + output.err()).doesNotContain(session);
        }
        assertThat(payment.toString()).doesNotContain(session);
    }

    @Test
    void withTheSecretConfiguredASignedNotificationWithoutItsBearerMovesNothing() throws Exception {
        JsonNode payment = withSecret.checkout(dir, "order-no-bearer", "cust-n");
        SandboxNotification webhook = withSecret.sandbox().notification(payment.get("checkout_url").asText(),
                "COMPLETED");
        String file = Cli.write(dir, "no-bearer.json", webhook.body()).toString();

        JsonNode stored = withSecret.json(notify(file, webhook, false));

        assertThat(stored.get("outcome").asText()).isEqualTo("UNVERIFIED");
        assertThat(stored.get("detail").asText()).contains("bearer");
        assertThat(withSecret.json("history", "--reference", "order-no-bearer").get("items").get(0).get("status")
                .asText()).isEqualTo("AWAITING_CUSTOMER");
    }

    @Test
    void withoutUrlOnADefaultConfigurationTheGenuineBodyMovesNoPayment() {
        JsonNode payment = cli.checkout(dir, "order-no-url", "cust-n");
        SandboxNotification webhook = cli.sandbox().notification(payment.get("checkout_url").asText(), "COMPLETED");
        String file = Cli.write(dir, "no-url.json", webhook.body()).toString();

        CliResult result = cli.run("notify", "--provider", "88pay", "--body-file", file, "--header",
                "Authorization: " + webhook.headers().get("Authorization"));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.json().get("outcome").asText()).isEqualTo("UNVERIFIED");
        assertThat(result.json().get("payment_id").isNull()).isTrue();
        assertThat(cli.json("history", "--reference", "order-no-url").get("items").get(0).get("status").asText())
                .isEqualTo("AWAITING_CUSTOMER");
    }

    @Test
    void onTheDefaultConfigurationTheSignedUrlAloneSettlesThePayment() {
        JsonNode payment = cli.checkout(dir, "order-signed-only", "cust-n");
        SandboxNotification webhook = cli.sandbox().notification(payment.get("checkout_url").asText(), "COMPLETED");
        String file = Cli.write(dir, "signed-only.json", webhook.body()).toString();

        JsonNode stored = cli.json(notify(file, webhook, false));

        assertThat(stored.get("outcome").asText()).isEqualTo("APPLIED");
        assertThat(stored.get("payment_status").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    void aNotificationFromNowhereIsStoredUnverifiedAndExitsZero() {
        String body = "{\"transaction_date\":\"2025-01-17 14:30:45\",\"transaction_status\":\"COMPLETED\","
                + "\"transaction_id\":\"sess_00000000-0000-0000-0000-000000000000\",\"transaction_amount\":\"50000\","
                + "\"transaction_payment_method\":\"CREDIT_CARD\"}";

        CliResult result = cli.runWithStdin(body, "notify", "--body-file", "-");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.json().get("outcome").asText()).isEqualTo("UNVERIFIED");
        assertThat(result.json().get("payment_id").isNull()).isTrue();
    }

    @Test
    void aHeaderThatIsNotNameColonValueIsBadInput() {
        CliResult result = cli.runWithStdin("{}", "notify", "--body-file", "-", "--header", "Bearer-without-name");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(result.err()).contains("--header");
    }

    private static String[] notify(String bodyFile, SandboxNotification webhook, boolean withBearer) {
        List<String> args = new ArrayList<>(List.of("notify", "--provider", "88pay", "--body-file", bodyFile,
                "--url", webhook.url()));
        webhook.headers().forEach((name, value) -> {
            if (withBearer || !name.equalsIgnoreCase("Authorization")) {
                args.add("--header");
                args.add(name + ": " + value);
            }
        });
        return args.toArray(String[]::new);
    }

    private static String sessionOf(CliEnvironment env, String reference) throws SQLException {
        try (Connection c = env.database().dataSource().getConnection();
             PreparedStatement st = c.prepareStatement(
                     "select provider_session_id from cobro.checkout_payment where merchant_reference = ?")) {
            st.setString(1, reference);
            try (ResultSet rs = st.executeQuery()) {
                assertThat(rs.next()).isTrue();
                String session = rs.getString(1);
                assertThat(session).startsWith("sess_");
                return session;
            }
        }
    }
}
