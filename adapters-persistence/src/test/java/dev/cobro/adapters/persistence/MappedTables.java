package dev.cobro.adapters.persistence;

import dev.cobro.adapters.persistence.write.EntityTables;
import dev.cobro.db.testing.TestDatabase;
import org.hibernate.SessionFactory;

/** Hibernate's mapping of the entities over a migrated database, for a test that reads what the writes derive from it. */
record MappedTables(SessionFactory sessions, EntityTables tables) implements AutoCloseable {

    static MappedTables on(TestDatabase.Handle db) {
        SessionFactory sessions = HibernateSetup.sessionFactory(db.dataSource());
        return new MappedTables(sessions, new EntityTables(sessions));
    }

    @Override
    public void close() {
        sessions.close();
    }
}
