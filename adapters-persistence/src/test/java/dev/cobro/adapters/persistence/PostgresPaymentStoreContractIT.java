package dev.cobro.adapters.persistence;

import dev.cobro.application.fakes.PaymentStorePortContract;
import dev.cobro.application.port.out.AttemptLogPort;
import dev.cobro.application.port.out.PaymentStorePort;
import dev.cobro.db.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link PaymentStorePortContract} on PostgreSQL: the same cases the in-memory fake passes. */
class PostgresPaymentStoreContractIT extends PaymentStorePortContract {

    private static TestDatabase.Handle db;
    private static CobroPersistence persistence;

    @BeforeAll
    static void start() {
        db = Databases.migrated();
        persistence = Databases.persistence(db);
    }

    @AfterAll
    static void stop() {
        persistence.close();
    }

    @Override
    protected PaymentStorePort emptyStore() {
        Databases.emptySubjects(db);
        return persistence.payments();
    }

    @Override
    protected AttemptLogPort attemptLog() {
        return persistence.attempts();
    }
}
