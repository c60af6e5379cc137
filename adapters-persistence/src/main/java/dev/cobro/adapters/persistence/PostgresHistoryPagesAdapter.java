package dev.cobro.adapters.persistence;

import dev.cobro.adapters.persistence.history.HistoryQuery;
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
    private final int window;

    private PostgresHistoryPagesAdapter(Connection connection, int window) {
        this.connection = connection;
        this.window = window;
    }

    /** Takes over {@code connection}: each page runs in a transaction of its own on it. */
    public static PostgresHistoryPagesAdapter on(Connection connection) {
        return on(connection, HistoryQuery.WINDOW);
    }

    /** With windows of {@code window} rows per index: a test's small data fills them. */
    static PostgresHistoryPagesAdapter on(Connection connection, int window) {
        return new PostgresHistoryPagesAdapter(Objects.requireNonNull(connection, "connection"), window);
    }

    @Override
    public List<TransactionRecord> search(HistoryCriteria criteria, HistoryCursor after, int limit, boolean expand) {
        return read(criteria, after, limit, expand, Integer.MAX_VALUE).rows();
    }

    @Override
    public Window window(HistoryCriteria criteria, HistoryCursor after, int limit, boolean expand) {
        return read(criteria, after, limit, expand, PostgresTransactionHistoryAdapter.WINDOWS_PER_CALL);
    }

    private Window read(HistoryCriteria criteria, HistoryCursor after, int limit, boolean expand, int windows) {
        if (expand) {
            throw new UnsupportedOperationException("attempts and status changes need CobroPersistence.history()");
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit " + limit + " must be 1 or more");
        }
        try {
            connection.setAutoCommit(false);
            try {
                PostgresTransactionHistoryAdapter.Picked picked =
                        PostgresTransactionHistoryAdapter.read(connection, criteria, after, limit, windows, window);
                connection.commit();
                return new Window(picked.rows().stream().map(PostgresTransactionHistoryAdapter.Row::record).toList(),
                        picked.resumeAfter());
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
