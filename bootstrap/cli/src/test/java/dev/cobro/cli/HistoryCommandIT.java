package dev.cobro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cobro.testkit.ProviderSandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HistoryCommandIT {

    static final String CUSTOMER = "cust-history";

    static CliEnvironment cli;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        cli = CliEnvironment.start();
        cli.checkout(dir, "order-history", CUSTOMER);
        cli.authorize(dir, ProviderSandbox.CARD_APPROVED_MASTERCARD, CUSTOMER);
        cli.authorize(dir, ProviderSandbox.CARD_APPROVED_VISA, CUSTOMER);
        cli.authorize(dir, ProviderSandbox.CARD_DECLINED, CUSTOMER);
        cli.authorize(dir, ProviderSandbox.CARD_APPROVED_MASTERCARD, "someone-else");
    }

    @AfterAll
    static void stop() {
        cli.close();
    }

    private static List<String> statuses(JsonNode page) {
        List<String> statuses = new ArrayList<>();
        page.get("items").forEach(item -> statuses.add(item.get("status").asText()));
        return statuses;
    }

    @Test
    void pagesFollowTheCursorAndTheLastPageHasANullCursor() {
        JsonNode first = cli.json("history", "--customer", CUSTOMER, "--limit", "3");
        JsonNode second = cli.json("history", "--customer", CUSTOMER, "--limit", "3",
                "--after", first.get("next_cursor").asText());

        assertThat(first.get("items")).hasSize(3);
        assertThat(first.get("next_cursor").isTextual()).isTrue();
        assertThat(second.get("items")).hasSize(1);
        assertThat(second.has("next_cursor")).isTrue();
        assertThat(second.get("next_cursor").isNull()).isTrue();
        assertThat(second.get("items").get(0).get("kind").asText()).isEqualTo("checkout_payment");
    }

    @Test
    void filtersNarrowTheHistory() {
        JsonNode declined = cli.json("history", "--customer", CUSTOMER, "--status", "declined");
        JsonNode authorized = cli.json("history", "--kind", "card_authorization", "--status", "AUTHORIZED",
                "--provider", "payme", "--currency", "PEN", "--min-amount", "5", "--max-amount", "10.00");
        JsonNode byReference = cli.json("history", "--reference", "order-history");

        assertThat(statuses(declined)).containsExactly("DECLINED");
        assertThat(statuses(authorized)).hasSize(3).containsOnly("AUTHORIZED");
        assertThat(byReference.get("items")).hasSize(1);
        assertThat(byReference.get("items").get(0).get("merchant_reference").asText()).isEqualTo("order-history");
    }

    @Test
    void itemsCarryDecimalStringAmountsAndUtcTimes() {
        JsonNode item = cli.json("history", "--customer", CUSTOMER, "--kind", "checkout_payment").get("items").get(0);

        assertThat(item.get("amount").isTextual()).isTrue();
        assertThat(item.get("amount").asText()).isEqualTo("100.00");
        assertThat(item.get("currency").asText()).isEqualTo("MXN");
        assertThat(item.get("customer_id").asText()).isEqualTo(CUSTOMER);
        assertThat(item.get("status").asText()).isEqualTo("AWAITING_CUSTOMER");
        assertThat(Instant.parse(item.get("created_at").asText())).isNotNull();
        assertThat(item.get("created_at").asText()).endsWith("Z");
        assertThat(item.has("attempts")).as("attempts only when asked").isFalse();
    }

    @Test
    void withAttemptsShowsEveryProviderCall() {
        JsonNode item = cli.json("history", "--customer", CUSTOMER, "--status", "DECLINED", "--with-attempts")
                .get("items").get(0);

        JsonNode attempt = item.get("attempts").get(0);
        assertThat(attempt.get("operation").asText()).isEqualTo("authorize");
        assertThat(attempt.get("number").asInt()).isEqualTo(1);
        assertThat(attempt.get("status").asText()).isEqualTo("DECLINED");
        assertThat(attempt.get("http_status").asInt()).isEqualTo(200);
        assertThat(attempt.get("provider_code").asText()).isEqualTo("05");
        assertThat(attempt.get("latency_ms").isIntegralNumber()).isTrue();
        assertThat(attempt.get("started_at").asText()).endsWith("Z");
        assertThat(attempt.get("finished_at").asText()).endsWith("Z");
    }

    @Test
    void theTableFormatShowsOneRowPerTransaction() {
        CliResult result = cli.run("history", "--customer", CUSTOMER, "--format", "table");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines.get(0)).contains("id", "kind", "provider", "account", "status", "amount", "currency",
                "customer", "reference", "created");
        assertThat(lines).hasSize(6);
        assertThat(lines.get(1)).contains(" default ");
        assertThat(result.out()).contains("AWAITING_CUSTOMER", "DECLINED", "100.00", "(last page)");
    }

    @Test
    void anAccountFilterKeepsThatAccountsTransactionsOnly() {
        JsonNode mine = cli.json("history", "--customer", CUSTOMER, "--account", "default");
        JsonNode other = cli.json("history", "--customer", CUSTOMER, "--account", "mx");
        CliResult bad = cli.run("history", "--account", "Not An Account");

        assertThat(mine.get("items")).hasSize(4);
        mine.get("items").forEach(item -> assertThat(item.get("account").asText()).isEqualTo("default"));
        assertThat(other.get("items")).isEmpty();
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(bad.err()).contains("account");
    }

    @Test
    void csvExportsEveryMatchingTransactionOverAllPages() {
        CliResult result = cli.run("history", "--format", "csv", "--kind", "card_authorization");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("id,kind,provider,account,status,amount,currency,customer_id,"
                + "merchant_reference,created_at,updated_at");
        assertThat(lines).hasSize(5);
        assertThat(lines.subList(1, 5)).allSatisfy(line -> assertThat(line.split(",", -1)).hasSize(11)
                .satisfies(cells -> {
                    assertThat(cells[1]).isEqualTo("card_authorization");
                    assertThat(cells[5]).matches("\\d+\\.\\d{2}");
                    assertThat(cells[6]).isEqualTo("PEN");
                }));
    }

    @Test
    void jsonLinesExportFromACursorAndHoldsNoSessionOrSecret() {
        JsonNode first = cli.json("history", "--customer", CUSTOMER, "--limit", "2");
        CliResult all = cli.run("history", "--format", "jsonl", "--customer", CUSTOMER);
        CliResult rest = cli.run("history", "--format", "jsonl", "--customer", CUSTOMER,
                "--after", first.get("next_cursor").asText());

        assertThat(all.exitCode()).as(all.toString()).isZero();
        List<JsonNode> rows = all.out().lines().map(line -> CliJson.parse(line, "a line")).toList();
        assertThat(rows).hasSize(4);
        assertThat(rows.get(0).get("id").asText()).isEqualTo(first.get("items").get(0).get("id").asText());
        assertThat(rest.out().lines()).hasSize(2);
        assertThat(all.out()).doesNotContain("session", "token", "secret", "attempts", "checkout_url");
        assertThat(rows).allSatisfy(row -> assertThat(row.get("amount").asText()).matches("\\d+\\.\\d{2}"));
    }

    @Test
    void anExportTakesNoPageSizeAndNoAttempts() {
        CliResult limited = cli.run("history", "--format", "csv", "--limit", "5");
        CliResult attempts = cli.run("history", "--format", "jsonl", "--with-attempts");

        assertThat(limited.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(limited.err()).contains("limit");
        assertThat(attempts.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(attempts.err()).contains("with-attempts");
    }
}
