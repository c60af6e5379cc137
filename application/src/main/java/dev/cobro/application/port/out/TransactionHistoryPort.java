package dev.cobro.application.port.out;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** One view over checkout payments and card authorizations, newest first, keyset-paginated. */
public interface TransactionHistoryPort {

    /**
     * Up to {@code limit} rows matching {@code criteria}, ordered by (created_at, id) descending,
     * strictly after {@code after} when it is given. With {@code expand}, each row carries its
     * attempts and status changes.
     */
    List<TransactionRecord> search(HistoryCriteria criteria, HistoryCursor after, int limit, boolean expand);

    /**
     * Like {@link #search}, but reading a bounded stretch of the history: at most a fixed number of
     * rows per index whatever the criteria match, so a combination that matches few of the rows it
     * reads costs the same as one that matches many. When the stretch ends before {@code limit}
     * matching rows are found, {@link Window#resumeAfter()} is the position through which every row
     * was read: the window's rows are all the matches before it, and more may follow it.
     */
    default Window window(HistoryCriteria criteria, HistoryCursor after, int limit, boolean expand) {
        return new Window(search(criteria, after, limit, expand), null);
    }

    /**
     * Up to {@code limit} matching rows, newest first; {@code resumeAfter} is null when they are
     * {@code limit} rows or when no match is left after them, else the position to read on from.
     */
    record Window(List<TransactionRecord> rows, HistoryCursor resumeAfter) {

        public Window {
            rows = List.copyOf(rows);
        }
    }

    /** One transaction of either kind by Cobro's id, expanded. */
    Optional<TransactionRecord> findById(UUID id);

    /** Transactions whose merchant reference (or operation number) is {@code reference}, expanded. */
    List<TransactionRecord> findByMerchantReference(String reference);
}
