package dev.cobro.application.port.in;

import dev.cobro.application.port.out.TransactionRecord;

import java.util.List;

/**
 * A page of history; {@code nextCursor} is null on the last page only. A page reads a bounded
 * stretch of the history, so under filters that match few of the rows around them a page can hold
 * fewer items than asked, even none, and still have a {@code nextCursor}: keep paging until it is null.
 */
public record HistoryPage(List<TransactionRecord> items, String nextCursor) {

    public HistoryPage {
        items = List.copyOf(items);
    }
}
