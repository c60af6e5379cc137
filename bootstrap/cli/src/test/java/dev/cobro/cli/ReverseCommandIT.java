package dev.cobro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cobro.testkit.ProviderSandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ReverseCommandIT {

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
    void anAuthorizedCardIsReversedByCobrosId() {
        JsonNode authorization = cli.authorize(dir, ProviderSandbox.CARD_APPROVED_MASTERCARD, "cust-rev");

        JsonNode reversal = cli.json("reverse", "--id", authorization.get("id").asText());

        assertThat(reversal.get("id").asText()).isEqualTo(authorization.get("id").asText());
        assertThat(reversal.get("status").asText()).isEqualTo("REVERSED");
        assertThat(reversal.get("reversal").asText()).isEqualTo("REVERSED");
        assertThat(reversal.get("internal_operation_number").asText())
                .isEqualTo(authorization.get("internal_operation_number").asText());
    }

    @Test
    void reversingADeclinedAuthorizationIsAConflict() {
        JsonNode declined = cli.authorize(dir, ProviderSandbox.CARD_DECLINED, "cust-rev");
        long reversals = cli.sandbox().paymeReversals();

        CliResult result = cli.run("reverse", "--id", declined.get("id").asText());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.CONFLICT);
        assertThat(result.err()).startsWith("error: conflict").contains("DECLINED");
        assertThat(result.printedStackTrace()).isFalse();
        assertThat(result.out()).isEmpty();
        assertThat(cli.sandbox().paymeReversals()).isEqualTo(reversals);
    }

    @Test
    void anIdThatIsNoAuthorizationIsBadInput() {
        CliResult unknown = cli.run("reverse", "--id", UUID.randomUUID().toString());
        String checkoutId = cli.checkout(dir, "order-not-reversible", "cust-rev").get("id").asText();
        CliResult checkout = cli.run("reverse", "--id", checkoutId);

        assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(unknown.err()).contains("no authorization");
        assertThat(checkout.exitCode()).as(checkout.toString()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(checkout.err()).contains("checkout_payment");
        assertThat(unknown.printedStackTrace() || checkout.printedStackTrace()).isFalse();
    }
}
