package dev.cobro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cobro.testkit.ProviderSandbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ResolveUnknownCommandIT {

    @TempDir
    Path dir;

    @Test
    void withNothingOpenTheResolverReportsNoChange() {
        try (CliEnvironment cli = CliEnvironment.start()) {
            JsonNode report = cli.json("resolve-unknown");

            assertThat(report.get("changes")).isEmpty();
            assertThat(report.get("count").asInt()).isZero();
        }
    }

    /** The sandbox never answers this card: after Pay-me's read timeout the outcome is UNKNOWN, still exit 0. */
    @Test
    void anUnansweredAuthorizationIsUnknownAndTheResolverReversesIt() {
        // Generous for a loaded machine (the token is answered through it too), well short of the
        // sandbox's hold (60 s).
        try (CliEnvironment cli = CliEnvironment.start(Map.of("COBRO_PAYME_READ_TIMEOUT_MS", "10000"))) {
            JsonNode unknown = cli.authorize(dir, ProviderSandbox.CARD_NO_ANSWER, "cust-unknown");

            JsonNode report = cli.json("resolve-unknown", "--reversal-delay-seconds", "0");
            JsonNode after = cli.json("history", "--customer", "cust-unknown");

            assertThat(unknown.get("status").asText()).isEqualTo("UNKNOWN");
            assertThat(report.get("changes")).anySatisfy(change -> {
                assertThat(change.get("id").asText()).isEqualTo(unknown.get("id").asText());
                assertThat(change.get("kind").asText()).isEqualTo("card_authorization");
                assertThat(change.get("to").asText()).isEqualTo("REVERSED");
            });
            assertThat(after.get("items").get(0).get("status").asText()).isEqualTo("REVERSED");
        }
    }
}
