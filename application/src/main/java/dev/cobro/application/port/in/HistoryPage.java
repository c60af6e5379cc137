package dev.cobro.application.port.in;

import dev.cobro.application.port.out.TransactionRecord;

import java.util.List;

/** A page of history; {@code nextCursor} is null on the last page. */
public record HistoryPage(List<TransactionRecord> items, String nextCursor) {

    public HistoryPage {
        items = List.copyOf(items);
    }
}
