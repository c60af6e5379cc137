package dev.cobro.application.service;

import dev.cobro.application.port.in.HistoryPage;
import dev.cobro.application.port.in.QueryTransactionHistoryCommand;
import dev.cobro.application.port.in.QueryTransactionHistoryUseCase;
import dev.cobro.application.port.out.HistoryCriteria;
import dev.cobro.application.port.out.HistoryCursor;
import dev.cobro.application.port.out.TransactionHistoryPort;
import dev.cobro.application.port.out.TransactionRecord;
import dev.cobro.domain.shared.ValidationException;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Spliterator;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Pages through history by keyset: one row more than asked tells whether a next page exists. A page
 * reads a bounded stretch of the history ({@link TransactionHistoryPort#window}), so a filter that
 * matches few of the rows it reads may give a page shorter than asked, even empty, with a cursor to
 * go on from; only the last page has none.
 */
public final class QueryTransactionHistoryService implements QueryTransactionHistoryUseCase {

    private final TransactionHistoryPort history;

    public QueryTransactionHistoryService(TransactionHistoryPort history) {
        this.history = history;
    }

    @Override
    public HistoryPage query(QueryTransactionHistoryCommand command) {
        int limit = command.limit() == null ? QueryTransactionHistoryCommand.DEFAULT_LIMIT : command.limit();
        if (limit < 1 || limit > QueryTransactionHistoryCommand.MAX_LIMIT) {
            throw ValidationException.of("limit", "must be 1 to " + QueryTransactionHistoryCommand.MAX_LIMIT,
                    String.valueOf(limit));
        }
        var criteria = command.criteria();
        check(criteria);
        HistoryCursor after = command.after() == null ? null : HistoryCursor.decode(command.after());
        TransactionHistoryPort.Window window = history.window(criteria, after, limit + 1, command.withDetails());
        List<TransactionRecord> rows = window.rows();
        if (rows.size() > limit) {
            List<TransactionRecord> page = rows.subList(0, limit);
            return new HistoryPage(page, page.get(limit - 1).cursor().encode());
        }
        return new HistoryPage(rows, window.resumeAfter() == null ? null : window.resumeAfter().encode());
    }

    @Override
    public Stream<TransactionRecord> stream(HistoryCriteria criteria, String after) {
        HistoryCriteria c = criteria == null ? HistoryCriteria.ANY : criteria;
        check(c);
        HistoryCursor start = after == null ? null : HistoryCursor.decode(after);
        return StreamSupport.stream(new Pages(c, start), false);
    }

    /** Walks the history page by page; holds one page at a time. */
    private final class Pages implements Spliterator<TransactionRecord> {
        private final HistoryCriteria criteria;
        private HistoryCursor cursor;
        private Iterator<TransactionRecord> page = Collections.emptyIterator();
        private boolean last;

        Pages(HistoryCriteria criteria, HistoryCursor start) {
            this.criteria = criteria;
            this.cursor = start;
        }

        @Override
        public boolean tryAdvance(Consumer<? super TransactionRecord> action) {
            while (!page.hasNext()) {
                if (last) {
                    return false;
                }
                TransactionHistoryPort.Window window = history.window(criteria, cursor, EXPORT_PAGE, false);
                List<TransactionRecord> rows = window.rows();
                if (window.resumeAfter() != null) {
                    // A stretch that matched fewer rows than asked, maybe none: read on after it.
                    cursor = window.resumeAfter();
                } else if (rows.size() < EXPORT_PAGE) {
                    last = true;
                } else {
                    cursor = rows.get(rows.size() - 1).cursor();
                }
                page = rows.iterator();
            }
            action.accept(page.next());
            return true;
        }

        @Override
        public Spliterator<TransactionRecord> trySplit() {
            return null;
        }

        @Override
        public long estimateSize() {
            return Long.MAX_VALUE;
        }

        @Override
        public int characteristics() {
            return ORDERED | NONNULL;
        }
    }

    private static void check(HistoryCriteria criteria) {
        if (criteria.minAmount() != null && criteria.maxAmount() != null
                && criteria.minAmount().compareTo(criteria.maxAmount()) > 0) {
            throw ValidationException.of("amount", "the minimum is above the maximum",
                    criteria.minAmount() + ".." + criteria.maxAmount());
        }
        if (criteria.createdFrom() != null && criteria.createdTo() != null
                && !criteria.createdFrom().isBefore(criteria.createdTo())) {
            throw ValidationException.of("from", "must be before 'to'", criteria.createdFrom() + ".." + criteria.createdTo());
        }
    }

    @Override
    public Optional<TransactionRecord> findById(UUID id) {
        return history.findById(id);
    }

    @Override
    public List<TransactionRecord> findByMerchantReference(String reference) {
        return history.findByMerchantReference(reference);
    }
}
