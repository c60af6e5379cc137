package dev.cobro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request files a newcomer finds in {@code bootstrap/cli/examples} and the README's CLI session
 * that uses them, run as written against the provider sandbox: an example that stopped working would
 * fail here, not in a reader's terminal.
 */
class ExamplesIT {

    static CliEnvironment cli;

    @BeforeAll
    static void start() {
        cli = CliEnvironment.start();
    }

    @AfterAll
    static void stop() {
        cli.close();
    }

    @Test
    void theCheckoutExampleGetsACheckoutUrlAndRunsAgainAsAReplay() {
        JsonNode first = cli.json("checkout", "--request-file", example("checkout.json"));
        JsonNode again = cli.json("checkout", "--request-file", example("checkout.json"));

        assertThat(first.get("status").asText()).isEqualTo("AWAITING_CUSTOMER");
        assertThat(first.get("checkout_url").asText()).startsWith(cli.sandbox().baseUrl());
        assertThat(first.get("amount").asText()).isEqualTo("100.00");
        assertThat(again.get("id")).isEqualTo(first.get("id"));
    }

    @Test
    void eachAuthorizeExampleIsAuthorizedAndTheCardOneIsReversed() {
        JsonNode card = cli.json("authorize", "--request-file", example("authorize-card.json"));
        JsonNode tokenWithCvv = cli.json("authorize", "--request-file", example("authorize-token-cvv.json"));
        JsonNode cardOnFile = cli.json("authorize", "--request-file", example("authorize-card-on-file.json"));

        assertThat(card.get("status").asText()).isEqualTo("AUTHORIZED");
        assertThat(card.get("masked_card").asText()).isEqualTo("411111******1111");
        assertThat(card.get("amount").asText()).isEqualTo("10.00");
        assertThat(card.get("currency").asText()).isEqualTo("PEN");
        assertThat(tokenWithCvv.get("status").asText()).isEqualTo("AUTHORIZED");
        assertThat(cardOnFile.get("status").asText()).isEqualTo("AUTHORIZED");

        JsonNode reversed = cli.json("reverse", "--id", card.get("id").asText());
        assertThat(reversed.get("status").asText()).isEqualTo("REVERSED");

        JsonNode history = cli.json("history", "--kind", "card_authorization", "--format", "json");
        assertThat(history.get("items")).hasSizeGreaterThanOrEqualTo(3);
    }

    private static String example(String name) {
        Path file = Path.of(System.getProperty("basedir", "."), "examples", name);
        assertThat(file).isRegularFile();
        return file.toString();
    }
}
