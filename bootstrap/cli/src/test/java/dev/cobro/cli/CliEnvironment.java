package dev.cobro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cobro.testkit.ProviderSandbox;
import dev.cobro.db.testing.TestDatabase;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A fresh PostgreSQL database and a running provider sandbox, with the COBRO_* environment that
 * points the CLI at both, as a user would set it.
 */
final class CliEnvironment implements AutoCloseable {

    private final TestDatabase.Handle database;
    private final ProviderSandbox sandbox;
    private final Map<String, String> env;

    private CliEnvironment(TestDatabase.Handle database, ProviderSandbox sandbox, Map<String, String> env) {
        this.database = database;
        this.sandbox = sandbox;
        this.env = Map.copyOf(env);
    }

    /** The variables that point the CLI at {@code database} and {@code sandbox}, then {@code extra}. */
    private static Map<String, String> variables(TestDatabase.Handle database, ProviderSandbox sandbox,
                                                 Map<String, String> extra) {
        Map<String, String> variables = new HashMap<>(databaseOnly(database));
        variables.put("COBRO_88PAY_BASE_URL", sandbox.eightyEightPayBaseUrl());
        variables.put("COBRO_88PAY_API_KEY", ProviderSandbox.DEFAULT_88PAY_API_KEY);
        variables.put("COBRO_88PAY_MERCHANT_ID", ProviderSandbox.DEFAULT_88PAY_MERCHANT_ID);
        // As the sandbox prints it and the README exports it: without it every command warns.
        variables.put("COBRO_88PAY_WEBHOOK_SECRET", ProviderSandbox.DEFAULT_88PAY_WEBHOOK_SECRET);
        variables.put("COBRO_PAYME_AUTH_URL", sandbox.paymeAuthUrl());
        variables.put("COBRO_PAYME_API_URL", sandbox.paymeApiUrl());
        variables.put("COBRO_PAYME_CLIENT_ID", ProviderSandbox.DEFAULT_PAYME_CLIENT_ID);
        variables.put("COBRO_PAYME_CLIENT_SECRET", ProviderSandbox.DEFAULT_PAYME_CLIENT_SECRET);
        variables.putAll(extra);
        return variables;
    }

    static CliEnvironment start() {
        return start(Map.of());
    }

    /** {@code extra} variables are added to (or replace) the defaults, e.g. a short read timeout. */
    static CliEnvironment start(Map<String, String> extra) {
        TestDatabase.Handle database = TestDatabase.freshDatabase();
        ProviderSandbox sandbox = ProviderSandbox.builder().port(0).start();
        return new CliEnvironment(database, sandbox, variables(database, sandbox, extra));
    }

    static Map<String, String> databaseOnly(TestDatabase.Handle database) {
        Map<String, String> env = new HashMap<>();
        env.put("COBRO_DB_URL", database.jdbcUrl());
        if (database.user() != null) {
            env.put("COBRO_DB_USER", database.user());
        }
        if (database.password() != null) {
            env.put("COBRO_DB_PASSWORD", database.password());
        }
        return env;
    }

    /**
     * The same database and sandbox with {@code variables} added to (or replacing) this environment's;
     * closing the original closes the sandbox they share.
     */
    CliEnvironment with(Map<String, String> variables) {
        Map<String, String> merged = new HashMap<>(env);
        merged.putAll(variables);
        return new CliEnvironment(database, sandbox, merged);
    }

    /** The same database and sandbox without {@code variable}, e.g. to try the configuration that leaves it out. */
    CliEnvironment without(String variable) {
        Map<String, String> fewer = new HashMap<>(env);
        fewer.remove(variable);
        return new CliEnvironment(database, sandbox, fewer);
    }

    Map<String, String> env() {
        return env;
    }

    TestDatabase.Handle database() {
        return database;
    }

    ProviderSandbox sandbox() {
        return sandbox;
    }

    CliResult run(String... args) {
        return Cli.run(env, args);
    }

    CliResult runWithStdin(String stdin, String... args) {
        return Cli.runWithStdin(env, stdin, args);
    }

    /** Runs a command that must succeed and print JSON, and returns that JSON. */
    JsonNode json(String... args) {
        CliResult result = run(args);
        if (result.exitCode() != ExitCodes.OK) {
            throw new AssertionError("expected exit 0 from " + String.join(" ", args) + "\n" + result);
        }
        return result.json();
    }

    /** Authorizes {@code pan} for {@code customer} through the CLI and returns the printed authorization. */
    JsonNode authorize(Path dir, String pan, String customer) {
        Path file = Cli.write(dir, "authorize-" + UUID.randomUUID() + ".json", Cli.cardRequest(pan, customer));
        return json("authorize", "--request-file", file.toString());
    }

    /** Starts a checkout of the seed's body under a fresh merchant reference, through the CLI. */
    JsonNode checkout(Path dir, String reference, String customer) {
        var request = Cli.request("checkout-request.json").put("merchant_reference", reference)
                .put("customer_id", customer);
        Path file = Cli.write(dir, "checkout-" + UUID.randomUUID() + ".json", request);
        return json("checkout", "--request-file", file.toString());
    }

    /** The same through the provider named: with several checkout providers and no route, one is named. */
    JsonNode checkout(Path dir, String reference, String customer, String provider) {
        var request = Cli.request("checkout-request.json").put("merchant_reference", reference)
                .put("customer_id", customer);
        Path file = Cli.write(dir, "checkout-" + UUID.randomUUID() + ".json", request);
        return json("checkout", "--request-file", file.toString(), "--provider", provider);
    }

    @Override
    public void close() {
        sandbox.close();
    }
}
