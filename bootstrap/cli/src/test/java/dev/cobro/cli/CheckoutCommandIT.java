package dev.cobro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cobro.db.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CheckoutCommandIT {

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
    void aCheckoutPrintsTheAwaitingPaymentWithItsCheckoutUrl() {
        JsonNode payment = cli.checkout(dir, "order-awaiting", "cust-1");

        assertThat(payment.get("id").asText()).isNotBlank();
        assertThat(payment.get("kind").asText()).isEqualTo("checkout_payment");
        assertThat(payment.get("provider").asText()).isEqualTo("88pay");
        assertThat(payment.get("status").asText()).isEqualTo("AWAITING_CUSTOMER");
        assertThat(payment.get("checkout_url").asText()).startsWith(cli.sandbox().eightyEightPayBaseUrl());
        assertThat(payment.get("merchant_reference").asText()).isEqualTo("order-awaiting");
        assertThat(payment.get("amount").isTextual()).as("amounts are decimal strings").isTrue();
        assertThat(payment.get("amount").asText()).isEqualTo("100.00");
        assertThat(payment.get("currency").asText()).isEqualTo("MXN");
        assertThat(payment.get("replayed").asBoolean()).isFalse();
        assertThat(payment.get("in_progress").asBoolean()).isFalse();
        assertThat(payment.get("created_at").asText()).endsWith("Z");
    }

    @Test
    void theSameRequestAgainIsReplayedWithoutASecondCharge() {
        JsonNode first = cli.checkout(dir, "order-replayed", "cust-2");
        long charges = cli.sandbox().charges88Pay();

        JsonNode again = cli.checkout(dir, "order-replayed", "cust-2");

        assertThat(again.get("replayed").asBoolean()).isTrue();
        assertThat(again.get("id").asText()).isEqualTo(first.get("id").asText());
        assertThat(again.get("checkout_url").asText()).isEqualTo(first.get("checkout_url").asText());
        assertThat(cli.sandbox().charges88Pay()).isEqualTo(charges);
    }

    @Test
    void theSameReferenceWithAnotherAmountIsAConflict() {
        cli.checkout(dir, "order-conflict", "cust-3");
        ObjectNode other = Cli.request("checkout-request.json").put("merchant_reference", "order-conflict")
                .put("customer_id", "cust-3").put("amount", "250.00");

        CliResult result = cli.run("checkout", "--request-file", Cli.write(dir, "conflict.json", other).toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.CONFLICT);
        assertThat(result.err()).startsWith("error: conflict").contains("order-conflict");
        assertThat(result.printedStackTrace()).isFalse();
        assertThat(result.out()).isEmpty();
    }

    @Test
    void theRequestMayComeOnStdinWithTheAmountAsAString() {
        ObjectNode request = Cli.request("checkout-request.json").put("merchant_reference", "order-stdin")
                .put("amount", "75.5");

        CliResult result = cli.runWithStdin(request.toString(), "checkout", "--request-file", "-");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.json().get("amount").asText()).isEqualTo("75.50");
        assertThat(result.json().get("status").asText()).isEqualTo("AWAITING_CUSTOMER");
    }

    @Test
    void aProviderThatCannotBeReachedIsAnInfrastructureFailureAndNothingIsRecorded() {
        // A database of its own: on the class's database, the 88Pay token the other tests fetched is
        // shared through it (ARCHITECTURE.md, several instances), and a charge with it would be NOT_SENT.
        Map<String, String> env = new HashMap<>(cli.env());
        env.putAll(CliEnvironment.databaseOnly(TestDatabase.freshDatabase()));
        env.put("COBRO_88PAY_BASE_URL", "http://127.0.0.1:1/88pay");
        ObjectNode request = Cli.request("checkout-request.json").put("merchant_reference", "order-unreachable");

        CliResult result = Cli.run(env, "checkout", "--request-file",
                Cli.write(dir, "unreachable.json", request).toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.INFRASTRUCTURE);
        assertThat(result.printedStackTrace()).isFalse();
        assertThat(Cli.run(env, "history", "--reference", "order-unreachable").json().get("items")).isEmpty();
    }

    @Test
    void credentialsTheProviderRefusesAreAConfigurationErrorThatNeverShowsTheKey() {
        Map<String, String> env = new HashMap<>(cli.env());
        env.put("COBRO_88PAY_API_KEY", "sk_test_wrong_key_never_printed");
        ObjectNode request = Cli.request("checkout-request.json").put("merchant_reference", "order-bad-key");

        CliResult result = Cli.run(env, "checkout", "--request-file",
                Cli.write(dir, "bad-key.json", request).toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.CONFIGURATION);
        assertThat(result.err()).doesNotContain("sk_test_wrong_key_never_printed");
        assertThat(result.printedStackTrace()).isFalse();
    }
}
