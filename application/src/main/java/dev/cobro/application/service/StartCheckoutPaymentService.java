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
import dev.cobro.application.port.out.ProviderConfigurationException;
import dev.cobro.application.port.out.ProviderExchange;
import dev.cobro.application.port.out.ProviderOutcome;
import dev.cobro.application.port.out.ProviderUnavailableException;
import dev.cobro.domain.attempt.AttemptOperation;
import dev.cobro.application.port.in.ProviderNotConfiguredException;
import dev.cobro.domain.payment.Country;
import dev.cobro.domain.payment.Payment;
import dev.cobro.domain.payment.PaymentId;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.TransactionKind;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Hosted checkout through the one write-ahead routine ({@link ProviderOperation}): record payment +
 * attempt, call the provider, record the outcome. This use case supplies the charge, the session
 * and the idempotency answers; the sequence and its guards are the routine's.
 *
 * <p>A checkout that names no provider, in a country with a route, is routed: the providers of its country's route are tried in
 * order, each try a recorded attempt of the same payment (one merchant reference, one row), and the
 * next provider only while the previous try provably created nothing ({@link #nothingCreated}). The
 * payment then belongs to the provider and account that served it; its attempts say which were tried.
 * In a country without a route, the one provider serving it is the checkout's, as if named.
 */
public final class StartCheckoutPaymentService implements StartCheckoutPaymentUseCase {

    private final ProviderRegistry<HostedCheckoutProviderPort> providers;
    private final PaymentStorePort payments;
    private final ProviderOperation operation;
    private final ProviderOperation.Answers<Payment, PaymentId, PaymentStatus, CheckoutPaymentResult> answers;
    private final ProviderOperation.Answers<Payment, PaymentId, PaymentStatus, CheckoutPaymentResult> routedAnswers;
    private final AttemptLogPort attempts;
    private final CheckoutRoutes routes;
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
        this(providers, payments, attempts, signer, metrics, CheckoutRoutes.NONE, ids, clock);
    }

    /**
     * With the routes of checkouts that name no provider. A route naming a provider that is not
     * configured, or one with no account for the route's country, is refused here, at start-up, with
     * a {@link ProviderNotConfiguredException}.
     */
    public StartCheckoutPaymentService(ProviderRegistry<HostedCheckoutProviderPort> providers, PaymentStorePort payments,
                                       AttemptLogPort attempts, NotificationSigner signer, MetricsPort metrics,
                                       CheckoutRoutes routes, Supplier<UUID> ids, Clock clock) {
        this.providers = providers;
        this.attempts = attempts;
        this.routes = routes;
        routes.byCountry().forEach((country, route) -> route.forEach(provider -> {
            if (!providers.ids().contains(provider)) {
                throw new ProviderNotConfiguredException("the route of " + country + " names provider '" + provider
                        + "', which is not a configured hosted-checkout provider (configured: "
                        + providers.ids().stream().map(ProviderId::value).sorted().toList() + ")");
            }
            accountFor(provider, null, country);
        }));
        this.payments = payments;
        this.operation = new ProviderOperation(attempts, metrics, ids, clock);
        this.answers = new ProviderOperation.Answers<>(payments,
                p -> payments.findByMerchantReference(p.provider(), p.account(), p.merchantReference()),
                p -> "merchant reference " + p.merchantReference() + " of provider " + p.provider() + " account "
                        + p.account() + " was used for another request (payment " + p.id() + ")",
                p -> new CheckoutPaymentResult.InProgress(AggregateViews.payment(p)),
                p -> new CheckoutPaymentResult.Replayed(AggregateViews.payment(p)));
        // A routed payment's key is its merchant reference alone: its provider moved along the route.
        this.routedAnswers = new ProviderOperation.Answers<>(payments,
                p -> payments.findRoutedByMerchantReference(p.merchantReference()),
                p -> "merchant reference " + p.merchantReference() + " of a routed checkout was used for another"
                        + " request (payment " + p.id() + ")",
                p -> new CheckoutPaymentResult.InProgress(AggregateViews.payment(p), triedBy(p)),
                p -> new CheckoutPaymentResult.Replayed(AggregateViews.payment(p), triedBy(p)));
        this.signer = signer;
        this.ids = ids;
        this.clock = clock;
    }

    @Override
    public CheckoutPaymentResult start(StartCheckoutPaymentCommand command) {
        Country country = command.details().country();
        ProviderId named = command.provider();
        if (command.isRouted()) {
            if (routes.of(country) != null) {
                return route(command);
            }
            // No route: the one provider serving the country is the checkout's, as if named, and so is
            // its key. A route of one provider would have nothing to fall back to, and a checkout sent
            // without a provider before routes existed keeps answering from its record.
            named = soleProviderOf(country);
        }
        HostedCheckoutProviderPort provider = accountFor(named, command.account(), country);
        AccountId account = provider.account();
        String fingerprint = Fingerprints.of(command.details());
        // Insert first: the write-ahead itself finds a taken merchant reference (the key's unique
        // constraint), and only then is the stored payment read to answer from it.
        Payment payment = Payment.request(new PaymentId(ids.get()), named, account,
                command.merchantReference(), command.details(), fingerprint, clock);
        return send(provider, payment, true, fingerprint);
    }

    /**
     * The account a checkout goes through: the one it names; else the provider's account configured
     * for its country; else the {@code default} account; else a clear error.
     */
    private HostedCheckoutProviderPort accountFor(ProviderId provider, AccountId account, Country country) {
        if (account != null) {
            return providers.get(provider, account);
        }
        List<HostedCheckoutProviderPort> accounts = providers.accountsOf(provider);
        // A loop, not a stream: it runs for every checkout, over an account or two.
        List<HostedCheckoutProviderPort> forCountry = new ArrayList<>(1);
        for (HostedCheckoutProviderPort adapter : accounts) {
            if (adapter.countries().contains(country)) {
                forCountry.add(adapter);
            }
        }
        if (forCountry.size() > 1) {
            throw new ProviderNotConfiguredException("accounts " + forCountry.stream().map(a -> a.account().value())
                    .toList() + " of provider " + provider + " both serve country " + country
                    + ": the checkout must name its account");
        }
        if (forCountry.size() == 1) {
            return forCountry.get(0);
        }
        boolean hasDefault = accounts.stream().anyMatch(adapter -> AccountId.DEFAULT.equals(adapter.account()));
        if (!hasDefault && !accounts.isEmpty()) {
            throw new ProviderNotConfiguredException("no account of provider " + provider
                    + " serves country " + country + " and it has no 'default' account (accounts: "
                    + accounts.stream().map(a -> a.account().value()).toList() + "): name the account or configure"
                    + " one for " + country);
        }
        return providers.get(provider);
    }

    /** The providers a routed checkout of {@code country} tries, each through its account for the country. */
    private List<HostedCheckoutProviderPort> planFor(Country country) {
        return routes.of(country).stream().map(provider -> accountFor(provider, null, country)).toList();
    }

    /**
     * The provider of a checkout that names none, in a country without a route: the one provider with
     * an account for the country, or the one provider configured at all; else a clear error, before
     * anything is recorded.
     */
    private ProviderId soleProviderOf(Country country) {
        Set<ProviderId> serving = new LinkedHashSet<>();
        providers.ids().forEach(id -> providers.accountsOf(id).stream()
                .filter(adapter -> adapter.countries().contains(country)).findAny()
                .ifPresent(adapter -> serving.add(id)));
        if (serving.isEmpty() && providers.ids().size() == 1) {
            serving.addAll(providers.ids());
        }
        if (serving.size() != 1) {
            throw new ProviderNotConfiguredException("the checkout names no provider and country " + country
                    + " has no route" + (serving.isEmpty() ? "" : " (providers serving it: " + serving.stream()
                    .map(ProviderId::value).sorted().toList() + ")") + ": name the provider, or configure the"
                    + " route of " + country + " (routing(\"" + country + "\", ...), COBRO_ROUTES_" + country
                    + ")");
        }
        return serving.iterator().next();
    }

    /**
     * A checkout that names no provider, routed: one payment, written ahead with the route's first
     * provider; each try an attempt of it, and the next try only after {@link #nothingCreated}.
     */
    private CheckoutPaymentResult route(StartCheckoutPaymentCommand command) {
        List<HostedCheckoutProviderPort> plan = planFor(command.details().country());
        String fingerprint = Fingerprints.of(command.details());
        HostedCheckoutProviderPort first = plan.get(0);
        Payment payment = Payment.route(new PaymentId(ids.get()), first.providerId(), first.account(),
                command.merchantReference(), command.details(), fingerprint, clock);
        return tryRoute(plan, payment, true, fingerprint, new ArrayList<>());
    }

    /**
     * Tries {@code plan} in order for {@code payment}. A stored payment (NOT_SENT: nothing was created
     * anywhere) starts the route again from its first provider. Every try but a new payment's first
     * re-points the payment (NOT_SENT to REQUESTED, {@link Payment#reroute}) before its write-ahead, so
     * that the attempt, the notification URL's signature and the payment name the provider it goes to.
     * A refused write-ahead is answered from the record and never re-routed: the record has the outcome.
     */
    private CheckoutPaymentResult tryRoute(List<HostedCheckoutProviderPort> plan, Payment payment, boolean isNew,
                                           String fingerprint, List<ProviderId> tried) {
        for (int i = 0; i < plan.size(); i++) {
            HostedCheckoutProviderPort provider = plan.get(i);
            boolean insert = isNew && i == 0;
            if (!insert) {
                payment.reroute(provider.providerId(), provider.account(), clock);
            }
            // A preparation failure is recorded (and the route goes on) only while a provider is left; at the
            // last one it is thrown as for a checkout that names its provider: the host sees why.
            ProviderOperation.Ran<CheckoutCreated> ran = charge(provider, payment, insert, i < plan.size() - 1);
            if (ran instanceof ProviderOperation.Ran.Refused<CheckoutCreated> refused) {
                return ProviderOperation.answerFromRecord(refused, payment, insert, fingerprint, routedAnswers,
                        stored -> tryRoute(plan, stored, false, fingerprint, new ArrayList<>(triedBy(stored))));
            }
            if (!tried.contains(provider.providerId())) {
                tried.add(provider.providerId());
            }
            if (!nothingCreated(((ProviderOperation.Ran.Sent<CheckoutCreated>) ran).outcome())) {
                break;
            }
        }
        return new CheckoutPaymentResult.Created(AggregateViews.payment(payment), tried);
    }

    /**
     * Whether a try provably created nothing at its provider, so that the next one may be tried: only
     * NOT_SENT, which an adapter answers when nothing reached the provider or it processed nothing (a
     * 429), and which a routed try with a provider after it also records when the charge could not
     * even be prepared (the provider unreachable or refusing Cobro's credentials for a session, before
     * any charge of this payment existed: {@link Unprepared}). Never after UNKNOWN: the provider may
     * have created the checkout, and a second provider's would let the customer pay twice. Never after
     * a created checkout. Never after REJECTED either: it is the provider's answer to the charge itself, a final
     * status of the payment the host must see, and the next provider would judge the same request.
     */
    private static boolean nothingCreated(ProviderOutcome<CheckoutCreated> outcome) {
        return outcome instanceof ProviderOutcome.NotSent;
    }

    /** The providers a payment was tried with, in order, from its recorded attempts. */
    private List<ProviderId> triedBy(Payment payment) {
        Set<ProviderId> tried = new LinkedHashSet<>();
        for (ProviderAttempt attempt : attempts.attemptsOf(payment.id().value())) {
            tried.add(attempt.provider());
        }
        if (tried.isEmpty()) {
            tried.add(payment.provider());
        }
        return List.copyOf(tried);
    }

    /**
     * One charge through the provider operation. A write-ahead refused by the record (the key taken by
     * a racing duplicate, an unfinished call of this payment, a concurrent save) is answered from the
     * record: NOT_SENT is the one status the same key may send again.
     */
    private CheckoutPaymentResult send(HostedCheckoutProviderPort provider, Payment payment, boolean isNew,
                                       String fingerprint) {
        ProviderOperation.Ran<CheckoutCreated> ran = charge(provider, payment, isNew, false);
        if (ran instanceof ProviderOperation.Ran.Refused<CheckoutCreated> refused) {
            return ProviderOperation.answerFromRecord(refused, payment, isNew, fingerprint, answers, stored -> {
                stored.retry(clock);
                return send(provider, stored, false, fingerprint);
            });
        }
        return new CheckoutPaymentResult.Created(AggregateViews.payment(payment));
    }

    /**
     * One charge of {@code payment} through {@code provider}, written ahead, sent and recorded. With
     * {@code fallback} (a routed try with a provider after it) a charge that could not be prepared is
     * recorded as a NOT_SENT attempt ({@link Unprepared}), so the route may go on; otherwise the
     * preparation failure is thrown, nothing recorded.
     */
    private ProviderOperation.Ran<CheckoutCreated> charge(HostedCheckoutProviderPort provider, Payment payment,
                                                          boolean isNew, boolean fallback) {
        ProviderOperation.Subject subject = ProviderOperation.Subject.of(TransactionKind.CHECKOUT_PAYMENT, payment,
                payment.id().value(), "payment " + payment.id(), payments);
        CheckoutCharge charge = charge(payment);
        return operation.run(subject, isNew, AttemptOperation.CHARGE, new ProviderOperation.Call<PreparedCharge,
                CheckoutCreated>(() -> fallback ? prepareOrNot(provider, payment, charge) : prepare(provider, payment,
                charge), prepared -> prepared instanceof Unprepared unprepared
                ? ProviderOutcome.notSent(unprepared.reason(), ProviderExchange.nothing()) : provider.charge(prepared),
                (prepared, outcome) -> moveAs(payment, prepared, outcome)));
    }

    /**
     * A routed try's charge, or {@link Unprepared} when the provider could not be reached or refused
     * Cobro's credentials while preparing: both happen before any charge of this payment exists there.
     */
    private static PreparedCharge prepareOrNot(HostedCheckoutProviderPort provider, Payment payment,
                                               CheckoutCharge charge) {
        try {
            return prepare(provider, payment, charge);
        } catch (ProviderUnavailableException | ProviderConfigurationException e) {
            return new Unprepared("not prepared: " + e.getMessage());
        }
    }

    /**
     * A charge that could not be prepared: recorded as an attempt with no request, ended NOT_SENT
     * without a call. {@code reason} is the failure's message, which names no secret.
     */
    private record Unprepared(String reason) implements PreparedCharge {

        @Override
        public String redactedRequest() {
            return null;
        }

        @Override
        public String sessionId() {
            return null;
        }
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
