package dev.cobro.application.service;

import dev.cobro.application.port.in.AggregateViews;
import dev.cobro.application.port.in.CheckoutPaymentResult;
import dev.cobro.application.port.in.IdempotencyConflictException;
import dev.cobro.application.port.in.StartCheckoutPaymentCommand;
import dev.cobro.application.port.in.StartCheckoutPaymentUseCase;
import dev.cobro.application.port.out.AttemptLogPort;
import dev.cobro.application.port.out.ChargeOutcome;
import dev.cobro.application.port.out.CheckoutCharge;
import dev.cobro.application.port.out.HostedCheckoutProviderPort;
import dev.cobro.application.port.out.PaymentStorePort;
import dev.cobro.application.port.out.PreparedCharge;
import dev.cobro.domain.attempt.AttemptOperation;
import dev.cobro.domain.attempt.AttemptStatus;
import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.application.port.in.ProviderNotConfiguredException;
import dev.cobro.domain.payment.Country;
import dev.cobro.domain.payment.Payment;
import dev.cobro.domain.payment.PaymentId;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.TransactionKind;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Hosted checkout through the one write-ahead routine ({@link ProviderOperation}): record payment +
 * attempt, call the provider, record the outcome. This use case supplies the charge, the session
 * and the idempotency answers; the sequence and its guards are the routine's.
 */
public final class StartCheckoutPaymentService implements StartCheckoutPaymentUseCase {

    private final ProviderRegistry<HostedCheckoutProviderPort> providers;
    private final PaymentStorePort payments;
    private final ProviderOperation operation;
    private final NotificationSigner signer;
    private final Supplier<UUID> ids;
    private final Clock clock;

    public StartCheckoutPaymentService(ProviderRegistry<HostedCheckoutProviderPort> providers, PaymentStorePort payments,
                                       AttemptLogPort attempts, NotificationSigner signer, Supplier<UUID> ids,
                                       Clock clock) {
        this.providers = providers;
        this.payments = payments;
        this.operation = new ProviderOperation(attempts, ids, clock);
        this.signer = signer;
        this.ids = ids;
        this.clock = clock;
    }

    @Override
    public CheckoutPaymentResult start(StartCheckoutPaymentCommand command) {
        HostedCheckoutProviderPort provider = accountFor(command);
        AccountId account = provider.account();
        String fingerprint = Fingerprints.of(command.details());
        // Insert first: the write-ahead itself finds a taken merchant reference (the key's unique
        // constraint), and only then is the stored payment read to answer from it.
        Payment payment = Payment.request(new PaymentId(ids.get()), command.provider(), account,
                command.merchantReference(), command.details(), fingerprint, clock);
        return send(provider, payment, true, fingerprint);
    }

    /**
     * The account a checkout goes through: the one it names; else the provider's account configured
     * for its country; else the {@code default} account; else a clear error.
     */
    private HostedCheckoutProviderPort accountFor(StartCheckoutPaymentCommand command) {
        if (command.account() != null) {
            return providers.get(command.provider(), command.account());
        }
        List<HostedCheckoutProviderPort> accounts = providers.accountsOf(command.provider());
        Country country = command.details().country();
        List<HostedCheckoutProviderPort> forCountry = accounts.stream()
                .filter(adapter -> adapter.countries().contains(country)).toList();
        if (forCountry.size() > 1) {
            throw new ProviderNotConfiguredException("accounts " + forCountry.stream().map(a -> a.account().value())
                    .toList() + " of provider " + command.provider() + " both serve country " + country
                    + ": the checkout must name its account");
        }
        if (forCountry.size() == 1) {
            return forCountry.get(0);
        }
        boolean hasDefault = accounts.stream().anyMatch(adapter -> AccountId.DEFAULT.equals(adapter.account()));
        if (!hasDefault && !accounts.isEmpty()) {
            throw new ProviderNotConfiguredException("no account of provider " + command.provider()
                    + " serves country " + country + " and it has no 'default' account (accounts: "
                    + accounts.stream().map(a -> a.account().value()).toList() + "): name the account or configure"
                    + " one for " + country);
        }
        return providers.get(command.provider());
    }

    private CheckoutPaymentResult answerExisting(Payment stored, String fingerprint, HostedCheckoutProviderPort provider) {
        if (!stored.fingerprint().equals(fingerprint)) {
            throw new IdempotencyConflictException("merchant reference " + stored.merchantReference() + " of provider "
                    + stored.provider() + " account " + stored.account() + " was used for another request (payment " + stored.id() + ")");
        }
        if (stored.status() == PaymentStatus.REQUESTED) {
            return new CheckoutPaymentResult.InProgress(AggregateViews.payment(stored));
        }
        if (stored.status() == PaymentStatus.NOT_SENT && provider != null) {
            // NOT_SENT is the one status the same key may send again.
            stored.retry(clock);
            return send(provider, stored, false, fingerprint);
        }
        return new CheckoutPaymentResult.Replayed(AggregateViews.payment(stored));
    }

