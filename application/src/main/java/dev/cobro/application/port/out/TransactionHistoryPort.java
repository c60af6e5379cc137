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

    /** One transaction of either kind by Cobro's id, expanded. */
    Optional<TransactionRecord> findById(UUID id);

    /** Transactions whose merchant reference (or operation number) is {@code reference}, expanded. */
    List<TransactionRecord> findByMerchantReference(String reference);
}
