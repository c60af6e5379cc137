package dev.cobro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cobro.testkit.ProviderSandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code cobro events} and {@code cobro health} over the CLI's database, after a flow the CLI ran. */
class EventsCommandIT {

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
    void eventsListEveryStatusChangeOldestFirstAndPageWithAfter() {
        JsonNode authorization = cli.authorize(dir, ProviderSandbox.CARD_APPROVED_VISA, "cust-events");
        String id = authorization.get("id").asText();

        JsonNode all = cli.json("events", "--limit", "1000");
        List<String> ofAuthorization = new ArrayList<>();
        for (JsonNode item : all.get("items")) {
            if (item.get("subject_id").asText().equals(id)) {
                ofAuthorization.add(item.get("from").asText("-") + ">" + item.get("to").asText());
                assertThat(item.get("kind").asText()).isEqualTo("card_authorization");
                assertThat(item.get("provider").asText()).isEqualTo("payme");
                assertThat(item.get("account").asText()).isEqualTo("default");
                assertThat(item.get("reference").asText())
                        .isEqualTo(authorization.get("internal_operation_number").asText());
                assertThat(item.get("delivered_at").isNull()).isTrue();
                assertThat(item.get("occurred_at").asText()).endsWith("Z");
            }
        }
        assertThat(ofAuthorization).containsExactly("->REQUESTED", "REQUESTED>AUTHORIZED");
        assertThat(all.get("next_after").isNull()).isTrue();

        JsonNode first = cli.json("events", "--pending", "--limit", "1");
        String after = first.get("next_after").asText();
        assertThat(after).isEqualTo(first.get("items").get(0).get("id").asText());
        JsonNode second = cli.json("events", "--pending", "--limit", "1", "--after", after);
        assertThat(Long.parseLong(second.get("items").get(0).get("id").asText())).isGreaterThan(Long.parseLong(after));

        CliResult table = cli.run("events", "--format", "table");
        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.out()).contains("REQUESTED").contains("AUTHORIZED").contains("pending");
    }

    @Test
    void badOptionsAreOneBadInputError() {
        CliResult result = cli.run("events", "--limit", "0", "--after", "x", "--format", "xml");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(result.err()).contains("limit").contains("after").contains("format");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void healthIsZeroWhenHealthyAndFiveWhenNoProviderIsConfigured() {
        cli.authorize(dir, ProviderSandbox.CARD_DECLINED, "cust-health");

        CliResult healthy = cli.run("health");
        CliResult noProviders = Cli.run(CliEnvironment.databaseOnly(cli.database()), "health");

        assertThat(healthy.exitCode()).as(healthy.toString()).isZero();
        JsonNode report = healthy.json();
        assertThat(report.get("healthy").asBoolean()).isTrue();
        assertThat(report.get("migrated").asBoolean()).isTrue();
        assertThat(report.get("providers").get("payme").get(0).asText()).isEqualTo("default");
        assertThat(report.get("outcome_events").get("pending").asLong()).isPositive();
        assertThat(report.get("unknown").get("open").asLong()).isZero();
        assertThat(noProviders.exitCode()).as(noProviders.toString()).isEqualTo(ExitCodes.INFRASTRUCTURE);
        assertThat(noProviders.json().get("problems").get(0).asText()).contains("no provider");
        assertThat(healthy.out() + noProviders.out()).doesNotContain(ProviderSandbox.DEFAULT_PAYME_CLIENT_SECRET)
                .doesNotContain(ProviderSandbox.DEFAULT_88PAY_API_KEY);
    }

    @Test
    void healthOfAnUnreachableDatabaseIsFive() {
        CliResult result = Cli.run(Map.of("COBRO_DB_URL", "jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2"),
                "health");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.INFRASTRUCTURE);
        assertThat(result.json().get("healthy").asBoolean()).isFalse();
    }
}
