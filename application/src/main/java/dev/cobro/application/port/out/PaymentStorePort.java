package dev.cobro.application.port.out;

import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.payment.MerchantReference;
import dev.cobro.domain.payment.Payment;
import dev.cobro.domain.payment.PaymentId;
import dev.cobro.domain.payment.PaymentNotification;
import dev.cobro.domain.payment.PaymentRefund;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.ProviderId;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Durable checkout payments. Every method is atomic on its own; none is ever called with a
 * transaction held open across a provider call. Failures of the database surface as
 * {@link StoreUnavailableException}.
 */
public interface PaymentStorePort extends AggregateStorePort<Payment, PaymentId, PaymentStatus> {

    /**
     * The write-ahead: inserts a new REQUESTED payment (with its status change) and its REQUESTED
     * attempt in one transaction. Throws {@link DuplicateKeyException} when its key is taken:
     * (provider, account, merchant reference), or the merchant reference of a routed payment. Several open payments may share a (session, amount): a notification
     * names its payment by Cobro's signed URL.
     */
    void insertRequested(Payment payment, ProviderAttempt attempt);

    /**
     * Saves the payment's new state (and its new status changes) and inserts or updates
     * {@code attempt} (may be null) in one transaction. Optimistic: throws
     * {@link ConcurrentUpdateException} when the stored version is not {@code payment.version()}, when
     * {@code attempt} is stored finished already (an attempt finishes once) or its number is taken, and
     * {@link AttemptInProgressException} when it is a new REQUESTED attempt while another is unfinished
     * (one provider call at a time per subject). Nothing is written when it throws. On success calls
     * {@code payment.markSaved(newVersion)}.
     */
    void save(Payment payment, ProviderAttempt attempt);

    Optional<Payment> findById(PaymentId id);

    /**
     * The payment of a checkout that left its provider to Cobro: among routed payments the merchant
     * reference alone is the key, since the provider and account move along the route.
     */
    Optional<Payment> findRoutedByMerchantReference(MerchantReference reference);

    /** The payment of the idempotency key (provider, account, merchant reference) of a checkout that named its provider. */
    Optional<Payment> findByMerchantReference(ProviderId provider, AccountId account, MerchantReference reference);

    /** The payment of the provider's {@code default} account with this merchant reference. */
    default Optional<Payment> findByMerchantReference(ProviderId provider, MerchantReference reference) {
        return findByMerchantReference(provider, AccountId.DEFAULT, reference);
    }

    /** Payments of the provider whose provider reference is {@code reference}, any status. */
    List<Payment> findByProviderReference(ProviderId provider, String reference);

    /** Payments of the provider sent under {@code sessionId}, any status. */
    List<Payment> findBySession(ProviderId provider, String sessionId);

    /** Payments in one of {@code statuses} whose status last changed before {@code before}, oldest first. */
    List<Payment> findByStatusUpdatedBefore(Set<PaymentStatus> statuses, Instant before, int limit);

    /**
     * Stores a received notification and, when it changed one, the payment (optimistically, as
     * {@link #save}), in one transaction. {@code changed} may be null. A notification id already
     * stored is a {@link DuplicateKeyException}, and nothing is written.
     */
    void recordNotification(PaymentNotification notification, Payment changed);

    /**
     * Deletes the notifications received before {@code before} that changed nothing and name no
     * payment: UNVERIFIED (not proven to come from the provider) and UNMATCHED ones. The others are a
     * payment's history and stay. Returns how many were deleted.
     */
    long pruneUnprovenNotificationsBefore(Instant before);

    /** Notifications stored for a payment, oldest first. */
    List<PaymentNotification> notificationsOf(PaymentId id);

    /**
     * The write-ahead of a refund: saves the payment (optimistically, as {@link #save}) with its
     * REQUESTED {@code attempt} and the refund row, inserted when {@code isNew}, else moved to that
     * attempt (a NOT_SENT refund sent again), in one transaction. Throws
     * {@link RefundLimitException} when what was refunded, what is still out and this refund exceed
     * the payment's amount (the database's guard), {@link DuplicateKeyException} when the refund's key
     * is taken, and as {@link #save} does otherwise; nothing is written when it throws.
     */
    default void saveRefund(Payment payment, PaymentRefund refund, boolean isNew, ProviderAttempt attempt) {
        throw new UnsupportedOperationException("this payment store keeps no refunds");
    }

    /** The refund of the payment under {@code key}, with its attempt's status. */
    default Optional<PaymentRefund> findRefund(PaymentId payment, String key) {
        return Optional.empty();
    }

    /** The refunds of a payment with their attempts' statuses, oldest first. */
    default List<PaymentRefund> refundsOf(PaymentId payment) {
        return List.of();
    }
}
