package dev.cobro.application.service;

import dev.cobro.application.port.in.HistoryPage;
import dev.cobro.application.port.in.QueryTransactionHistoryCommand;
import dev.cobro.application.port.in.QueryTransactionHistoryUseCase;
import dev.cobro.application.port.out.HistoryCursor;
import dev.cobro.application.port.out.TransactionHistoryPort;
import dev.cobro.application.port.out.TransactionRecord;
import dev.cobro.domain.shared.ValidationException;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Pages through history by keyset: one row more than asked tells whether a next page exists. */
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
        if (criteria.minAmount() != null && criteria.maxAmount() != null
                && criteria.minAmount().compareTo(criteria.maxAmount()) > 0) {
            throw ValidationException.of("amount", "the minimum is above the maximum",
                    criteria.minAmount() + ".." + criteria.maxAmount());
        }
        if (criteria.createdFrom() != null && criteria.createdTo() != null
                && !criteria.createdFrom().isBefore(criteria.createdTo())) {
            throw ValidationException.of("from", "must be before 'to'", criteria.createdFrom() + ".." + criteria.createdTo());
        }
        HistoryCursor after = command.after() == null ? null : HistoryCursor.decode(command.after());
        List<TransactionRecord> rows = history.search(criteria, after, limit + 1, command.withDetails());
        if (rows.size() > limit) {
            List<TransactionRecord> page = rows.subList(0, limit);
            return new HistoryPage(page, page.get(limit - 1).cursor().encode());
        }
        return new HistoryPage(rows, null);
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
