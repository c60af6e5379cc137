package dev.cobro.adapters.http.payme;

import dev.cobro.application.port.out.PaymentStorePort;
import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.payment.MerchantReference;
import dev.cobro.domain.payment.Payment;
import dev.cobro.domain.payment.PaymentId;
import dev.cobro.domain.payment.PaymentNotification;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.ProviderId;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A payment store with no checkout payments: the resolver's Pay-me tests have none to expire. */
final class NoCheckoutPayments implements PaymentStorePort {

    @Override
    public void insertRequested(Payment payment, ProviderAttempt attempt) {
        throw new UnsupportedOperationException("no checkout payments in Pay-me tests");
    }

    @Override
    public void save(Payment payment, ProviderAttempt attempt) {
        throw new UnsupportedOperationException("no checkout payments in Pay-me tests");
    }

    @Override
    public Optional<Payment> findById(PaymentId id) {
        return Optional.empty();
    }

    @Override
    public Optional<Payment> findByMerchantReference(ProviderId provider, AccountId account,
                                                     MerchantReference reference) {
        return Optional.empty();
    }

    @Override
    public List<Payment> findByProviderReference(ProviderId provider, String reference) {
        return List.of();
    }

    @Override
    public List<Payment> findBySession(ProviderId provider, String sessionId) {
        return List.of();
    }

    @Override
    public List<Payment> findByStatusUpdatedBefore(Set<PaymentStatus> statuses, Instant before, int limit) {
        return List.of();
    }

    @Override
    public void recordNotification(PaymentNotification notification, Payment changed) {
        throw new UnsupportedOperationException("no checkout payments in Pay-me tests");
    }

    @Override
    public List<PaymentNotification> notificationsOf(PaymentId id) {
        return List.of();
    }
}
