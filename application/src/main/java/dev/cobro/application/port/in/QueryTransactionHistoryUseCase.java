package dev.cobro.application.port.in;

import dev.cobro.application.port.out.HistoryCriteria;
import dev.cobro.application.port.out.TransactionRecord;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** The durable record of payments, authorizations and every provider call, newest first. */
public interface QueryTransactionHistoryUseCase {

    HistoryPage query(QueryTransactionHistoryCommand command);

    /**
     * Every transaction matching {@code criteria}, newest first, starting after {@code after} (a
     * {@code nextCursor}, or null for the newest): for reconciliation and exports. The history is
     * read {@value #EXPORT_PAGE} rows at a time, each page its own short query that follows the
     * previous page's cursor, so memory stays constant and no connection or transaction is held
     * between pages: the stream needs no closing. Rows written during the walk with a creation
     * time older than the walk's position are not seen, as with any keyset pagination.
     */
    Stream<TransactionRecord> stream(HistoryCriteria criteria, String after);

    /** {@link #stream} handed to {@code each} row by row; returns how many rows there were. */
    default long export(HistoryCriteria criteria, String after, Consumer<? super TransactionRecord> each) {
        long[] count = {0};
        stream(criteria, after).forEach(record -> {
            each.accept(record);
            count[0]++;
        });
        return count[0];
    }

    /** Rows read per page by {@link #stream}. */
    int EXPORT_PAGE = 500;

    Optional<TransactionRecord> findById(UUID id);

    List<TransactionRecord> findByMerchantReference(String reference);
}
