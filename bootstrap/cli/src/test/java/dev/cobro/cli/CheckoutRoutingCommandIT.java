package dev.cobro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cobro.testkit.ProviderSandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cobro checkout} routed by {@code COBRO_ROUTES_<COUNTRY>} when it names no provider, or through
 * the provider {@code --provider} or the request's {@code "provider"} names; the JSON says which served
 * it and which were tried.
 */
class CheckoutRoutingCommandIT {

    static CliEnvironment base;
    static CliEnvironment cli;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        base = CliEnvironment.start();
        cli = base.with(Map.of(
                "COBRO_MERCADOPAGO_BASE_URL", base.sandbox().mercadoPagoBaseUrl(),
                "COBRO_MERCADOPAGO_ACCESS_TOKEN", ProviderSandbox.DEFAULT_MERCADOPAGO_ACCESS_TOKEN,
                "COBRO_ROUTES_MEX", "mercadopago,88pay"));
    }

    @AfterAll
    static void stop() {
        base.close();
    }

    static String request(String provider) {
        ObjectNode request = Cli.request("checkout-request.json")
                .put("merchant_reference", "routed-" + UUID.randomUUID()).put("customer_id", "cust-routed");
        if (provider != null) {
            request.put("provider", provider);
        }
        return Cli.write(dir, "checkout-" + UUID.randomUUID() + ".json", request).toString();
    }

    @Test
    void aCheckoutNamingNoProviderGoesThroughItsCountrysRoute() {
        long preferences = cli.sandbox().mercadoPago().preferenceRequests();

        JsonNode payment = cli.json("checkout", "--request-file", request(null));

        assertThat(payment.get("provider").asText()).isEqualTo("mercadopago");
        assertThat(payment.get("status").asText()).isEqualTo("AWAITING_CUSTOMER");
        assertThat(payment.get("tried_providers")).extracting(JsonNode::asText).containsExactly("mercadopago");
        assertThat(payment.get("flags")).extracting(JsonNode::asText).contains("ROUTED");
        assertThat(cli.sandbox().mercadoPago().preferenceRequests()).isEqualTo(preferences + 1);
    }

    /** Two checkout providers and no route for the country: the error says how to name one or route. */
    @Test
    void withoutARouteACheckoutNamingNoProviderBetweenTwoProvidersIsAConfigurationErrorSayingHowToRoute() {
        CliResult result = cli.without("COBRO_ROUTES_MEX").run("checkout", "--request-file", request(null));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.CONFIGURATION);
        assertThat(result.err()).contains("has no route", "COBRO_ROUTES_MEX",
                "mercadopago by COBRO_MERCADOPAGO_ACCESS_TOKEN", "88pay is configured by COBRO_88PAY_BASE_URL");
    }

    @Test
    void theProviderOptionOrTheRequestsProviderFieldIsNeverRouted() {
        long preferences = cli.sandbox().mercadoPago().preferenceRequests();

        JsonNode byOption = cli.json("checkout", "--provider", "88pay", "--request-file", request(null));
        JsonNode byField = cli.json("checkout", "--request-file", request("88pay"));

        for (JsonNode payment : new JsonNode[] {byOption, byField}) {
            assertThat(payment.get("provider").asText()).isEqualTo("88pay");
            assertThat(payment.get("tried_providers")).extracting(JsonNode::asText).containsExactly("88pay");
            assertThat(payment.get("flags")).extracting(JsonNode::asText).doesNotContain("ROUTED");
        }
        assertThat(cli.sandbox().mercadoPago().preferenceRequests()).isEqualTo(preferences);
    }

    @Test
    void aRoutedCheckoutFallsBackWhenNothingReachedTheFirstProvider() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        CliEnvironment unreachable = cli.with(Map.of("COBRO_MERCADOPAGO_BASE_URL", "http://127.0.0.1:" + closedPort));

        JsonNode payment = unreachable.json("checkout", "--request-file", request(null));

        assertThat(payment.get("provider").asText()).isEqualTo("88pay");
        assertThat(payment.get("status").asText()).isEqualTo("AWAITING_CUSTOMER");
        assertThat(payment.get("tried_providers")).extracting(JsonNode::asText)
                .containsExactly("mercadopago", "88pay");
    }

    @Test
    void aProviderFieldThatDiffersFromTheOptionIsBadInput() {
        CliResult result = cli.run("checkout", "--provider", "88pay", "--request-file", request("mercadopago"));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(result.err()).contains("provider", "--provider");
        assertThat(result.out()).isEmpty();
    }
}
