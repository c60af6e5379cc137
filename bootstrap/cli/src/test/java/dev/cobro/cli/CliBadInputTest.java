package dev.cobro.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the CLI refuses before it touches a database or a provider: bad flags, files, JSON and
 * fields (exit 2), missing configuration (exit 4), and an unreachable database (exit 5). One clear
 * message, no stack trace, and never a card number or a secret in it.
 */
class CliBadInputTest {

    /** Nothing listens on port 1: a command that got as far as the database would fail with 5, not pass. */
    private static final String UNREACHABLE_DB = "jdbc:postgresql://127.0.0.1:1/cobro";
    private static final String PAN = "4859510000000051";

    @TempDir
    Path dir;

    private static Map<String, String> databaseOnly() {
        return Map.of("COBRO_DB_URL", UNREACHABLE_DB);
    }

    private static Map<String, String> bothProvidersConfigured() {
        Map<String, String> env = new HashMap<>(databaseOnly());
        env.put("COBRO_88PAY_BASE_URL", "http://127.0.0.1:1/88pay");
        env.put("COBRO_88PAY_API_KEY", "sk_test_never_printed");
        env.put("COBRO_88PAY_MERCHANT_ID", "MCH-COL-TEST-29ZTP4");
        env.put("COBRO_PAYME_AUTH_URL", "http://127.0.0.1:1/payme/auth");
        env.put("COBRO_PAYME_API_URL", "http://127.0.0.1:1/payme/api");
        env.put("COBRO_PAYME_CLIENT_ID", "client");
        env.put("COBRO_PAYME_CLIENT_SECRET", "secret-never-printed");
        return env;
    }

    private String checkoutFile() {
        return Cli.write(dir, "checkout.json", Cli.request("checkout-request.json")).toString();
    }

    private static void assertOneCleanError(CliResult result, int exitCode) {
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(exitCode);
        assertThat(result.printedStackTrace()).as(result.toString()).isFalse();
        assertThat(result.out()).as("nothing on stdout when it fails").isEmpty();
        assertThat(result.err()).startsWith("error: ");
        assertThat(result.err().split("error: ", -1)).as("one error message").hasSize(2);
        assertThat(result.err()).doesNotContain("never-printed", "never_printed");
    }

