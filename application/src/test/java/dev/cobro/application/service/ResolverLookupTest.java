package dev.cobro.application.service;

import dev.cobro.application.fakes.FakeCheckoutProvider;
import dev.cobro.application.port.in.ResolutionReport;
import dev.cobro.application.port.in.ResolveUnknownOutcomesCommand;
import dev.cobro.application.port.out.CheckoutCharge;
import dev.cobro.application.port.out.CheckoutCreated;
import dev.cobro.application.port.out.HostedCheckoutProviderPort;
import dev.cobro.application.port.out.ParsedNotification;
import dev.cobro.application.port.out.PreparedCharge;
import dev.cobro.application.port.out.ProviderOutcome;
import dev.cobro.application.port.out.ProviderUnavailableException;
import dev.cobro.application.port.out.TransactionStatus;
import dev.cobro.domain.attempt.AttemptStatus;
import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.payment.Payment;
import dev.cobro.domain.payment.PaymentId;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.ProviderId;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static dev.cobro.application.fakes.CheckoutCommandBuilder.aCheckoutCommand;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The resolver's lookup of open checkouts, with the in-memory fakes: a provider that cannot be asked
 * is left alone; what a provider that can be asked answers is judged as a confirmed notification; an
 * unanswered creation sent again moves only when it is answered.
 */
class ResolverLookupTest {

    private static final Duration PAST_DELAY = ResolverSettings.DEFAULT_OPEN_CHECKOUT_LOOKUP_DELAY.plusSeconds(1);
    private static final ProviderId ASKABLE = ProviderId.of("askable");

    private final ServiceFixture f = new ServiceFixture();
    private final FakeCheckoutProvider askableCharges = new FakeCheckoutProvider(ASKABLE, f.payments, f.attempts);
    private final Askable askable = new Askable(askableCharges);
    private final ProviderRegistry<HostedCheckoutProviderPort> providers = new ProviderRegistry<>("hosted checkout",
            List.of(f.checkout, askable), HostedCheckoutProviderPort::providerId);
    private final StartCheckoutPaymentService start = new StartCheckoutPaymentService(providers, f.payments,
            f.attempts, f.signer, f.ids, f.clock);
    private final ResolveUnknownOutcomesService resolver = new ResolveUnknownOutcomesService(f.cardProviders,
            providers, f.signer, f.payments, f.authorizations, f.attempts, new ProcessSweepLock(),
            ServiceFixture.SETTINGS, dev.cobro.application.port.out.MetricsPort.NONE, f.ids, f.clock);

    @Test
    void aCheckoutOfAProviderThatCannotBeAskedIsLeftToItsNotificationOrExpiry() {
        f.checkout.willTimeOut();
        Payment payment = payment(start.start(aCheckoutCommand().withMerchantReference("not-askable").build())
                .payment().id());
        assertThat(payment.status()).isEqualTo(PaymentStatus.UNKNOWN);

        f.clock.advance(PAST_DELAY);
        ResolutionReport report = resolve();

        assertThat(report.changes()).isEmpty();
        assertThat(report.problems()).isEmpty();
        assertThat(f.checkout.chargeCount()).isEqualTo(1);
        assertThat(askable.lookups).isZero();
    }

