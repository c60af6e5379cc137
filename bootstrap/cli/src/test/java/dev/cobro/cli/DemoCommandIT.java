package dev.cobro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cobro.db.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo needs no provider configuration: only a database, here a fresh one. */
class DemoCommandIT {

    @Test
    void theDemoShowsEveryOutcomeAndHistoryShowsTheSameAfterwardsAndItRunsAgain() {
        Map<String, String> env = CliEnvironment.databaseOnly(TestDatabase.freshDatabase());

        CliResult demo = Cli.run(env, "demo");
        CliResult history = Cli.run(env, "history", "--format", "json");
        CliResult again = Cli.run(env, "demo");
        CliResult both = Cli.run(env, "history", "--limit", "100");

        assertThat(demo.exitCode()).as(demo.toString()).isZero();
        assertThat(demo.out()).contains("SUCCEEDED", "AUTHORIZED", "DECLINED", "REVERSED", "code 05",
                "checkout mercadopago", "PARTIALLY_REFUNDED", "routed (MEX: mercadopago, 88pay) -> AWAITING_CUSTOMER by"
                        + " 88pay, tried [mercadopago, 88pay]");
        assertThat(demo.printedStackTrace()).isFalse();
        assertThat(demo.out()).doesNotContain("4859510000000051", "sk_test_", "sandbox-secret");
        assertThat(history.exitCode()).as(history.toString()).isZero();
        assertThat(statuses(history.json())).containsExactlyInAnyOrder("SUCCEEDED", "AUTHORIZED", "REVERSED",
                "DECLINED", "PARTIALLY_REFUNDED", "AWAITING_CUSTOMER");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(both.json().get("items")).hasSize(12);
    }

    private static List<String> statuses(JsonNode page) {
        List<String> statuses = new ArrayList<>();
        page.get("items").forEach(item -> statuses.add(item.get("status").asText()));
        return statuses;
    }
}
