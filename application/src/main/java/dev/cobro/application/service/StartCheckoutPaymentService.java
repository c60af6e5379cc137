package dev.cobro.application.service;

import dev.cobro.application.port.in.CheckoutPaymentResult;
import dev.cobro.application.port.in.IdempotencyConflictException;
import dev.cobro.application.port.in.StartCheckoutPaymentCommand;
import dev.cobro.application.port.in.StartCheckoutPaymentUseCase;
import dev.cobro.application.port.out.AttemptLogPort;
import dev.cobro.application.port.out.ChargeOutcome;
import dev.cobro.application.port.out.CheckoutCharge;
import dev.cobro.application.port.out.ConcurrentUpdateException;
import dev.cobro.application.port.out.DuplicateKeyException;
import dev.cobro.application.port.out.HostedCheckoutProviderPort;
import dev.cobro.application.port.out.PaymentStorePort;
import dev.cobro.application.port.out.PreparedCharge;
import dev.cobro.application.port.out.ProviderExchange;
import dev.cobro.application.port.out.StoreUnavailableException;
import dev.cobro.domain.attempt.AttemptOperation;
import dev.cobro.domain.attempt.AttemptStatus;
import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.payment.Payment;
import dev.cobro.domain.payment.PaymentId;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.TransactionKind;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Write-ahead checkout: record payment + attempt, call the provider, record the outcome. No
 * transaction is open during the HTTP call; if the first write fails the provider is not called.
 */
public final class StartCheckoutPaymentService implements StartCheckoutPaymentUseCase {

    private final ProviderRegistry<HostedCheckoutProviderPort> providers;
    private final PaymentStorePort payments;
    private final AttemptLogPort attempts;
    private final NotificationSigner signer;
    private final Supplier<UUID> ids;
    private final Clock clock;

    public StartCheckoutPaymentService(ProviderRegistry<HostedCheckoutProviderPort> providers, PaymentStorePort payments,
                                       AttemptLogPort attempts, NotificationSigner signer, Supplier<UUID> ids,
                                       Clock clock) {
        this.providers = providers;
        this.payments = payments;
        this.attempts = attempts;
        this.signer = signer;
        this.ids = ids;
        this.clock = clock;
    }

    @Override
    public CheckoutPaymentResult start(StartCheckoutPaymentCommand command) {
        HostedCheckoutProviderPort provider = providers.get(command.provider());
        String fingerprint = Fingerprints.of(command.details());
        Optional<Payment> existing = payments.findByMerchantReference(command.provider(), command.merchantReference());
        if (existing.isPresent()) {
            return answerExisting(existing.get(), fingerprint, provider);
        }
        Payment payment = Payment.request(new PaymentId(ids.get()), command.provider(), command.merchantReference(),
                command.details(), fingerprint, clock);
        PreparedCharge prepared = provider.prepareCharge(charge(payment));
        payment.useSession(prepared.sessionId());
        ProviderAttempt attempt = newAttempt(payment, 1, prepared);
        try {
            payments.insertRequested(payment, attempt);
        } catch (DuplicateKeyException raced) {
            return answerRacedKey(command, fingerprint, raced);
        }
        return new CheckoutPaymentResult.Created(send(provider, payment, attempt, prepared));
    }

    /** The charge, sent with Cobro's signed notification URL: the notification names its payment. */
    private CheckoutCharge charge(Payment payment) {
        return new CheckoutCharge(payment.id(), payment.merchantReference(), payment.details(),
                signer.signedUrl(payment.details().notificationUrl().value(), payment.provider(),
                        NotificationSigner.DEFAULT_ACCOUNT, payment.id()));
    }

    private CheckoutPaymentResult answerRacedKey(StartCheckoutPaymentCommand command, String fingerprint,
                                                 DuplicateKeyException raced) {
        Payment winner = payments.findByMerchantReference(command.provider(), command.merchantReference())
                .orElseThrow(() -> raced);
        return answerExisting(winner, fingerprint, null);
    }

