package dev.cobro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request files a newcomer finds in {@code bootstrap/cli/examples} and the README's CLI session
 * that uses them, run as written against the provider sandbox: an example that stopped working would
 * fail here, not in a reader's terminal.
 */
class ExamplesIT {

    /** Each test its own database and sandbox: the examples name one merchant reference, as a reader runs them. */
    CliEnvironment cli;

    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        cli = CliEnvironment.start();
    }

    @AfterEach
    void stop() {
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

    /**
     * The README's local notification: the sandbox hands over the webhook it would send (signed URL,
     * bearer, body) and {@code cobro notify} records it as an endpoint would; the example body alone,
     * without Cobro's signed URL, moves nothing.
     */
    @Test
    void theSandboxsWebhookFedToNotifySettlesThePaymentAndTheBareExampleBodyMovesNothing() throws Exception {
        JsonNode checkout = cli.json("checkout", "--request-file", example("checkout.json"));
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(cli.sandbox().eightyEightPayBaseUrl() + "/sandbox/notification"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"checkout_url\":\"" + checkout.get("checkout_url").asText()
                        + "\",\"status\":\"COMPLETED\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode webhook = new ObjectMapper().readTree(answer.body());
        Path body = Files.writeString(dir.resolve("notification.json"), webhook.get("body").asText());

        JsonNode bare = cli.json("notify", "--provider", "88pay", "--body-file", example("notification.json"));
        JsonNode recorded = cli.json("notify", "--provider", "88pay", "--body-file", body.toString(),
                "--url", webhook.get("url").asText(),
                "--header", "Authorization: " + webhook.get("authorization").asText());

        assertThat(bare.get("outcome").asText()).isEqualTo("UNVERIFIED");
        assertThat(recorded.get("outcome").asText()).isEqualTo("APPLIED");
        assertThat(cli.json("history", "--reference", checkout.get("merchant_reference").asText())
                .get("items").get(0).get("status").asText()).isEqualTo("SUCCEEDED");
    }

    private static String example(String name) {
        Path file = Path.of(System.getProperty("basedir", "."), "examples", name);
        assertThat(file).isRegularFile();
        return file.toString();
    }
}
