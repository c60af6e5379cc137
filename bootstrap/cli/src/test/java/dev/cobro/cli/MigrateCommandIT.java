package dev.cobro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cobro.db.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MigrateCommandIT {

    @Test
    void migrateAppliesTheSchemaOnceAndThenHasNothingToDo() {
        Map<String, String> env = CliEnvironment.databaseOnly(TestDatabase.freshDatabase());

        CliResult first = Cli.run(env, "migrate");
        CliResult second = Cli.run(env, "migrate");

        assertThat(first.exitCode()).as(first.toString()).isZero();
        JsonNode applied = first.json();
        assertThat(applied.get("schema").asText()).isEqualTo("cobro");
        assertThat(applied.get("migrations_executed").asInt()).isPositive();
        assertThat(applied.get("applied").get(0).get("version").asText()).isEqualTo("1");
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.json().get("migrations_executed").asInt()).isZero();
        assertThat(second.json().get("version").asText()).isEqualTo(applied.get("version").asText());
    }
}
