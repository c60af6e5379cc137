package dev.cobro.application.service;

import dev.cobro.application.port.in.ResolutionReport;
import dev.cobro.application.port.in.ResolveUnknownOutcomesUseCase;
import dev.cobro.application.port.out.AggregateStorePort;
import dev.cobro.application.port.out.AuthorizationStorePort;
import dev.cobro.application.port.out.MetricsPort;
import dev.cobro.application.port.out.PaymentStorePort;
import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.authorization.Authorization;
import dev.cobro.domain.authorization.AuthorizationId;
import dev.cobro.domain.authorization.AuthorizationStatus;
import dev.cobro.domain.authorization.OperationNumber;
import dev.cobro.domain.payment.MerchantReference;
import dev.cobro.domain.payment.Payment;
import dev.cobro.domain.payment.PaymentId;
import dev.cobro.domain.payment.PaymentNotification;
import dev.cobro.domain.payment.PaymentRefund;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.Aggregate;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.StatusChange;
import dev.cobro.domain.shared.TransactionKind;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The stores and the resolver, wrapped so that what passes is counted in a {@link MetricsPort}:
 * every status change and notification passes through a store (counted once it is committed), every
 * resolver change through the resolver. Provider calls are timed where they are made, in the
 * provider operation. With {@link MetricsPort#NONE} nothing is wrapped.
 */
public final class Metered {

    private Metered() {
    }

    public static PaymentStorePort payments(PaymentStorePort store, MetricsPort metrics) {
        return metrics == MetricsPort.NONE ? store : new Payments(store, metrics);
    }

    public static AuthorizationStorePort authorizations(AuthorizationStorePort store, MetricsPort metrics) {
        return metrics == MetricsPort.NONE ? store : new Authorizations(store, metrics);
    }

    public static ResolveUnknownOutcomesUseCase resolver(ResolveUnknownOutcomesUseCase resolver, MetricsPort metrics) {
        return metrics == MetricsPort.NONE ? resolver : command -> {
            ResolutionReport report = resolver.resolve(command);
            for (ResolutionReport.Change change : report.changes()) {
                if (!change.from().equals(change.to())) {
                    metrics.resolverChange(change.kind(), change.to().name());
                }
            }
            return report;
        };
    }

    private static void countNew(MetricsPort metrics, TransactionKind kind, List<? extends StatusChange<?>> changes,
                                 int saved) {
        for (int i = saved; i < changes.size(); i++) {
            StatusChange<?> change = changes.get(i);
            metrics.transition(kind, change.from() == null ? null : change.from().name(), change.to().name());
        }
    }

    /**
     * The writes and reads every aggregate store has, each write counted: the status changes it
     * committed (those past the count the aggregate was saved with) once it returns.
     */
    private abstract static class MeteredStore<P extends AggregateStorePort<A, I, S>, A extends Aggregate<I, S>, I,
            S extends Enum<S>> implements AggregateStorePort<A, I, S> {

        final P store;
        final MetricsPort metrics;
        private final TransactionKind kind;

        MeteredStore(P store, MetricsPort metrics, TransactionKind kind) {
            this.store = store;
            this.metrics = metrics;
            this.kind = kind;
        }

        /** Runs a store write of {@code aggregate}, then counts the status changes it committed. */
        final void counted(A aggregate, Runnable write) {
            int saved = aggregate.savedStatusChangeCount();
            write.run();
            countNew(metrics, kind, aggregate.statusChanges(), saved);
        }

        @Override
        public final void insertRequested(A aggregate, ProviderAttempt attempt) {
            counted(aggregate, () -> store.insertRequested(aggregate, attempt));
        }

        @Override
        public final void save(A aggregate, ProviderAttempt attempt) {
            counted(aggregate, () -> store.save(aggregate, attempt));
        }

        @Override
        public final Optional<A> findById(I id) {
            return store.findById(id);
        }

        @Override
        public final List<A> findByStatusUpdatedBefore(Set<S> statuses, Instant before, int limit) {
            return store.findByStatusUpdatedBefore(statuses, before, limit);
        }
    }

    private static final class Payments extends MeteredStore<PaymentStorePort, Payment, PaymentId, PaymentStatus>
            implements PaymentStorePort {

        Payments(PaymentStorePort store, MetricsPort metrics) {
            super(store, metrics, TransactionKind.CHECKOUT_PAYMENT);
        }

        @Override
        public void recordNotification(PaymentNotification notification, Payment changed) {
            int saved = changed == null ? 0 : changed.savedStatusChangeCount();
            store.recordNotification(notification, changed);
            metrics.notification(notification.provider(), notification.outcome());
            if (changed != null) {
                countNew(metrics, TransactionKind.CHECKOUT_PAYMENT, changed.statusChanges(), saved);
            }
        }

        @Override
        public void saveRefund(Payment payment, PaymentRefund refund, boolean isNew, ProviderAttempt attempt) {
            counted(payment, () -> store.saveRefund(payment, refund, isNew, attempt));
        }

        @Override
        public Optional<PaymentRefund> findRefund(PaymentId payment, String key) {
            return store.findRefund(payment, key);
        }

        @Override
        public List<PaymentRefund> refundsOf(PaymentId payment) {
            return store.refundsOf(payment);
        }

        @Override
        public long pruneUnprovenNotificationsBefore(Instant before) {
            return store.pruneUnprovenNotificationsBefore(before);
        }

        @Override
        public Optional<Payment> findByMerchantReference(ProviderId provider, AccountId account,
                                                         MerchantReference reference) {
            return store.findByMerchantReference(provider, account, reference);
        }

        @Override
        public Optional<Payment> findRoutedByMerchantReference(MerchantReference reference) {
            return store.findRoutedByMerchantReference(reference);
        }

        @Override
        public List<Payment> findByProviderReference(ProviderId provider, String reference) {
            return store.findByProviderReference(provider, reference);
        }

        @Override
        public List<Payment> findBySession(ProviderId provider, String sessionId) {
            return store.findBySession(provider, sessionId);
        }

        @Override
        public List<PaymentNotification> notificationsOf(PaymentId id) {
            return store.notificationsOf(id);
        }
    }

    private static final class Authorizations
            extends MeteredStore<AuthorizationStorePort, Authorization, AuthorizationId, AuthorizationStatus>
            implements AuthorizationStorePort {

        Authorizations(AuthorizationStorePort store, MetricsPort metrics) {
            super(store, metrics, TransactionKind.CARD_AUTHORIZATION);
        }

        @Override
        public Optional<Authorization> findByOperationNumber(ProviderId provider, AccountId account,
                                                             OperationNumber operationNumber) {
            return store.findByOperationNumber(provider, account, operationNumber);
        }
    }
}