    @Test
    void aFailedReadingOfTheCheckoutsOwnPaymentSettlesItFailed() {
        Payment payment = askableCheckout("200.00");
        askable.answer = p -> Optional.of(List.of(reading(p, "FAILED", PaymentStatus.FAILED, "200.00")));

        f.clock.advance(PAST_DELAY);
        ResolutionReport report = resolve();

        assertThat(report.changes()).extracting(ResolutionReport.Change::from, ResolutionReport.Change::to)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(TransactionStatus.AWAITING_CUSTOMER,
                        TransactionStatus.FAILED));
        assertThat(payment(payment.id()).status()).isEqualTo(PaymentStatus.FAILED);
    }

    @Test
    void aSucceededReadingWinsOverANewerFailedOne() {
        Payment payment = askableCheckout("210.00");
        askable.answer = p -> Optional.of(List.of(reading(p, "FAILED", PaymentStatus.FAILED, "210.00"),
                reading(p, "PAID", PaymentStatus.SUCCEEDED, "210.00")));

        f.clock.advance(PAST_DELAY);
        resolve();

        assertThat(payment(payment.id()).status()).isEqualTo(PaymentStatus.SUCCEEDED);
    }

    @Test
    void aProviderThatCannotBeReachedIsTheRunsProblemAndChangesNothing() {
        Payment payment = askableCheckout("220.00");
        askable.answer = p -> {
            throw new ProviderUnavailableException("search timed out");
        };

        f.clock.advance(PAST_DELAY);
        ResolutionReport report = resolve();

        assertThat(report.changes()).isEmpty();
        assertThat(report.problems()).singleElement().satisfies(p -> assertThat(p.reason()).contains("search timed out"));
        assertThat(payment(payment.id()).status()).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
    }

    @Test
    void anUnansweredCreationSentAgainAndRefusedStaysUnknownWithTheRefusedAttemptRecorded() {
        askableCharges.willTimeOut().willReject("HTTP 401 on the re-send");
        Payment payment = payment(start.start(askableCommand("230.00")).payment().id());
        assertThat(payment.status()).isEqualTo(PaymentStatus.UNKNOWN);
        askable.answer = p -> Optional.of(List.of());

        f.clock.advance(PAST_DELAY);
        ResolutionReport report = resolve();

        assertThat(report.changes()).isEmpty();
        assertThat(report.problems()).singleElement().satisfies(p -> assertThat(p.reason())
                .contains("sent again under the same idempotency key").contains("stays UNKNOWN"));
        assertThat(payment(payment.id()).status()).isEqualTo(PaymentStatus.UNKNOWN);
        assertThat(f.attempts.attemptsOf(payment.id().value())).extracting(ProviderAttempt::status)
                .containsExactly(AttemptStatus.UNKNOWN, AttemptStatus.REJECTED);
        assertThat(askableCharges.preparedCharges().stream().map(c -> c.charge().notificationUrl()).distinct())
                .as("sent again with the very URL it first went out with").hasSize(1);
        assertThat(askableCharges.preparedCharges()).hasSize(2);
    }

    @Test
    void anUnansweredCreationWithAPendingPaymentIsNotSentAgain() {
        askableCharges.willTimeOut();
        Payment payment = payment(start.start(askableCommand("240.00")).payment().id());
        askable.answer = p -> Optional.of(List.of(reading(p, "PENDING", PaymentStatus.AWAITING_CUSTOMER, "240.00")));

        f.clock.advance(PAST_DELAY);
        ResolutionReport report = resolve();

        assertThat(report.changes()).isEmpty();
        assertThat(askableCharges.chargeCount()).isEqualTo(1);
        assertThat(payment(payment.id()).status()).isEqualTo(PaymentStatus.UNKNOWN);
    }

    @Test
    void anUnansweredCreationPastTheCheckoutLifetimeIsNotSentAgainButExpires() {
        askableCharges.willTimeOut();
        Payment payment = payment(start.start(askableCommand("250.00")).payment().id());
        askable.answer = p -> Optional.of(List.of());

        f.clock.advance(ServiceFixture.SETTINGS.checkoutLifetime().plusSeconds(1));
        ResolutionReport report = resolve();

        assertThat(askable.lookups).isEqualTo(1);
        assertThat(askableCharges.chargeCount()).isEqualTo(1);
        assertThat(report.changes()).extracting(ResolutionReport.Change::to).containsExactly(TransactionStatus.EXPIRED);
        assertThat(payment(payment.id()).status()).isEqualTo(PaymentStatus.EXPIRED);
    }

    // --- helpers -----------------------------------------------------------------------------------

    private Payment askableCheckout(String amount) {
        Payment payment = payment(start.start(askableCommand(amount)).payment().id());
        assertThat(payment.status()).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
        return payment;
    }

    private static dev.cobro.application.port.in.StartCheckoutPaymentCommand askableCommand(String amount) {
        return aCheckoutCommand().withProvider("askable").withMerchantReference("askable-" + amount)
                .withAmount(amount).build();
    }

    private Payment payment(PaymentId id) {
        return f.payments.findById(id).orElseThrow();
    }

    /** What the provider says about one payment of the checkout, named by the checkout's session. */
    private ParsedNotification reading(PaymentId payment, String raw, PaymentStatus mapped, String amount) {
        String session = payment(payment).providerSessionId();
        return new ParsedNotification(session, "pay-" + raw, raw, mapped, new BigDecimal(amount), "MXN");
    }

    private ResolutionReport resolve() {
        return resolver.resolve(ResolveUnknownOutcomesCommand.DEFAULT);
    }

    /** A fake checkout provider that can be asked: its lookup answers what the test scripts. */
    private static final class Askable implements HostedCheckoutProviderPort {
        private final FakeCheckoutProvider charges;
        volatile Function<PaymentId, Optional<List<ParsedNotification>>> answer = p -> Optional.of(List.of());
        volatile int lookups;

        Askable(FakeCheckoutProvider charges) {
            this.charges = charges;
        }

        @Override
        public ProviderId providerId() {
            return ASKABLE;
        }

        @Override
        public PreparedCharge prepareCharge(CheckoutCharge charge) {
            return charges.prepareCharge(charge);
        }

        @Override
        public ProviderOutcome<CheckoutCreated> charge(PreparedCharge prepared) {
            return charges.charge(prepared);
        }

        @Override
        public ParsedNotification parseNotification(String body) {
            return charges.parseNotification(body);
        }

        @Override
        public Optional<List<ParsedNotification>> lookup(PaymentId payment, String providerReference) {
            lookups++;
            return answer.apply(payment);
        }
    }
}
