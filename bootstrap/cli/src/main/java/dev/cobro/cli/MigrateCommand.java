package dev.cobro.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cobro.cli.embedded.CobroDatabase;
import dev.cobro.db.CobroMigrations;
import org.flywaydb.core.api.output.MigrateOutput;
import org.flywaydb.core.api.output.MigrateResult;
import picocli.CommandLine.Command;

/** {@code cobro migrate}: bring schema {@code cobro} up to date and print what was applied. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Apply Cobro's database migrations (schema cobro; a host's own tables are left alone) and "
                + "print what was applied as JSON. Every other command migrates too, on its way.")
final class MigrateCommand extends CliCommand {

    @Override
    protected int run(CliContext context) {
        MigrateResult result;
        try (CobroDatabase database = context.openDatabase()) {
            try {
                result = CobroMigrations.migrate(database.dataSource());
            } catch (RuntimeException e) {
                throw CliFailure.infrastructure("could not migrate the database " + database.describe() + ": "
                        + e.getMessage(), e);
            }
        }
        ObjectNode json = CliJson.object();
        json.put("schema", CobroMigrations.SCHEMA);
        json.put("initial_version", result.initialSchemaVersion);
        // Flyway leaves the target empty when nothing was applied: the schema stayed where it was.
        json.put("version", result.targetSchemaVersion != null ? result.targetSchemaVersion
                : result.initialSchemaVersion);
        json.put("migrations_executed", result.migrationsExecuted);
        ArrayNode applied = json.putArray("applied");
        if (result.migrations != null) {
            for (MigrateOutput migration : result.migrations) {
                applied.addObject().put("version", migration.version).put("description", migration.description);
            }
        }
        context.printJson(json);
        return ExitCodes.OK;
    }
}
