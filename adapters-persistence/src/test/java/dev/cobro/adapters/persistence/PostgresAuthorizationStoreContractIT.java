package dev.cobro.adapters.persistence;

import dev.cobro.application.fakes.AuthorizationStorePortContract;
import dev.cobro.application.port.out.AttemptLogPort;
import dev.cobro.application.port.out.AuthorizationStorePort;
import dev.cobro.db.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link AuthorizationStorePortContract} on PostgreSQL: the same cases the in-memory fake passes. */
class PostgresAuthorizationStoreContractIT extends AuthorizationStorePortContract {

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
    protected AuthorizationStorePort emptyStore() {
        Databases.emptySubjects(db);
        return persistence.authorizations();
    }

    @Override
    protected AttemptLogPort attemptLog() {
        return persistence.attempts();
    }
}
