package dev.cobro.application.port.in;

import dev.cobro.application.port.out.TransactionRecord;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The durable record of payments, authorizations and every provider call, newest first. */
public interface QueryTransactionHistoryUseCase {

    HistoryPage query(QueryTransactionHistoryCommand command);

    Optional<TransactionRecord> findById(UUID id);

    List<TransactionRecord> findByMerchantReference(String reference);
}
