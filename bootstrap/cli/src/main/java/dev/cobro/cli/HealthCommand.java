package dev.cobro.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cobro.bootstrap.CobroHealth;
import dev.cobro.bootstrap.config.CobroConfiguration;
import picocli.CommandLine.Command;

import java.time.Duration;
import java.util.Optional;

/**
 * {@code cobro health}: whether Cobro can work here (database reachable and migrated, providers
 * configured), with the outcome events not yet delivered, the open UNKNOWNs and the open payments
 * whose notification signing key is no longer configured, each with its oldest age. JSON on stdout;
 * exit 0 when healthy, 5 when not (any open payment without its key is unhealthy).
 */
@Command(name = "health", mixinStandardHelpOptions = true,
        description = {"Report whether Cobro can work: database reachable and migrated, providers configured; "
                + "the backlog of outcome events, the open UNKNOWNs and the open payments whose notification "
                + "signing key is no longer configured (unhealthy), with the oldest age of each.",
                "Exit 0 when healthy, 5 when not (the JSON's problems say why)."})
final class HealthCommand extends CliCommand {

    @Override
    protected int run(CliContext context) {
        // The providers that are configured, whichever they are: none configured is a finding, not an error.
        CobroConfiguration providers = providersOrNone(context);
        CobroHealth health;
        // Every account and the signing keys: health judges each open payment's key against them.
        // Its reads are a few counts in plain SQL: the command never waits for Hibernate's start.
        try (CliContext.CobroSession session = context.openCobro(builder -> {
            builder.persistenceOnFirstUse();
            if (providers != null) {
                providers.configure(builder);
            }
        }, providers != null && (providers.hasEightyEightPay() || providers.hasPayme()))) {
            health = session.cobro().health();
        } catch (CliFailure unreachable) {
            ObjectNode json = CliJson.object();
            json.put("healthy", false);
            json.put("database_reachable", false);
            json.putArray("problems").add("the database cannot be reached: " + unreachable.getMessage());
            context.printJson(json);
            return ExitCodes.INFRASTRUCTURE;
        }
        context.printJson(json(health));
        return health.healthy() ? ExitCodes.OK : ExitCodes.INFRASTRUCTURE;
    }

    private static CobroConfiguration providersOrNone(CliContext context) {
        try {
            return context.configuration();
        } catch (RuntimeException misconfigured) {
            return null;
        }
    }

    static ObjectNode json(CobroHealth health) {
        ObjectNode json = CliJson.object();
        json.put("healthy", health.healthy());
        json.put("database_reachable", health.databaseReachable());
        json.put("migrated", health.migrated());
        json.put("schema_version", health.schemaVersion().orElse(null));
        ObjectNode providers = json.putObject("providers");
        health.providers().forEach((provider, accounts) -> {
            ArrayNode list = providers.putArray(provider);
            accounts.forEach(list::add);
        });
        json.put("listener_registered", health.listenerRegistered());
        ObjectNode outbox = json.putObject("outcome_events");
        outbox.put("pending", health.pendingEvents());
        outbox.put("oldest_pending_age_s", seconds(health.oldestPendingEvent()));
        ObjectNode unknowns = json.putObject("unknown");
        unknowns.put("open", health.openUnknowns());
        unknowns.put("oldest_age_s", seconds(health.oldestUnknown()));
        // Open payments whose notification signing key is no longer configured: their notifications cannot be verified.
        ObjectNode withoutKey = json.putObject("payments_without_signing_key");
        withoutKey.put("open", health.openPaymentsWithoutKey());
        withoutKey.put("oldest_age_s", seconds(health.oldestPaymentWithoutKey()));
        ArrayNode problems = json.putArray("problems");
        health.problems().forEach(problems::add);
        return json;
    }

    private static Long seconds(Optional<Duration> age) {
        return age.map(Duration::toSeconds).orElse(null);
    }
}
