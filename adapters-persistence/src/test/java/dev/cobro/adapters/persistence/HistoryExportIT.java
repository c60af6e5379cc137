package dev.cobro.adapters.persistence;

import dev.cobro.adapters.persistence.HistoryRows.Row;
import dev.cobro.application.port.in.QueryTransactionHistoryUseCase;
import dev.cobro.application.port.out.HistoryCriteria;
import dev.cobro.application.port.out.TransactionStatus;
import dev.cobro.application.service.QueryTransactionHistoryService;
import dev.cobro.db.testing.TestDatabase;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.ProviderId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The export walks every page of the real store: through Cobro's persistence (Hibernate) and
 * through the pages-only adapter on one connection, each answering exactly the rows the criteria
 * name, newest first, more than two export pages of them.
 */
class HistoryExportIT {

    private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");
    private static final int ROWS = QueryTransactionHistoryUseCase.EXPORT_PAGE * 2 + 234;
    private static TestDatabase.Handle db;
    private static CobroPersistence persistence;
    private static final List<Row> ALL = new ArrayList<>();

    @BeforeAll
    static void start() {
        db = Databases.migrated();
        persistence = Databases.persistence(db);
        Random random = new Random(20260401L);
        for (int serial = 0; serial < ROWS; serial++) {
            ALL.add(HistoryRows.random(random, serial, BASE));
        }
        HistoryRows.insert(db.dataSource(), ALL);
    }

    @AfterAll
    static void stop() {
        persistence.close();
    }

    @Test
    void everyRowIsExportedOnceNewestFirstByBothAdapters() throws SQLException {
        List<HistoryCriteria> criteria = List.of(HistoryCriteria.ANY,
                HistoryCriteria.builder().account(AccountId.of("pe-2")).build(),
                HistoryCriteria.builder().provider(ProviderId.of("otherpay")).statuses(TransactionStatus.UNKNOWN,
                        TransactionStatus.REJECTED).build());
        try (PostgresHistoryPagesAdapter pages = PostgresHistoryPagesAdapter.on(db.dataSource().getConnection())) {
            for (HistoryCriteria c : criteria) {
                List<Row> expected = HistoryRows.expected(ALL, c, null, Integer.MAX_VALUE);

                List<Row> viaCobro = new QueryTransactionHistoryService(persistence.history()).stream(c, null)
                        .map(Row::of).toList();
                List<Row> viaPages = new ArrayList<>();
                long count = new QueryTransactionHistoryService(pages).export(c, null, r -> viaPages.add(Row.of(r)));

                assertThat(viaCobro).as("%s through Cobro's persistence", c).containsExactlyElementsOf(expected);
                assertThat(viaPages).as("%s through the pages adapter", c).containsExactlyElementsOf(expected);
                assertThat(count).isEqualTo(expected.size());
            }
        }
        assertThat(HistoryRows.expected(ALL, HistoryCriteria.ANY, null, Integer.MAX_VALUE))
                .hasSizeGreaterThan(QueryTransactionHistoryUseCase.EXPORT_PAGE * 2);
    }
}