    /**
     * One charge through the provider operation. A write-ahead refused by the record (the key taken by
     * a racing duplicate, an unfinished call of this payment, a concurrent save) is answered from the
     * record.
     */
    private CheckoutPaymentResult send(HostedCheckoutProviderPort provider, Payment payment, boolean isNew,
                                       String fingerprint) {
        ProviderOperation.Subject subject = new ProviderOperation.Subject(TransactionKind.CHECKOUT_PAYMENT,
                payment.id().value(), payment.provider(), payment.account(), isNew, "payment " + payment.id());
        ProviderOperation.Ran<ChargeOutcome> ran = operation.run(subject, AttemptOperation.CHARGE,
                new ChargeSteps(provider, payment, charge(payment), isNew));
        if (ran instanceof ProviderOperation.Ran.Refused<ChargeOutcome> refused) {
            return fromRecord(provider, payment, isNew, fingerprint, refused.why());
        }
        return new CheckoutPaymentResult.Created(AggregateViews.payment(payment));
    }

    /**
     * The charge, sent with Cobro's signed notification URL: the notification names its payment. The
     * payment keeps the id of the key that signed it, so that health can tell when that key is gone.
     */
    private CheckoutCharge charge(Payment payment) {
        NotificationSigner.Signed signed = signer.sign(payment.details().notificationUrl().value(),
                payment.provider(), payment.account().value(), payment.id());
        payment.signNotificationsWith(signed.keyId());
        return new CheckoutCharge(payment.id(), payment.merchantReference(), payment.details(), signed.url());
    }

    private CheckoutPaymentResult fromRecord(HostedCheckoutProviderPort provider, Payment payment, boolean isNew,
                                             String fingerprint, RuntimeException why) {
        Payment stored = (isNew ? payments.findByMerchantReference(payment.provider(), payment.account(),
                payment.merchantReference())
                : payments.findById(payment.id())).orElseThrow(() -> why);
        if (isNew) {
            return answerExisting(stored, fingerprint, provider);
        }
        return new CheckoutPaymentResult.InProgress(AggregateViews.payment(stored));
    }

    /** What a checkout charge supplies to the provider operation. */
    private final class ChargeSteps implements ProviderOperation.Steps<PreparedCharge, ChargeOutcome> {

        private final HostedCheckoutProviderPort provider;
        private final Payment payment;
        private final CheckoutCharge charge;
        private final boolean isNew;

        ChargeSteps(HostedCheckoutProviderPort provider, Payment payment, CheckoutCharge charge, boolean isNew) {
            this.provider = provider;
            this.payment = payment;
            this.charge = charge;
            this.isNew = isNew;
        }

        @Override
        public PreparedCharge prepare() {
            PreparedCharge prepared = provider.prepareCharge(charge);
            payment.useSession(prepared.sessionId());
            return prepared;
        }

        @Override
        public void writeAhead(ProviderAttempt attempt) {
            if (isNew) {
                payments.insertRequested(payment, attempt);
            } else {
                payments.save(payment, attempt);
            }
        }

        @Override
        public ChargeOutcome call(PreparedCharge prepared) {
            return provider.charge(prepared);
        }

        @Override
        public ProviderOperation.Settlement settle(PreparedCharge prepared, ChargeOutcome outcome) {
            // The session stored is the one the charge last went out under (a 401 re-sends it under a
            // fresh one), whatever the outcome: a notification is matched on it.
            payment.useSession(outcome.sessionId() != null ? outcome.sessionId() : prepared.sessionId());
            AttemptStatus status;
            if (outcome instanceof ChargeOutcome.Accepted accepted) {
                payment.awaitCustomer(accepted.sessionId(), accepted.reference(), accepted.checkoutUrl(),
                        echoDiffers(payment, accepted), clock);
                status = AttemptStatus.SUCCEEDED;
            } else if (outcome instanceof ChargeOutcome.Rejected rejected) {
                payment.reject(rejected.reason(), clock);
                status = AttemptStatus.REJECTED;
            } else if (outcome instanceof ChargeOutcome.NotSent notSent) {
                payment.notSent(notSent.reason(), clock);
                status = AttemptStatus.NOT_SENT;
            } else {
                payment.unknown(((ChargeOutcome.Unknown) outcome).reason(), clock);
                status = AttemptStatus.UNKNOWN;
            }
            return new ProviderOperation.Settlement(status, outcome.exchange());
        }

        @Override
        public void record(ProviderAttempt attempt) {
            payments.save(payment, attempt);
        }
    }

    /** 88Pay echoes 100 for 100.00: the amount is compared numerically, never trusted blindly. */
    private static boolean echoDiffers(Payment payment, ChargeOutcome.Accepted accepted) {
        boolean amountDiffers = accepted.echoedAmount() != null
                && !payment.details().money().sameAmountAs(accepted.echoedAmount());
        boolean currencyDiffers = accepted.echoedCurrency() != null
                && !accepted.echoedCurrency().equals(payment.details().money().currency().getCurrencyCode());
        return amountDiffers || currencyDiffers;
    }
}
