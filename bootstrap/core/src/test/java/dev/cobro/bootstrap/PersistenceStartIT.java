package dev.cobro.bootstrap;

import dev.cobro.application.port.in.QueryTransactionHistoryCommand;
import dev.cobro.db.CobroMigrations;
import dev.cobro.db.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Hibernate starts on a thread of its own while Cobro builds the rest (or on first use, when asked):
 * a start that fails still reaches the caller as the same clear error, never a hang or nothing.
 */
class PersistenceStartIT {

    private static final String SCHEMA_MISMATCH = "the database does not hold Cobro's schema as this version expects it";

    /** Migrated, then one mapped column renamed by hand: the version is current, the mapping is not. */
    private static TestDatabase.Handle altered;

    @BeforeAll
    static void alterASchema() throws Exception {
        altered = TestDatabase.freshDatabase();
        CobroMigrations.migrate(altered.dataSource());
        try (Connection c = altered.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("alter table cobro.checkout_payment rename column customer_id to customer");
        }
    }

    @Test
    void buildThrowsHibernatesRefusalOfTheSchemaAsItAlwaysHas() {
        assertThatThrownBy(() -> Cobro.builder().dataSource(altered.dataSource()).runMigrations(false).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith(SCHEMA_MISMATCH);
    }

    @Test
    void onACobrosOwnPoolTheRefusalIsThrownByBuildToo() {
        assertThatThrownBy(() -> Cobro.builder().jdbcUrl(altered.jdbcUrl(), altered.user(), altered.password())
                .runMigrations(false).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith(SCHEMA_MISMATCH);
    }

    @Test
    void startedOnFirstUseTheRefusalIsThrownByEveryCallThatNeedsHibernateWhileHealthAnswers() {
        try (Cobro cobro = Cobro.builder().dataSource(altered.dataSource()).runMigrations(false)
                .persistenceOnFirstUse().build()) {
            CobroHealth health = cobro.health();
            assertThat(health.databaseReachable()).isTrue();
            assertThat(health.migrated()).isTrue();
            assertThat(health.openUnknowns()).isZero();

            QueryTransactionHistoryCommand firstPage = new QueryTransactionHistoryCommand(null, null, 20, false);
            for (int call = 0; call < 2; call++) {
                assertThatThrownBy(() -> cobro.history().query(firstPage))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageStartingWith(SCHEMA_MISMATCH);
            }
        }
    }

    @Test
    void startedOnFirstUseOnAGoodSchemaEveryCallWorks() {
        TestDatabase.Handle db = TestDatabase.freshDatabase();
        try (Cobro cobro = Cobro.builder().dataSource(db.dataSource()).persistenceOnFirstUse().build()) {
            assertThat(cobro.health().migrated()).isTrue();
            assertThat(cobro.history().query(new QueryTransactionHistoryCommand(null, null, 20, false)).items())
                    .isEmpty();
        }
    }
}
