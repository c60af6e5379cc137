package dev.cobro.application.fakes;

import dev.cobro.application.port.in.AggregateViews;
import dev.cobro.application.port.out.HistoryCriteria;
import dev.cobro.application.port.out.HistoryCursor;
import dev.cobro.application.port.out.TransactionHistoryPort;
import dev.cobro.application.port.out.TransactionRecord;
import dev.cobro.application.port.out.TransactionRecord.StatusChangeRecord;
import dev.cobro.application.port.out.TransactionStatus;
import dev.cobro.domain.authorization.Authorization;
import dev.cobro.domain.payment.Payment;
import dev.cobro.domain.shared.StatusChange;
import dev.cobro.domain.shared.TransactionKind;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@link TransactionHistoryPort} over the in-memory stores: newest first by (created_at, id), ids
 * compared as PostgreSQL compares uuids (unsigned, byte by byte), keyset-paginated.
 */
public final class InMemoryTransactionHistory implements TransactionHistoryPort {

    /** Newest first; ties broken by id, highest first, in PostgreSQL's uuid order. */
    public static final Comparator<TransactionRecord> NEWEST_FIRST = Comparator
            .comparing(TransactionRecord::createdAt)
            .thenComparing(r -> r.id().toString())
            .reversed();

    private final InMemoryPaymentStore payments;
    private final InMemoryAuthorizationStore authorizations;

    public InMemoryTransactionHistory(InMemoryPaymentStore payments, InMemoryAuthorizationStore authorizations) {
        this.payments = Objects.requireNonNull(payments, "payments");
        this.authorizations = Objects.requireNonNull(authorizations, "authorizations");
    }

    @Override
    public List<TransactionRecord> search(HistoryCriteria criteria, HistoryCursor after, int limit, boolean expand) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit " + limit + " must be at least 1");
        }
        return records(expand)
                .filter(r -> matches(criteria, r))
                .filter(r -> after == null || isAfter(r, after))
                .sorted(NEWEST_FIRST)
                .limit(limit)
                .collect(Collectors.toList());
    }

    @Override
    public Optional<TransactionRecord> findById(UUID id) {
        return records(true).filter(r -> r.id().equals(id)).findFirst();
    }

    @Override
    public List<TransactionRecord> findByMerchantReference(String reference) {
        return records(true).filter(r -> r.merchantReference().equals(reference)).sorted(NEWEST_FIRST)
                .collect(Collectors.toList());
    }

    /** Strictly below the cursor's (created_at, id) in the newest-first order. */
    private static boolean isAfter(TransactionRecord r, HistoryCursor cursor) {
        int byTime = r.createdAt().compareTo(cursor.createdAt());
        return byTime < 0 || (byTime == 0 && r.id().toString().compareTo(cursor.id().toString()) < 0);
    }

    private static boolean matches(HistoryCriteria c, TransactionRecord r) {
        return (c.customerId() == null || c.customerId().equals(r.customerId()))
                && (c.provider() == null || c.provider().equals(r.provider()))
                && (c.account() == null || c.account().equals(r.account()))
                && (c.kind() == null || c.kind() == r.kind())
                && (c.statuses().isEmpty() || c.statuses().contains(r.status()))
                && (c.currency() == null || c.currency().equals(r.money().currency()))
                && (c.minAmount() == null || r.money().amount().compareTo(c.minAmount()) >= 0)
                && (c.maxAmount() == null || r.money().amount().compareTo(c.maxAmount()) <= 0)
                && (c.createdFrom() == null || !r.createdAt().isBefore(c.createdFrom()))
                && (c.createdTo() == null || r.createdAt().isBefore(c.createdTo()))
                && (c.merchantReference() == null || c.merchantReference().equals(r.merchantReference()));
    }

    private Stream<TransactionRecord> records(boolean expand) {
        InMemoryAttemptLog log = payments.attemptLog();
        List<TransactionRecord> all = new ArrayList<>();
        // One lock for a consistent view when both stores share the log, as the real view is one query.
        synchronized (log) {
            for (Payment p : payments.all()) {
                all.add(new TransactionRecord(p.id().value(), TransactionKind.CHECKOUT_PAYMENT, p.provider(), p.account(),
                        TransactionStatus.of(p.status()), p.details().money(), p.details().customerId().value(),
                        p.merchantReference().value(), p.createdAt(), p.updatedAt(),
                        expand ? AggregateViews.attempts(log.attemptsOf(p.id().value())) : List.of(),
                        expand ? changes(p.statusChanges()) : List.of()));
            }
            for (Authorization a : authorizations.all()) {
                all.add(new TransactionRecord(a.id().value(), TransactionKind.CARD_AUTHORIZATION, a.provider(), a.account(),
                        TransactionStatus.of(a.status()), a.details().money(),
                        a.details().customerId() == null ? null : a.details().customerId().value(),
                        a.operationNumber().value(), a.createdAt(), a.updatedAt(),
                        expand ? AggregateViews.attempts(authorizations.attemptLog().attemptsOf(a.id().value())) : List.of(),
                        expand ? changes(a.statusChanges()) : List.of()));
            }
        }
        return all.stream();
    }

    private static <S extends Enum<S>> List<StatusChangeRecord> changes(List<StatusChange<S>> changes) {
        return changes.stream()
                // Both kinds' statuses are TransactionStatus constants of the same name.
                .map(c -> new StatusChangeRecord(c.from() == null ? null : TransactionStatus.valueOf(c.from().name()),
                        TransactionStatus.valueOf(c.to().name()), c.reason(), c.at()))
                .collect(Collectors.toList());
    }
}