    @Test
    void helpPrintsTheUsageWithTheExitCodesAndExitsZero() {
        CliResult result = Cli.run(Map.of(), "--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("checkout", "authorize", "history", "demo", "Exit codes", "COBRO_DB_URL");
    }

    @Test
    void noCommandIsBadInputAndShowsTheUsage() {
        CliResult result = Cli.run(Map.of());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(result.err()).contains("a command is required", "Usage:");
    }

    @Test
    void anUnknownFlagIsBadInputNamingTheFlag() {
        CliResult result = Cli.run(bothProvidersConfigured(), "checkout", "--request-file", checkoutFile(), "--colour");

        assertOneCleanError(result, ExitCodes.BAD_INPUT);
        assertThat(result.err()).contains("--colour", "cobro checkout --help");
    }

    @Test
    void anUnknownFlagIsNamedEvenWhenARequiredOneIsMissingToo() {
        CliResult result = Cli.run(bothProvidersConfigured(), "checkout", "--requestfile", "x.json");

        assertOneCleanError(result, ExitCodes.BAD_INPUT);
        assertThat(result.err()).contains("Unknown option", "--requestfile", "--request-file");
    }

    @Test
    void anUnknownCommandIsBadInput() {
        CliResult result = Cli.run(bothProvidersConfigured(), "chekout");

        assertOneCleanError(result, ExitCodes.BAD_INPUT);
        assertThat(result.err()).contains("chekout");
    }

    @Test
    void aRequestFileThatDoesNotExistIsBadInput() {
        CliResult result = Cli.run(bothProvidersConfigured(), "checkout", "--request-file",
                dir.resolve("missing.json").toString());

        assertOneCleanError(result, ExitCodes.BAD_INPUT);
        assertThat(result.err()).contains("missing.json", "no such file");
    }

    @Test
    void aDirectoryIsNotARequestFile() {
        CliResult result = Cli.run(bothProvidersConfigured(), "authorize", "--request-file", dir.toString());

        assertOneCleanError(result, ExitCodes.BAD_INPUT);
        assertThat(result.err()).contains("directory");
    }

    @Test
    void invalidJsonIsBadInputWithItsLineAndColumn() {
        Path file = Cli.write(dir, "broken.json", "{\n  \"amount\": 100.00,\n  \"currency\" \"MXN\"\n}");

        CliResult result = Cli.run(bothProvidersConfigured(), "checkout", "--request-file", file.toString());

        assertOneCleanError(result, ExitCodes.BAD_INPUT);
        assertThat(result.err()).contains("not valid JSON", "line 3");
    }

    @Test
    void invalidJsonNeverEchoesTheCardNumberInIt() {
        String broken = "{\"payment_method\": {\"card\": [{\"pan\": " + PAN + "x, \"security_code\": \"365\"}]}}";

        CliResult result = Cli.runWithStdin(bothProvidersConfigured(), broken, "authorize", "--request-file", "-");

        assertOneCleanError(result, ExitCodes.BAD_INPUT);
        assertThat(result.err()).contains("not valid JSON").doesNotContain(PAN);
    }

    @Test
    void anEmptyRequestOnStdinIsBadInput() {
        CliResult result = Cli.runWithStdin(bothProvidersConfigured(), "  \n", "checkout", "--request-file", "-");

        assertOneCleanError(result, ExitCodes.BAD_INPUT);
        assertThat(result.err()).contains("empty");
    }

    @Test
    void everyInvalidCheckoutFieldIsListedInOneMessage() {
        ObjectNode request = Cli.request("checkout-request.json");
        request.put("amount", "a hundred");
        request.put("country", "MX");
        request.put("notification_url", "ftp://merchant.example.com/notify");
        request.remove("customer_id");
        request.put("colour", "red");
        Path file = Cli.write(dir, "checkout.json", request);

        CliResult result = Cli.run(bothProvidersConfigured(), "checkout", "--request-file", file.toString());

        assertOneCleanError(result, ExitCodes.BAD_INPUT);
        assertThat(result.err()).contains("5 problems", "amount", "country", "notification_url", "customer_id",
                "colour");
    }

    @Test
    void everyInvalidAuthorizeFieldIsListedTogetherWithoutTheCardData() {
        ObjectNode request = Cli.cardRequest("4859510000000052", null);
        ObjectNode card = (ObjectNode) request.get("payment_method").get("card").get(0);
        card.put("expiry_date", "1399");
        card.put("security_code", "1x");
        ((ObjectNode) request.get("transaction")).put("currency", "999");
        ((ObjectNode) request.get("address").get("billing").get("location")).remove("city");
        ((ObjectNode) request.get("card_holder").get(0)).put("email_address", "not-an-email");
        Path file = Cli.write(dir, "authorize.json", request);

        CliResult result = Cli.run(bothProvidersConfigured(), "authorize", "--request-file", file.toString());

        assertOneCleanError(result, ExitCodes.BAD_INPUT);
        assertThat(result.err()).contains("payment_method.card.pan", "payment_method.card.expiry_date",
                "payment_method.card.security_code", "transaction.currency", "address.billing.location.city",
                "card_holder.email_address");
        assertThat(result.err()).doesNotContain("4859510000000052", "'1x'");
    }

    /** Shell history and process listings keep arguments: card data is refused there, and not repeated. */
    @ParameterizedTest
    @ValueSource(strings = {"--pan=" + PAN, "4859 5100 0000 0051", "4859-5100-0000-0051"})
    void aCardNumberAsAnArgumentIsRefusedAndNotEchoed(String argument) {
        CliResult result = Cli.run(bothProvidersConfigured(), "authorize", "--request-file", argument);

        assertOneCleanError(result, ExitCodes.BAD_INPUT);
        assertThat(result.err()).contains("card number", "--request-file -")
                .doesNotContain(PAN, "5100 0000", "5100-0000");
    }

    @Test
    void aCardNumberAsAnOptionValueIsRefusedToo() {
        CliResult result = Cli.run(bothProvidersConfigured(), "authorize", "--pan", PAN, "--request-file", "x.json");

        assertOneCleanError(result, ExitCodes.BAD_INPUT);
        assertThat(result.err()).doesNotContain(PAN);
    }

    /** Temporary paths and timestamps hold long digit runs, a tenth of them Luhn-valid: they are not cards. */
    @Test
    void digitsInsideAFileNameAreNotTakenForACardNumber() {
        Path file = Cli.write(dir, "batch-" + PAN + ".json", "{");

        CliResult result = Cli.run(bothProvidersConfigured(), "checkout", "--request-file", file.toString());

        assertOneCleanError(result, ExitCodes.BAD_INPUT);
        assertThat(result.err()).contains("not valid JSON");
    }

    @Test
    void aMissingCheckoutProviderIsAConfigurationErrorNamingItsVariables() {
        CliResult result = Cli.run(databaseOnly(), "checkout", "--request-file", checkoutFile());

        assertOneCleanError(result, ExitCodes.CONFIGURATION);
        assertThat(result.err()).contains("88Pay", "not configured", "COBRO_88PAY_BASE_URL", "COBRO_88PAY_API_KEY",
                "COBRO_88PAY_MERCHANT_ID");
    }

    @Test
    void aMissingCardProviderIsAConfigurationErrorNamingItsVariables() {
        Path file = Cli.write(dir, "authorize.json", Cli.cardRequest(PAN, null));

        CliResult result = Cli.run(databaseOnly(), "authorize", "--request-file", file.toString());

        assertOneCleanError(result, ExitCodes.CONFIGURATION);
        assertThat(result.err()).contains("Pay-me", "COBRO_PAYME_AUTH_URL", "COBRO_PAYME_API_URL",
                "COBRO_PAYME_CLIENT_ID", "COBRO_PAYME_CLIENT_SECRET");
    }

    @Test
    void aProviderTheCliDoesNotKnowIsAConfigurationError() {
        CliResult result = Cli.run(bothProvidersConfigured(), "checkout", "--provider", "stripe", "--request-file",
                checkoutFile());

        assertOneCleanError(result, ExitCodes.CONFIGURATION);
        assertThat(result.err()).contains("'stripe'", "88pay");
    }

    @Test
    void aHalfConfiguredProviderListsEveryMissingVariableAndNoValue() {
        Map<String, String> env = new HashMap<>(databaseOnly());
        env.put("COBRO_88PAY_BASE_URL", "http://127.0.0.1:1/88pay");
        env.put("COBRO_PAYME_CLIENT_SECRET", "secret-never-printed");

        CliResult result = Cli.run(env, "checkout", "--request-file", checkoutFile());

        assertOneCleanError(result, ExitCodes.CONFIGURATION);
        assertThat(result.err()).contains("COBRO_88PAY_API_KEY", "COBRO_88PAY_MERCHANT_ID", "COBRO_PAYME_AUTH_URL",
                "COBRO_PAYME_CLIENT_ID");
    }

    @Test
    void anUnreachableDatabaseIsAnInfrastructureFailureThatHidesTheUrlParameters() {
        Map<String, String> env = new HashMap<>(bothProvidersConfigured());
        env.put("COBRO_DB_URL", UNREACHABLE_DB + "?password=hunter2-never-printed");

        CliResult result = Cli.run(env, "checkout", "--request-file", checkoutFile());

        assertOneCleanError(result, ExitCodes.INFRASTRUCTURE);
        assertThat(result.err()).contains("database", "127.0.0.1:1").doesNotContain("hunter2");
    }

    @Test
    void verboseAddsTheStackTraceOfTheFailure() {
        CliResult result = Cli.run(bothProvidersConfigured(), "checkout", "--request-file", checkoutFile(),
                "--verbose");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INFRASTRUCTURE);
        assertThat(result.printedStackTrace()).as(result.toString()).isTrue();
        assertThat(result.err()).doesNotContain("never-printed", "never_printed");
    }

