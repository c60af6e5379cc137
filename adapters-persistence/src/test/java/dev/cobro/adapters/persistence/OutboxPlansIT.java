package dev.cobro.adapters.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cobro.application.port.out.OutcomeOutboxPort;
import dev.cobro.db.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dispatcher's claim (which marks the events it takes) is planned for its own values on every
 * run: the connection never holds it as a server-side prepared statement, whose generic plan, made
 * while the outbox's table was nearly empty, would scan the whole table on every later claim until
 * the table is next analyzed.
 */
class OutboxPlansIT {

    private static final int CLAIMS = 12;

    @Test
    void theClaimIsNeverHeldAsAPreparedStatementOnItsConnection() throws SQLException {
        TestDatabase.Handle db = Databases.migrated();
        Databases.emptySubjects(db);
        // Each event its own subject, so that each claim of one takes the next.
        Databases.execute(db, "insert into cobro.outcome_event (subject_kind, subject_id, provider, reference,"
                + " to_status, reason, occurred_at) select 'card_authorization', md5('plans' || g)::uuid, 'payme',"
                + " 'r' || g, 'AUTHORIZED', 'approved', now() from generate_series(1, " + CLAIMS + ") g");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.jdbcUrl());
        config.setUsername(db.user());
        config.setPassword(db.password());
        // One connection: every claim runs on it, and the check below reads its session.
        config.setMaximumPoolSize(1);
        try (HikariDataSource pool = new HikariDataSource(config);
             CobroPersistence persistence = CobroPersistence.create(pool)) {
            OutcomeOutboxPort outbox = persistence.outbox();
            int delivered = 0;
            // More runs than the driver's threshold (5) for preparing a statement on the server.
            for (int i = 0; i < CLAIMS; i++) {
                delivered += outbox.deliverDue(1, Long.MAX_VALUE, Instant.now(), event -> new OutcomeOutboxPort.Delivery.Delivered())
                        .delivered();
            }
            assertThat(delivered).isEqualTo(CLAIMS);

            List<String> prepared = new ArrayList<>();
            try (Connection c = pool.getConnection(); Statement st = c.createStatement();
                 ResultSet rows = st.executeQuery("select statement from pg_prepared_statements")) {
                while (rows.next()) {
                    prepared.add(rows.getString(1));
                }
            }
            assertThat(prepared).as("statements prepared on the dispatcher's connection")
                    .noneMatch(sql -> sql.contains("outcome_event"));
        }
    }
}
