package dev.cobro.application.port.in;

import dev.cobro.application.port.out.HistoryCriteria;

/**
 * One page of history. {@code limit} 1-100 (null: 20); {@code after} is the {@code nextCursor}
 * of the previous page, or null for the first.
 */
public record QueryTransactionHistoryCommand(HistoryCriteria criteria, String after, Integer limit,
                                             boolean withDetails) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    public QueryTransactionHistoryCommand {
        criteria = criteria == null ? HistoryCriteria.ANY : criteria;
    }
}