    @Test
    void invalidHistoryOptionsAreListedTogether() {
        CliResult result = Cli.run(databaseOnly(), "history", "--limit", "0", "--status", "PAID", "--kind", "refund",
                "--from", "yesterday", "--currency", "EURO", "--format", "xml");

        assertOneCleanError(result, ExitCodes.BAD_INPUT);
        assertThat(result.err()).contains("6 problems", "limit", "status", "kind", "from", "currency", "format");
    }

    @Test
    void aStatusTypoIsBadInputNamingEveryStatus() {
        CliResult result = Cli.run(databaseOnly(), "history", "--status", "SUCEEDED");

        assertOneCleanError(result, ExitCodes.BAD_INPUT);
        assertThat(result.err()).contains("status", "SUCEEDED", "REQUESTED, AWAITING_CUSTOMER, AUTHORIZED, SUCCEEDED",
                "REVERSED, NEEDS_REVIEW");
    }

    @Test
    void aStatusTheKindNeverHasIsBadInputNotAnEmptyPage() {
        CliResult result = Cli.run(databaseOnly(), "history", "--kind", "card_authorization", "--status",
                "AUTHORIZED,SUCCEEDED");

        assertOneCleanError(result, ExitCodes.BAD_INPUT);
        assertThat(result.err()).contains("a card_authorization is never SUCCEEDED", "its statuses are REQUESTED, "
                + "AUTHORIZED, DECLINED, REJECTED, NOT_SENT, UNKNOWN, REVERSED, NEEDS_REVIEW");
    }

    @Test
    void aMalformedAuthorizationIdIsBadInput() {
        CliResult result = Cli.run(bothProvidersConfigured(), "reverse", "--id", "not-a-uuid");

        assertOneCleanError(result, ExitCodes.BAD_INPUT);
        assertThat(result.err()).contains("id", "UUID");
    }

    @Test
    void aMalformedPaymentIdToRefundIsBadInput() {
        CliResult result = Cli.run(bothProvidersConfigured(), "refund", "--id", "not-a-uuid");

        assertOneCleanError(result, ExitCodes.BAD_INPUT);
        assertThat(result.err()).contains("id", "UUID");
    }

    @Test
    void aTooLargeRequestFileIsBadInput() throws Exception {
        Path file = dir.resolve("huge.json");
        Files.write(file, new byte[(1 << 20) + 1]);

        CliResult result = Cli.run(bothProvidersConfigured(), "checkout", "--request-file", file.toString());

        assertOneCleanError(result, ExitCodes.BAD_INPUT);
        assertThat(result.err()).contains("larger than");
    }
}
