package dev.cobro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cobro.testkit.ProviderSandbox;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request files a newcomer finds in {@code bootstrap/cli/examples} and the README's CLI session
 * that uses them, run as written against the provider sandbox, with the README's {@code export} block
 * as the environment: an example that stopped working would fail here, not in a reader's terminal.
 */
class ExamplesIT {

    /** The README's sandbox address; the test's sandbox listens on a free port instead. */
    private static final String README_SANDBOX = "http://127.0.0.1:8088";
    /** The session's block points Cobro at the sandbox; other exports (a PostgreSQL of your own) are not it. */
    private static final Pattern EXPORT_BLOCK = Pattern.compile("(?m)^export (COBRO_88PAY_BASE_URL=(?:.*\\\\\\n)*.*)$");
    /** The refund part's block adds Mercado Pago to the session's environment. */
    private static final Pattern MERCADO_PAGO_EXPORT_BLOCK =
            Pattern.compile("(?m)^export (COBRO_MERCADOPAGO_BASE_URL=(?:.*\\\\\\n)*.*)$");
    private static final Pattern VARIABLE = Pattern.compile("(COBRO_[A-Z0-9_]+)=(\\S+)");

    /** Each test its own database and sandbox: the examples name one merchant reference, as a reader runs them. */
    CliEnvironment started;
    /** The same, with the README's environment. */
    CliEnvironment cli;

    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        started = CliEnvironment.start();
        Map<String, String> readme = new HashMap<>();
        readmeExports().forEach((name, value) -> readme.put(name,
                value.replace(README_SANDBOX, started.sandbox().baseUrl())));
        cli = started.with(readme);
    }

    @AfterEach
    void stop() {
        started.close();
    }

    /** The variables of the README's session's {@code export} lines, as written there. */
    static Map<String, String> readmeExports() {
        return readmeExports(EXPORT_BLOCK);
    }

    private static Map<String, String> readmeExports(Pattern exportBlock) {
        String readme;
        try {
            readme = Files.readString(repositoryRoot().resolve("README.md"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Matcher block = exportBlock.matcher(readme);
        assertThat(block.find()).as("the session's export block in the README").isTrue();
        Map<String, String> variables = new LinkedHashMap<>();
        Matcher variable = VARIABLE.matcher(block.group(1));
        while (variable.find()) {
            variables.put(variable.group(1), variable.group(2));
        }
        assertThat(block.find()).as("one session export block in the README").isFalse();
        return variables;
    }

    /**
     * The README's environment configures both 88Pay merchants with the sandbox's webhook secret, so no
     * command of the session warns that notifications are checked by the signed URL only.
     */
    @Test
    void theReadmesEnvironmentConfiguresTheWebhookSecretOfEveryAccount() {
        Map<String, String> readme = readmeExports();
        assertThat(readme).containsEntry("COBRO_88PAY_WEBHOOK_SECRET", ProviderSandbox.DEFAULT_88PAY_WEBHOOK_SECRET)
                .containsEntry("COBRO_88PAY_MEX_WEBHOOK_SECRET", ProviderSandbox.DEFAULT_88PAY_WEBHOOK_SECRET)
                .containsEntry("COBRO_88PAY_MEX_MERCHANT_ID", ProviderSandbox.DEFAULT_88PAY_MEX_MERCHANT_ID);
    }

    /** {@code --account mex} with the ids the README gives: a payment of the mex merchant's own. */
    @Test
    void theMexAccountOfTheReadmeTakesAPaymentOfItsOwn() {
        JsonNode first = cli.json("checkout", "--request-file", example("checkout.json"));
        JsonNode mex = cli.json("checkout", "--request-file", example("checkout.json"), "--account", "mex");

        assertThat(mex.get("status").asText()).isEqualTo("AWAITING_CUSTOMER");
        assertThat(mex.get("account").asText()).isEqualTo("mex");
        assertThat(mex.get("replayed").asBoolean()).isFalse();
        assertThat(mex.get("id")).isNotEqualTo(first.get("id"));
    }

    @Test
    void theCheckoutExampleGetsACheckoutUrlAndRunsAgainAsAReplayThatSaysSo() {
        CliResult first = cli.run("checkout", "--request-file", example("checkout.json"));
        CliResult again = cli.run("checkout", "--request-file", example("checkout.json"));

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(first.json().get("status").asText()).isEqualTo("AWAITING_CUSTOMER");
        assertThat(first.json().get("checkout_url").asText()).startsWith(cli.sandbox().baseUrl());
        assertThat(first.json().get("amount").asText()).isEqualTo("100.00");
        assertThat(first.err()).doesNotContain("replayed");
        assertThat(again.json().get("id")).isEqualTo(first.json().get("id"));
        assertThat(again.json().get("replayed").asBoolean()).isTrue();
        assertThat(again.err()).contains("merchant_reference order-1001 was sent before", "nothing was charged again");
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

    /**
     * The README's local refund: a Mercado Pago checkout, the sandbox's payer approving it, its
     * notification confirmed by reading the payment, a part refunded, the same refund asked again
     * (replayed, nothing sent), the rest refunded, and 88Pay's "not supported".
     */
    @Test
    void theReadmesMercadoPagoCheckoutIsNotifiedAndRefundedInPartsAndARepeatSendsNothing() throws Exception {
        Map<String, String> mercadoPago = new HashMap<>();
        readmeExports(MERCADO_PAGO_EXPORT_BLOCK).forEach((name, value) -> mercadoPago.put(name,
                value.replace(README_SANDBOX, started.sandbox().baseUrl())));
        // The session's 88Pay checkout comes before Mercado Pago is exported: with both configured and
        // no route for the country, a checkout naming no provider is refused as ambiguous.
        JsonNode eightyEightPay = cli.json("checkout", "--request-file", example("checkout.json"));
        CliEnvironment session = cli.with(mercadoPago);
        JsonNode checkout = session.json("checkout", "--request-file", example("checkout.json"),
                "--provider", "mercadopago");
        assertThat(checkout.get("status").asText()).isEqualTo("AWAITING_CUSTOMER");

        JsonNode paid = sandbox("/mercadopago/sandbox/pay", "{\"preference_id\":\""
                + checkout.get("provider_reference").asText() + "\",\"outcome\":\"approved\",\"webhook\":\"dropped\"}");
        JsonNode webhook = sandbox("/mercadopago/sandbox/notification", "{\"payment_id\":"
                + paid.get("payment_id").asText() + "}");
        Path body = Files.writeString(dir.resolve("mp-body.json"), webhook.get("body").asText());
        JsonNode notified = session.json("notify", "--provider", "mercadopago", "--body-file", body.toString(),
                "--url", webhook.get("url").asText(),
                "--header", "x-signature: " + webhook.get("headers").get("x-signature").asText(),
                "--header", "x-request-id: " + webhook.get("headers").get("x-request-id").asText());
        String id = checkout.get("id").asText();
        JsonNode part = session.json("refund", "--id", id, "--amount", "40.00");
        long refundsSent = started.sandbox().mercadoPago().refundRequests();
        JsonNode again = session.json("refund", "--id", id, "--amount", "40.00");
        JsonNode rest = session.json("refund", "--id", id);
        CliResult notSupported = session.run("refund", "--id", eightyEightPay.get("id").asText());

        assertThat(notified.get("outcome").asText()).isEqualTo("APPLIED");
        assertThat(notified.get("payment_status").asText()).isEqualTo("SUCCEEDED");
        assertThat(part.get("status").asText()).isEqualTo("PARTIALLY_REFUNDED");
        assertThat(again.get("replayed").asBoolean()).isTrue();
        assertThat(again.get("refund").get("id")).isEqualTo(part.get("refund").get("id"));
        assertThat(rest.get("status").asText()).isEqualTo("REFUNDED");
        assertThat(rest.get("refunded").asText()).isEqualTo("100.00");
        assertThat(started.sandbox().mercadoPago().refundRequests()).isEqualTo(refundsSent + 1);
        assertThat(notSupported.exitCode()).as(notSupported.toString()).isEqualTo(2);
        assertThat(notSupported.err()).contains("not supported");
    }

    private JsonNode sandbox(String path, String body) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(cli.sandbox().baseUrl() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return new ObjectMapper().readTree(answer.body());
    }

    private static Path repositoryRoot() {
        Path here = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("README.md")) && Files.isDirectory(p.resolve("bootstrap"))) {
                return p;
            }
        }
        throw new AssertionError("no repository root above " + here);
    }

    private static String example(String name) {
        Path file = Path.of(System.getProperty("basedir", "."), "examples", name);
        assertThat(file).isRegularFile();
        return file.toString();
    }
}
