package dev.cobro.cli;

import dev.cobro.bootstrap.config.CobroConfiguration;
import dev.cobro.bench.BenchDatabase;
import dev.cobro.cli.embedded.CobroDatabase;
import dev.cobro.testkit.ProviderSandbox;
import picocli.CommandLine.Command;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code cobro class-training} (hidden): what {@code bin/cobro} runs once per jar, under
 * {@code -XX:ArchiveClassesAtExit}, so that the class-data archive it records holds the classes of
 * every command, whichever command a person happens to run first. It runs the commands themselves,
 * in this process, against the provider sandbox on loopback and a database of their own next to
 * the configured one ({@value #DATABASE_PREFIX} and a random suffix, so that two trainings on one
 * server never meet; dropped afterwards): nothing reaches a real provider, and the configured
 * database gets no row. Exit 0 when every command ran; otherwise the launcher throws
 * the archive away and tries again next time.
 */
@Command(name = "class-training", hidden = true,
        description = "Run every command once against the sandbox and a scratch database (for bin/cobro's archive).")
final class ClassTrainingCommand extends CliCommand {

    static final String DATABASE_PREFIX = "cobro_class_training_";

    @Override
    protected int run(CliContext context) throws SQLException {
        CobroDatabase configured = context.openDatabase();
        String name = DATABASE_PREFIX + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        BenchDatabase scratch = configured.sibling(name);
        List<String> failed = new ArrayList<>();
        try (ProviderSandbox sandbox = ProviderSandbox.builder().port(0).start()) {
            Map<String, String> env = environment(scratch, sandbox);
            String run = UUID.randomUUID().toString();
            String checkout = """
                    {"merchant_reference": "training-%s", "flow": "PAYIN", "method_code": "CARDS",
                     "method_category": "CARD", "country": "MEX", "currency": "MXN", "amount": 100.00,
                     "description": "class training", "customer_id": "training",
                     "notification_url": "https://shop.example/notify", "return_url": "https://shop.example/thanks"}
                    """.formatted(run);
            String notification = """
                    {"transaction_date": "2026-01-01 00:00:00", "transaction_status": "COMPLETED",
                     "transaction_id": "training", "transaction_amount": "100",
                     "transaction_payment_method": "CREDIT_CARD"}
                    """;
            // migrate first: the other commands then find the schema current, as they usually do.
            List<Run> runs = List.of(
                    new Run(ExitCodes.OK, null, "migrate"),
                    new Run(ExitCodes.OK, null, "demo"),
                    new Run(ExitCodes.OK, checkout, "checkout", "--request-file", "-"),
                    new Run(ExitCodes.OK, notification, "notify", "--provider", "88pay", "--body-file", "-"),
                    new Run(ExitCodes.OK, null, "resolve-unknown"),
                    new Run(ExitCodes.OK, null, "health"),
                    new Run(ExitCodes.OK, null, "events", "--limit", "5", "--format", "table"),
                    new Run(ExitCodes.OK, null, "events", "--limit", "5"),
                    new Run(ExitCodes.OK, null, "history", "--limit", "5"),
                    new Run(ExitCodes.OK, null, "history", "--limit", "5", "--format", "table"),
                    new Run(ExitCodes.OK, null, "history", "--format", "csv"),
                    new Run(ExitCodes.OK, null, "history", "--limit", "5", "--with-attempts"),
                    new Run(ExitCodes.OK, null, "--help"),
                    // A mistake's path too: people make them, and its message should come as fast.
                    new Run(ExitCodes.BAD_INPUT, null, "history", "--limit", "0"));
            PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
            for (Run each : runs) {
                byte[] stdin = each.stdin() == null ? new byte[0] : each.stdin().getBytes(StandardCharsets.UTF_8);
                int code = CobroCli.execute(each.args(), env, new ByteArrayInputStream(stdin), nowhere, nowhere);
                if (code != each.expected()) {
                    failed.add(String.join(" ", each.args()) + " (exit " + code + ")");
                }
            }
        } finally {
            drop(configured, name, context.err());
        }
        if (!failed.isEmpty()) {
            context.err().println("cobro: class training: these commands failed: " + String.join("; ", failed));
            return ExitCodes.INFRASTRUCTURE;
        }
        return ExitCodes.OK;
    }

    /** The scratch database and the sandbox's accounts, as {@code cobro sandbox} prints them. */
    private static Map<String, String> environment(BenchDatabase scratch, ProviderSandbox sandbox) {
        Map<String, String> env = new HashMap<>();
        env.put(CobroConfiguration.DB_URL, scratch.url());
        if (scratch.user() != null) {
            env.put(CobroConfiguration.DB_USER, scratch.user());
        }
        if (scratch.password() != null) {
            env.put(CobroConfiguration.DB_PASSWORD, scratch.password());
        }
        env.put(CobroConfiguration.EP_BASE_URL, sandbox.eightyEightPayBaseUrl());
        env.put(CobroConfiguration.EP_API_KEY, ProviderSandbox.DEFAULT_88PAY_API_KEY);
        env.put(CobroConfiguration.EP_MERCHANT_ID, ProviderSandbox.DEFAULT_88PAY_MERCHANT_ID);
        env.put(CobroConfiguration.EP_WEBHOOK_SECRET, ProviderSandbox.DEFAULT_88PAY_WEBHOOK_SECRET);
        env.put("COBRO_88PAY_MEX_BASE_URL", sandbox.eightyEightPayBaseUrl());
        env.put("COBRO_88PAY_MEX_API_KEY", ProviderSandbox.DEFAULT_88PAY_MEX_API_KEY);
        env.put("COBRO_88PAY_MEX_MERCHANT_ID", ProviderSandbox.DEFAULT_88PAY_MEX_MERCHANT_ID);
        env.put("COBRO_88PAY_MEX_WEBHOOK_SECRET", ProviderSandbox.DEFAULT_88PAY_WEBHOOK_SECRET);
        env.put(CobroConfiguration.PM_AUTH_URL, sandbox.paymeAuthUrl());
        env.put(CobroConfiguration.PM_API_URL, sandbox.paymeApiUrl());
        env.put(CobroConfiguration.PM_CLIENT_ID, ProviderSandbox.DEFAULT_PAYME_CLIENT_ID);
        env.put(CobroConfiguration.PM_CLIENT_SECRET, ProviderSandbox.DEFAULT_PAYME_CLIENT_SECRET);
        return env;
    }

    /** The scratch database goes: it holds nothing anyone asked for. */
    private static void drop(CobroDatabase configured, String name, PrintStream err) {
        try (Connection c = configured.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("drop database if exists " + name + " with (force)");
        } catch (SQLException e) {
            // Its name says what it is; nothing reads it.
            err.println("cobro: class training: could not drop the scratch database " + name + ": "
                    + e.getMessage());
        }
    }

    private record Run(int expected, String stdin, String... args) {
    }
}
