package dev.cobro.adapters.persistence;

import dev.cobro.application.port.out.HistoryCriteria;
import dev.cobro.db.CobroMigrations;
import dev.cobro.db.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Flyway's schema and Hibernate's entities agree, wherever the schema was created. */
class SchemaIT {

    @Test
    void onAnEmptyDatabaseTheMigratedSchemaPassesHibernatesValidation() {
        TestDatabase.Handle db = TestDatabase.freshDatabase();
        CobroMigrations.migrate(db.dataSource());

        try (CobroPersistence persistence = CobroPersistence.create(db.dataSource())) {
            assertThat(persistence.operationNumbers().next().value()).isEqualTo("1");
        }
    }

    @Test
    void besideAHostsOwnTablesAndFlywayHistoryTheMigratedSchemaPassesValidationAndTheHostsAreUntouched() {
        TestDatabase.Handle db = TestDatabase.freshDatabase();
        // The host keeps its own tables (a payment table among them) and Flyway history in public.
        Flyway host = Flyway.configure().dataSource(db.dataSource()).locations("classpath:db/host").load();
        host.migrate();
        Databases.execute(db, "insert into customer values (1, 'Ana')");

        CobroMigrations.migrate(db.dataSource());

        try (CobroPersistence persistence = Databases.persistence(db)) {
            assertThat(persistence.history().search(HistoryCriteria.ANY, null, 10, false))
                    .isEmpty();
        }
        assertThat(Databases.rows(db, "select version, success::text from public.flyway_schema_history"))
                .containsExactly(List.of("1", "true"));
        assertThat(Databases.rows(db, "select name from public.customer")).containsExactly(List.of("Ana"));
        assertThat(host.validateWithResult().validationSuccessful).isTrue();
    }
}
