package dev.cobro.application.port.out;

import dev.cobro.application.port.in.AttemptView;
import dev.cobro.domain.shared.Money;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.TransactionKind;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One row of the transaction history, over both kinds, with the provider account it went through. {@code merchantReference} is the merchant
 * reference of a checkout payment or the operation number of a card authorization.
 * {@code attempts} and {@code statusChanges} are empty unless the query asked for them.
 */
public record TransactionRecord(UUID id, TransactionKind kind, ProviderId provider, AccountId account,
                                TransactionStatus status,
                                Money money,
                                String customerId, String merchantReference, Instant createdAt, Instant updatedAt,
                                List<AttemptView> attempts, List<StatusChangeRecord> statusChanges) {

    public TransactionRecord {
        java.util.Objects.requireNonNull(status, "status");
        account = AccountId.orDefault(account);
        attempts = attempts == null ? List.of() : List.copyOf(attempts);
        statusChanges = statusChanges == null ? List.of() : List.copyOf(statusChanges);
    }

    public HistoryCursor cursor() {
        return new HistoryCursor(createdAt, id);
    }

    /** One status change of either kind; {@code from} is null for the creation. */
    public record StatusChangeRecord(TransactionStatus from, TransactionStatus to, String reason, Instant at) {
    }
}
