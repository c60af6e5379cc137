package dev.cobro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cobro.testkit.ProviderSandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class AuthorizeCommandIT {

    /** The seed\'s card (Pay-me example 3). */
    private static final String SEED_CARD = "4859510000000051";

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
    void anApprovedCardIsAuthorizedAndOnlyItsMaskedNumberIsPrinted() {
        Path file = Cli.write(dir, "approved.json", Cli.cardRequest(SEED_CARD, "cust-a"));

        CliResult result = cli.run("authorize", "--request-file", file.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode authorization = result.json();
        assertThat(authorization.get("status").asText()).isEqualTo("AUTHORIZED");
        assertThat(authorization.get("kind").asText()).isEqualTo("card_authorization");
        assertThat(authorization.get("response_code").asText()).isEqualTo("00");
        assertThat(authorization.get("authorization_code").asText()).isNotBlank();
        assertThat(authorization.get("response_message").asText()).isNotBlank();
        assertThat(authorization.get("masked_card").asText()).isEqualTo("485951******0051");
        assertThat(authorization.get("amount").asText()).isEqualTo("10.00");
        assertThat(authorization.get("currency").asText()).isEqualTo("PEN");
        assertThat(authorization.get("customer_id").asText()).isEqualTo("cust-a");
        // No operation number in the request: Cobro's sequence gave one.
        assertThat(authorization.get("internal_operation_number").asText()).matches("[0-9]{1,9}");
        assertThat(result.out() + result.err()).doesNotContain(SEED_CARD, "\"365\"");
    }

    @Test
    void aDeclineIsARecordedOutcomeThatExitsZero() {
        JsonNode authorization = cli.authorize(dir, ProviderSandbox.CARD_DECLINED, "cust-d");

        assertThat(authorization.get("status").asText()).isEqualTo("DECLINED");
        assertThat(authorization.get("response_code").asText()).isEqualTo("05");
        assertThat(authorization.get("authorization_code").isNull()).isTrue();
    }

    @Test
    void theSeedsCardOnFileTokenIsAuthorizedAndShownMasked() {
        ObjectNode request = Cli.request("authorize-token-card-on-file.json");
        ((ObjectNode) request.get("transaction").get("meta")).put("internal_operation_number", "700001");

        CliResult result = cli.run("authorize", "--request-file", Cli.write(dir, "token.json", request).toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.json().get("status").asText()).isEqualTo("AUTHORIZED");
        assertThat(result.json().get("masked_token").asText()).isEqualTo("****0051");
        assertThat(result.json().get("internal_operation_number").asText()).isEqualTo("700001");
        assertThat(result.out()).doesNotContain("822a-748e-3z9h-0051");
    }

    @Test
    void theSameOperationNumberAgainIsReplayedAndWithAnotherAmountIsAConflict() {
        ObjectNode request = Cli.cardRequest(ProviderSandbox.CARD_APPROVED_MASTERCARD, "cust-r");
        ((ObjectNode) request.get("transaction")).putObject("meta").put("internal_operation_number", "700002");
        String file = Cli.write(dir, "op-700002.json", request).toString();
        JsonNode first = cli.json("authorize", "--request-file", file);
        long authorizations = cli.sandbox().paymeAuthorizations();

        JsonNode again = cli.json("authorize", "--request-file", file);
        ((ObjectNode) request.get("transaction")).put("amount", "2000000");
        CliResult conflict = cli.run("authorize", "--request-file",
                Cli.write(dir, "op-700002-other.json", request).toString());

        assertThat(again.get("replayed").asBoolean()).isTrue();
        assertThat(again.get("id").asText()).isEqualTo(first.get("id").asText());
        assertThat(cli.sandbox().paymeAuthorizations()).isEqualTo(authorizations);
        assertThat(conflict.exitCode()).as(conflict.toString()).isEqualTo(ExitCodes.CONFLICT);
        assertThat(conflict.err()).startsWith("error: conflict").contains("700002");
        assertThat(conflict.printedStackTrace()).isFalse();
    }
}
