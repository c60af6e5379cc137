package dev.cobro.application.service;

import dev.cobro.application.port.in.AggregateViews;
import dev.cobro.application.port.in.CheckoutPaymentResult;
import dev.cobro.application.port.in.StartCheckoutPaymentCommand;
import dev.cobro.application.port.in.StartCheckoutPaymentUseCase;
import dev.cobro.application.port.out.AttemptLogPort;
import dev.cobro.application.port.out.CheckoutCharge;
import dev.cobro.application.port.out.CheckoutCreated;
import dev.cobro.application.port.out.HostedCheckoutProviderPort;
import dev.cobro.application.port.out.PaymentStorePort;
import dev.cobro.application.port.out.MetricsPort;
import dev.cobro.application.port.out.PreparedCharge;
import dev.cobro.application.port.out.ProviderOutcome;
import dev.cobro.application.port.out.TransactionStatus;
import dev.cobro.domain.attempt.AttemptOperation;
import dev.cobro.application.port.in.ProviderNotConfiguredException;
import dev.cobro.domain.payment.Country;
import dev.cobro.domain.payment.Payment;
import dev.cobro.domain.payment.PaymentId;
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
    private final ProviderOperation.Answers<Payment, CheckoutPaymentResult> answers;
    private final NotificationSigner signer;
    private final Supplier<UUID> ids;
    private final Clock clock;

    public StartCheckoutPaymentService(ProviderRegistry<HostedCheckoutProviderPort> providers, PaymentStorePort payments,
                                       AttemptLogPort attempts, NotificationSigner signer, Supplier<UUID> ids,
                                       Clock clock) {
        this(providers, payments, attempts, signer, MetricsPort.NONE, ids, clock);
    }

    /** With the metrics every charge is timed in (provider, account, operation, outcome). */
    public StartCheckoutPaymentService(ProviderRegistry<HostedCheckoutProviderPort> providers, PaymentStorePort payments,
                                       AttemptLogPort attempts, NotificationSigner signer, MetricsPort metrics,
                                       Supplier<UUID> ids, Clock clock) {
        this.providers = providers;
        this.payments = payments;
        this.operation = new ProviderOperation(attempts, metrics, ids, clock);
        this.answers = new ProviderOperation.Answers<>(
                p -> payments.findByMerchantReference(p.provider(), p.account(), p.merchantReference()),
                p -> payments.findById(p.id()), Payment::fingerprint, p -> TransactionStatus.of(p.status()),
                p -> "merchant reference " + p.merchantReference() + " of provider " + p.provider() + " account "
                        + p.account() + " was used for another request (payment " + p.id() + ")",
                p -> new CheckoutPaymentResult.InProgress(AggregateViews.payment(p)),
                p -> new CheckoutPaymentResult.Replayed(AggregateViews.payment(p)));
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

    /**
     * One charge through the provider operation. A write-ahead refused by the record (the key taken by
     * a racing duplicate, an unfinished call of this payment, a concurrent save) is answered from the
     * record: NOT_SENT is the one status the same key may send again.
     */
    private CheckoutPaymentResult send(HostedCheckoutProviderPort provider, Payment payment, boolean isNew,
                                       String fingerprint) {
        ProviderOperation.Subject subject = new ProviderOperation.Subject(TransactionKind.CHECKOUT_PAYMENT,
                payment.id().value(), payment.provider(), payment.account(), "payment " + payment.id(),
                attempt -> payments.insertRequested(payment, attempt), attempt -> payments.save(payment, attempt));
        CheckoutCharge charge = charge(payment);
        ProviderOperation.Ran<CheckoutCreated> ran = operation.run(subject, isNew, AttemptOperation.CHARGE,
                new ProviderOperation.Call<>(() -> prepare(provider, payment, charge), provider::charge,
                        (prepared, outcome) -> moveAs(payment, prepared, outcome)));
        if (ran instanceof ProviderOperation.Ran.Refused<CheckoutCreated> refused) {
            return ProviderOperation.answerFromRecord(refused, payment, isNew, fingerprint, answers, stored -> {
                stored.retry(clock);
                return send(provider, stored, false, fingerprint);
            });
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
        return new CheckoutCharge(payment.id(), payment.merchantReference(), payment.details(), signed.url(),
                payment.createdAt());
    }

    /** The charge, prepared: the payment takes the session it will go out under. */
    private static PreparedCharge prepare(HostedCheckoutProviderPort provider, Payment payment, CheckoutCharge charge) {
        PreparedCharge prepared = provider.prepareCharge(charge);
        payment.useSession(prepared.sessionId());
        return prepared;
    }

    private void moveAs(Payment payment, PreparedCharge prepared, ProviderOutcome<CheckoutCreated> outcome) {
        // The session stored is the one the charge last went out under (a 401 re-sends it under a
        // fresh one), whatever the outcome: a notification is matched on it.
        String session = prepared.sessionId();
        payment.useSession(session);
        if (outcome instanceof ProviderOutcome.Succeeded<CheckoutCreated> created) {
            CheckoutCreated checkout = created.answer();
            payment.awaitCustomer(session, checkout.reference(), checkout.checkoutUrl(),
                    echoDiffers(payment, checkout), clock);
        } else if (outcome instanceof ProviderOutcome.NotSent) {
            payment.notSent(outcome.reason(), clock);
        } else if (outcome instanceof ProviderOutcome.Unknown) {
            payment.unknown(outcome.reason(), clock);
        } else {
            // A hosted checkout has no decline of its own: a provider's "no" to a charge is a refusal.
            payment.reject(outcome.reason(), clock);
        }
    }

    /** 88Pay echoes 100 for 100.00: the amount is compared numerically, never trusted blindly. */
    static boolean echoDiffers(Payment payment, CheckoutCreated created) {
        boolean amountDiffers = created.echoedAmount() != null
                && !payment.details().money().sameAmountAs(created.echoedAmount());
        boolean currencyDiffers = created.echoedCurrency() != null
                && !created.echoedCurrency().equals(payment.details().money().currency().getCurrencyCode());
        return amountDiffers || currencyDiffers;
    }
}