    private CheckoutPaymentResult answerExisting(Payment stored, String fingerprint, HostedCheckoutProviderPort provider) {
        if (!stored.fingerprint().equals(fingerprint)) {
            throw new IdempotencyConflictException("merchant reference " + stored.merchantReference() + " of provider "
                    + stored.provider() + " was used for another request (payment " + stored.id() + ")");
        }
        if (stored.status() == PaymentStatus.REQUESTED) {
            return new CheckoutPaymentResult.InProgress(stored);
        }
        if (stored.status() == PaymentStatus.NOT_SENT && provider != null) {
            return resend(stored, provider);
        }
        return new CheckoutPaymentResult.Replayed(stored);
    }

    /** NOT_SENT is the one status the same key may send again. */
    private CheckoutPaymentResult resend(Payment payment, HostedCheckoutProviderPort provider) {
        payment.retry(clock);
        int number = attempts.attemptsOf(payment.id().value()).size() + 1;
        PreparedCharge prepared = provider.prepareCharge(charge(payment));
        payment.useSession(prepared.sessionId());
        ProviderAttempt attempt = newAttempt(payment, number, prepared);
        try {
            payments.save(payment, attempt);
        } catch (ConcurrentUpdateException raced) {
            return payments.findById(payment.id()).<CheckoutPaymentResult>map(CheckoutPaymentResult.InProgress::new)
                    .orElseThrow(() -> raced);
        }
        return new CheckoutPaymentResult.Created(send(provider, payment, attempt, prepared));
    }

    private ProviderAttempt newAttempt(Payment payment, int number, PreparedCharge prepared) {
        return ProviderAttempt.start(ids.get(), TransactionKind.CHECKOUT_PAYMENT, payment.id().value(),
                payment.provider(), AttemptOperation.CHARGE, number, prepared.redactedRequest(), clock);
    }

    private Payment send(HostedCheckoutProviderPort provider, Payment payment, ProviderAttempt attempt,
                         PreparedCharge prepared) {
        ChargeOutcome outcome = provider.charge(prepared);
        ProviderExchange exchange = outcome.exchange();
        if (outcome instanceof ChargeOutcome.Accepted accepted) {
            boolean mismatch = echoDiffers(payment, accepted);
            payment.awaitCustomer(accepted.sessionId(), accepted.reference(), accepted.checkoutUrl(), mismatch, clock);
            finish(attempt, AttemptStatus.SUCCEEDED, exchange);
        } else if (outcome instanceof ChargeOutcome.Rejected rejected) {
            payment.reject(rejected.reason(), clock);
            finish(attempt, AttemptStatus.REJECTED, exchange);
        } else if (outcome instanceof ChargeOutcome.NotSent notSent) {
            payment.notSent(notSent.reason(), clock);
            finish(attempt, AttemptStatus.NOT_SENT, exchange);
        } else if (outcome instanceof ChargeOutcome.Unknown unknown) {
            payment.unknown(unknown.reason(), clock);
            finish(attempt, AttemptStatus.UNKNOWN, exchange);
        }
        try {
            payments.save(payment, attempt);
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("payment " + payment.id() + " was sent to " + payment.provider()
                    + " but its outcome (" + payment.status() + ") could not be recorded; it stays REQUESTED"
                    + " and resolve-unknown will settle it", e);
        }
        return payment;
    }

    private void finish(ProviderAttempt attempt, AttemptStatus status, ProviderExchange exchange) {
        attempt.finish(status, exchange.httpStatus(), exchange.providerCode(), exchange.providerMessage(),
                exchange.redactedResponse(), clock);
    }

    /** 88Pay echoes 100 for 100.00: the amount is compared numerically, never trusted blindly. */
    private static boolean echoDiffers(Payment payment, ChargeOutcome.Accepted accepted) {
        boolean amountDiffers = accepted.echoedAmount() != null
                && accepted.echoedAmount().compareTo(payment.details().money().amount()) != 0;
        boolean currencyDiffers = accepted.echoedCurrency() != null
                && !accepted.echoedCurrency().equals(payment.details().money().currency().getCurrencyCode());
        return amountDiffers || currencyDiffers;
    }
}
