package dev.cobro.adapters.persistence;

import dev.cobro.application.port.out.HistoryCriteria;
import dev.cobro.application.port.out.HistoryCursor;
import dev.cobro.application.port.out.StoreUnavailableException;
import dev.cobro.application.port.out.TransactionHistoryPort;
import dev.cobro.application.port.out.TransactionRecord;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The history's pages on one JDBC connection, without Hibernate: for a process that only reads
 * pages and exports (a command line), whose start Hibernate's would otherwise dominate. The same
 * queries as {@link CobroPersistence#history()}; the rows come without attempts and status changes,
 * and the look-ups that promise them ({@link #findById}, {@link #findByMerchantReference}, a search
 * with {@code expand}) are refused: use {@link CobroPersistence#history()} for those. Not for
 * concurrent use; {@link #close()} closes the connection.
 */
public final class PostgresHistoryPagesAdapter implements TransactionHistoryPort, AutoCloseable {

    private final Connection connection;

    private PostgresHistoryPagesAdapter(Connection connection) {
        this.connection = connection;
    }

    /** Takes over {@code connection}: each page runs in a transaction of its own on it. */
    public static PostgresHistoryPagesAdapter on(Connection connection) {
        return new PostgresHistoryPagesAdapter(Objects.requireNonNull(connection, "connection"));
    }

    @Override
    public List<TransactionRecord> search(HistoryCriteria criteria, HistoryCursor after, int limit, boolean expand) {
        if (expand) {
            throw new UnsupportedOperationException("attempts and status changes need CobroPersistence.history()");
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit " + limit + " must be 1 or more");
        }
        HistoryQuery query = HistoryQuery.search(criteria, after, limit);
        try {
            connection.setAutoCommit(false);
            try {
                List<TransactionRecord> rows = PostgresTransactionHistoryAdapter.rows(connection, query).stream()
                        .map(PostgresTransactionHistoryAdapter.Row::record).toList();
                connection.commit();
                return rows;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("could not read the history from the database", e);
        }
    }

    @Override
    public Optional<TransactionRecord> findById(UUID id) {
        throw new UnsupportedOperationException("a transaction with its attempts needs CobroPersistence.history()");
    }

    @Override
    public List<TransactionRecord> findByMerchantReference(String reference) {
        throw new UnsupportedOperationException("transactions with their attempts need CobroPersistence.history()");
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // Closing after the last page: nothing is left to lose.
        }
    }
}
