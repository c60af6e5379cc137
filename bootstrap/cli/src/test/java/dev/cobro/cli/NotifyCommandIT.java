package dev.cobro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class NotifyCommandIT {

    static CliEnvironment cli;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        cli = CliEnvironment.start();
    }

    @AfterAll
    static void stop() {
        cli.close();
    }

    @Test
    void aCompletedNotificationSettlesTheCheckoutAndItsRepeatChangesNothing() {
        JsonNode payment = cli.checkout(dir, "order-notified", "cust-n");
        String body = cli.sandbox().notificationBody(payment.get("session_id").asText(), "COMPLETED");
        String file = Cli.write(dir, "notification.json", body).toString();

        JsonNode first = cli.json("notify", "--provider", "88pay", "--body-file", file);
        JsonNode repeat = cli.json("notify", "--provider", "88pay", "--body-file", file);
        JsonNode history = cli.json("history", "--reference", "order-notified");

        assertThat(first.get("outcome").asText()).isEqualTo("APPLIED");
        assertThat(first.get("payment_id").asText()).isEqualTo(payment.get("id").asText());
        assertThat(first.get("payment_status").asText()).isEqualTo("SUCCEEDED");
        assertThat(first.get("raw_status").asText()).isEqualTo("COMPLETED");
        assertThat(new BigDecimal(first.get("amount").asText())).isEqualByComparingTo("100.00");
        assertThat(repeat.get("outcome").asText()).isEqualTo("DUPLICATE");
        assertThat(history.get("items").get(0).get("status").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    void aNotificationThatMatchesNoPaymentIsStoredAsUnmatchedAndExitsZero() {
        String body = "{\"transaction_date\":\"2025-01-17 14:30:45\",\"transaction_status\":\"COMPLETED\","
                + "\"transaction_id\":\"sess_00000000-0000-0000-0000-000000000000\",\"transaction_amount\":\"50000\","
                + "\"transaction_payment_method\":\"CREDIT_CARD\"}";

        CliResult result = cli.runWithStdin(body, "notify", "--body-file", "-");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.json().get("outcome").asText()).isEqualTo("UNMATCHED");
        assertThat(result.json().get("payment_id").isNull()).isTrue();
    }
}
