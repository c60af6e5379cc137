package dev.cobro.bootstrap.mercadopago;

import dev.cobro.adapters.http.mercadopago.MercadoPagoSettings;
import dev.cobro.application.port.in.AttemptView;
import dev.cobro.application.port.in.CheckoutPaymentResult;
import dev.cobro.application.port.in.ListOutcomeEventsCommand;
import dev.cobro.application.port.in.PaymentView;
import dev.cobro.application.port.in.RecordPaymentNotificationCommand;
import dev.cobro.application.port.in.RefundPaymentCommand;
import dev.cobro.application.port.in.RefundRefusedException;
import dev.cobro.application.port.in.RefundResult;
import dev.cobro.application.port.in.ResolutionReport;
import dev.cobro.application.port.out.TransactionStatus;
import dev.cobro.application.service.ResolverSettings;
import dev.cobro.bootstrap.Cobro;
import dev.cobro.domain.attempt.AttemptOperation;
import dev.cobro.domain.attempt.AttemptStatus;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.Money;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.testkit.MercadoPagoSimulator;
import dev.cobro.testkit.SandboxNotification;
import io.micrometer.core.instrument.Counter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static dev.cobro.application.fakes.CheckoutCommandBuilder.aCheckoutCommand;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * Refunds that got no answer, settled by the resolver over real HTTP (the testkit's Mercado Pago
 * sandbox) and PostgreSQL: past the delay it sends the refund again under the same idempotency key,
 * and the sandbox, as Mercado Pago documents, answers a key it has seen with the refund it made:
 * one refund made however many times it is sent, the payment moved once.
 */
class MercadoPagoUnknownRefundIT extends MercadoPagoFixture {

    static final Duration DELAY = ResolverSettings.DEFAULTS.reversalDelay();

    @BeforeAll
    static void start() {
        startSandbox();
        // The refund's own webhook would report it: dropped, so only the resolver's re-send can settle it.
        mp.apiChangeWebhooks(MercadoPagoSimulator.Webhook.DROPPED);
        cobro = Cobro.builder().dataSource(db.dataSource()).clock(clock).meterRegistry(registry)
                .mercadoPago(settings(Duration.ofSeconds(30)))
                .build();
    }

    static MercadoPagoSettings settings(Duration readTimeout) {
        return MercadoPagoHost.settings(sandbox, readTimeout);
    }

    @AfterEach
    void clearFaults() {
        mp.clearFaults();
    }

    @Test
    void aTimedOutRefundIsSentAgainUnderItsKeyAndMadeOnce() {
        PaymentView payment = settled("100.00");
        long requests = mp.refundRequests();
        long made = mp.refundsMade();
        double resolverChanges = resolverChanges("PARTIALLY_REFUNDED");

        // The sandbox makes the refund, then answers after 20 s; this Cobro waits 2 s for it.
        mp.inject("POST", "/v1/payments/", MercadoPagoSimulator.Fault.TIMEOUT, 1);
        RefundResult first;
        try (Cobro impatient = Cobro.builder().dataSource(db.dataSource()).clock(clock).runMigrations(false)
                .mercadoPago(settings(Duration.ofSeconds(2))).build()) {
            first = impatient.refunds().refund(new RefundPaymentCommand(payment.id(), new BigDecimal("40.00"),
                    "slow-40"));
        }
        assertThat(first.refund().status()).isEqualTo(AttemptStatus.UNKNOWN);
        assertThat(first.payment().status()).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(mp.refundsMade()).as("the sandbox made it before answering late").isEqualTo(made + 1);

        clock.advance(DELAY.minusSeconds(1));
        assertThat(changesOf(payment, resolve())).isEmpty();
        assertThat(mp.refundRequests()).as("nothing sent before the delay").isEqualTo(requests + 1);

        clock.advance(Duration.ofSeconds(2));
        ResolutionReport report = resolve();

        assertThat(changesOf(payment, report)).extracting(ResolutionReport.Change::from, ResolutionReport.Change::to)
                .containsExactly(tuple(TransactionStatus.SUCCEEDED, TransactionStatus.PARTIALLY_REFUNDED));
        assertThat(changesOf(payment, report).get(0).reason()).contains("slow-40").contains("idempotency key");
        assertThat(mp.refundRequests()).as("sent twice").isEqualTo(requests + 2);
        assertThat(mp.refundsMade()).as("made once: the same key answered the refund it made").isEqualTo(made + 1);
        assertThat(refundAttempts(payment)).containsExactly(AttemptStatus.UNKNOWN, AttemptStatus.SUCCEEDED);
        assertThat(eventsOf(payment)).containsOnlyOnce("SUCCEEDED->PARTIALLY_REFUNDED");
        assertThat(resolverChanges("PARTIALLY_REFUNDED")).isEqualTo(resolverChanges + 1);

        RefundResult replay = refund(payment, "40.00", "slow-40");
        assertThat(replay.replayed()).isTrue();
        assertThat(replay.refund().status()).isEqualTo(AttemptStatus.SUCCEEDED);
        assertThat(replay.payment().status()).isEqualTo(PaymentStatus.PARTIALLY_REFUNDED);
        assertThat(replay.payment().refunded()).as("counted once").isEqualTo(Money.of("40.00", "MXN"));

        // Settled: a later run sends nothing more, and the rest is exactly what remains.
        clock.advance(DELAY.multipliedBy(2));
        assertThat(changesOf(payment, resolve())).isEmpty();
        assertThat(mp.refundRequests()).isEqualTo(requests + 2);
        RefundResult rest = refund(payment, null, null);
        assertThat(rest.refund().amount()).isEqualTo(Money.of("60.00", "MXN"));
        assertThat(rest.payment().status()).isEqualTo(PaymentStatus.REFUNDED);
    }

    @Test
    void aRefundThatWasNeverProcessedStaysUnknownWhileUnansweredAndIsMadeOnceWhenItGoesThrough() {
        PaymentView payment = settled("100.00");
        long requests = mp.refundRequests();
        long made = mp.refundsMade();

        // 500 twice: the first send and the resolver's first re-send; the sandbox processed neither.
        mp.inject("POST", "/v1/payments/", MercadoPagoSimulator.Fault.SERVER_ERROR, 2);
        RefundResult first = refund(payment, "25.00", "five-hundred");
        assertThat(first.refund().status()).isEqualTo(AttemptStatus.UNKNOWN);
        assertThat(mp.refundsMade()).isEqualTo(made);

        clock.advance(DELAY.plusSeconds(1));
        ResolutionReport unanswered = resolve();
        assertThat(changesOf(payment, unanswered)).isEmpty();
        assertThat(problemsOf(payment, unanswered)).singleElement().asString()
                .contains("five-hundred").contains("no answer again");
        assertThat(mp.refundRequests()).isEqualTo(requests + 2);
        assertThat(statusOf(payment)).isEqualTo(TransactionStatus.SUCCEEDED);

        clock.advance(DELAY.plusSeconds(1));
        ResolutionReport settled = resolve();

        assertThat(changesOf(payment, settled)).extracting(ResolutionReport.Change::from, ResolutionReport.Change::to)
                .containsExactly(tuple(TransactionStatus.SUCCEEDED, TransactionStatus.PARTIALLY_REFUNDED));
        assertThat(mp.refundRequests()).isEqualTo(requests + 3);
        assertThat(mp.refundsMade()).as("one refund made").isEqualTo(made + 1);
        assertThat(refundAttempts(payment))
                .containsExactly(AttemptStatus.UNKNOWN, AttemptStatus.UNKNOWN, AttemptStatus.SUCCEEDED);
        RefundResult replay = refund(payment, "25.00", "five-hundred");
        assertThat(replay.refund().status()).isEqualTo(AttemptStatus.SUCCEEDED);
        assertThat(replay.payment().refunded()).isEqualTo(Money.of("25.00", "MXN"));

        // The superseded UNKNOWN attempts are not sent again.
        clock.advance(DELAY.multipliedBy(2));
        assertThat(changesOf(payment, resolve())).isEmpty();
        assertThat(mp.refundRequests()).isEqualTo(requests + 3);
    }

    @Test
    void aRefundTheProviderRefusesWhenSentAgainIsFailedAndItsAmountReleased() {
        Paid paid = paid("100.00");
        PaymentView payment = paid.payment();

        mp.inject("POST", "/v1/payments/", MercadoPagoSimulator.Fault.SERVER_ERROR, 1);
        RefundResult first = refund(payment, "70.00", "refused-later");
        assertThat(first.refund().status()).isEqualTo(AttemptStatus.UNKNOWN);
        // Meanwhile the seller refunds 50.00 in Mercado Pago's panel (its report dropped): 70.00 no longer fits.
        mp.refundInPanel(paid.providerPayment(), new BigDecimal("50.00"),
                MercadoPagoSimulator.Webhook.DROPPED);

        clock.advance(DELAY.plusSeconds(1));
        ResolutionReport report = resolve();

        assertThat(changesOf(payment, report)).singleElement().satisfies(change -> {
            assertThat(change.from()).isEqualTo(TransactionStatus.SUCCEEDED);
            assertThat(change.to()).isEqualTo(TransactionStatus.SUCCEEDED);
            assertThat(change.reason()).contains("refused-later").contains("REJECTED")
                    .contains("no longer counted");
        });
        RefundResult replay = refund(payment, "70.00", "refused-later");
        assertThat(replay.refund().status()).isEqualTo(AttemptStatus.REJECTED);
        assertThat(replay.refund().reserves()).isFalse();
    }

    @Test
    void aRefundCallAbandonedMidwayIsLeftAloneWhileYoungThenClosedUnknownAndSentAgain() throws SQLException {
        PaymentView payment = settled("100.00");
        long made = mp.refundsMade();
        mp.inject("POST", "/v1/payments/", MercadoPagoSimulator.Fault.SERVER_ERROR, 1);
        refund(payment, "10.00", "abandoned");
        // What a process that died during the call leaves: the refund's attempt as its write-ahead wrote it.
        try (Connection connection = db.dataSource().getConnection();
             PreparedStatement rewind = connection.prepareStatement("UPDATE cobro.provider_attempt SET"
                     + " status = 'REQUESTED', finished_at = NULL, latency_ms = NULL, http_status = NULL,"
                     + " provider_code = NULL, provider_message = NULL, response = NULL"
                     + " WHERE subject_id = ? AND operation = 'REFUND'")) {
            rewind.setObject(1, payment.id().value());
            assertThat(rewind.executeUpdate()).isEqualTo(1);
        }
        assertThat(refund(payment, "10.00", "abandoned").refund().status()).isEqualTo(AttemptStatus.REQUESTED);
        long requests = mp.refundRequests();

        // Past the re-send delay but younger than an abandoned call: its own caller may still record it.
        clock.advance(DELAY.plusSeconds(1));
        ResolutionReport young = resolve();
        assertThat(changesOf(payment, young)).isEmpty();
        assertThat(mp.refundRequests()).as("nothing sent while the call may still be out").isEqualTo(requests);

        clock.advance(ResolverSettings.DEFAULTS.staleAttemptAge());
        ResolutionReport report = resolve();

        assertThat(changesOf(payment, report)).extracting(ResolutionReport.Change::from, ResolutionReport.Change::to)
                .containsExactly(tuple(TransactionStatus.SUCCEEDED, TransactionStatus.SUCCEEDED),
                        tuple(TransactionStatus.SUCCEEDED, TransactionStatus.PARTIALLY_REFUNDED));
        assertThat(mp.refundRequests()).isEqualTo(requests + 1);
        assertThat(mp.refundsMade()).isEqualTo(made + 1);
        assertThat(refundAttempts(payment)).containsExactly(AttemptStatus.UNKNOWN, AttemptStatus.SUCCEEDED);
        assertThat(refund(payment, "10.00", "abandoned").payment().refunded()).isEqualTo(Money.of("10.00", "MXN"));
    }

    @Test
    void aReSendThatDoesNotReachTheProviderLeavesTheRefundUnknownAndItsAmountCounted() {
        PaymentView payment = settled("100.00");
        long made = mp.refundsMade();
        mp.inject("POST", "/v1/payments/", MercadoPagoSimulator.Fault.SERVER_ERROR, 1);
        assertThat(refund(payment, "90.00", "then-429").refund().status()).isEqualTo(AttemptStatus.UNKNOWN);

        // The re-send meets a 429 (not processed): still no answer to the first send, so still UNKNOWN.
        mp.inject("POST", "/v1/payments/", MercadoPagoSimulator.Fault.RATE_LIMITED, 1);
        clock.advance(DELAY.plusSeconds(1));
        ResolutionReport limited = resolve();

        assertThat(changesOf(payment, limited)).isEmpty();
        assertThat(problemsOf(payment, limited)).singleElement().asString().contains("then-429");
        assertThat(refundAttempts(payment)).containsExactly(AttemptStatus.UNKNOWN, AttemptStatus.UNKNOWN);
        assertThatThrownBy(() -> refund(payment, "10.01", "beside-429"))
                .as("its 90.00 still counted").isInstanceOf(RefundRefusedException.class);

        clock.advance(DELAY.plusSeconds(1));
        assertThat(changesOf(payment, resolve())).extracting(ResolutionReport.Change::to)
                .containsExactly(TransactionStatus.PARTIALLY_REFUNDED);
        assertThat(mp.refundsMade()).isEqualTo(made + 1);
    }

    @Test
    void aCheckoutSettledByTheResolversLookupIsRefundedByThePaymentItRead() {
        CheckoutPaymentResult started = cobro.checkoutPayments().start(aCheckoutCommand().withProvider("mercadopago")
                .withMerchantReference("mp-" + UUID.randomUUID()).withAmount("80.00").build());
        PaymentView payment = started.payment();
        mp.pay(payment.providerReference(), MercadoPagoSimulator.Outcome.APPROVED, MercadoPagoSimulator.Webhook.DROPPED);
        clock.advance(ResolverSettings.DEFAULT_OPEN_CHECKOUT_LOOKUP_DELAY.plusSeconds(1));
        resolve();
        assertThat(statusOf(payment)).isEqualTo(TransactionStatus.SUCCEEDED);
        long made = mp.refundsMade();

        RefundResult refunded = refund(payment, "30.00", "after-lookup");

        assertThat(refunded.refund().status()).isEqualTo(AttemptStatus.SUCCEEDED);
        assertThat(refunded.payment().status()).isEqualTo(PaymentStatus.PARTIALLY_REFUNDED);
        assertThat(mp.refundsMade()).isEqualTo(made + 1);
    }

    // --- helpers -----------------------------------------------------------------------------------

    /** A checkout the payer paid: SUCCEEDED by its genuine notification, fed to Cobro as a host would. */
    private static PaymentView settled(String amount) {
        return paid(amount).payment();
    }

    /** A settled checkout and the sandbox's payment that settled it. */
    private record Paid(PaymentView payment, long providerPayment) {
    }

    private static Paid paid(String amount) {
        CheckoutPaymentResult result = cobro.checkoutPayments().start(aCheckoutCommand().withProvider("mercadopago")
                .withMerchantReference("mp-" + UUID.randomUUID()).withAmount(amount).build());
        PaymentView payment = result.payment();
        assertThat(payment.status()).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
        long providerPayment = mp.pay(payment.providerReference(), MercadoPagoSimulator.Outcome.APPROVED,
                MercadoPagoSimulator.Webhook.DROPPED);
        SandboxNotification genuine = mp.webhook(providerPayment, "payment.updated");
        cobro.notifications().record(new RecordPaymentNotificationCommand(ProviderId.of("mercadopago"),
                genuine.url(), genuine.body(), genuine.headers()));
        assertThat(statusOf(payment)).isEqualTo(TransactionStatus.SUCCEEDED);
        return new Paid(payment, providerPayment);
    }

    private static RefundResult refund(PaymentView payment, String amount, String key) {
        return cobro.refunds().refund(new RefundPaymentCommand(payment.id(),
                amount == null ? null : new BigDecimal(amount), key));
    }

    private static List<AttemptStatus> refundAttempts(PaymentView payment) {
        return cobro.history().findById(payment.id().value()).orElseThrow().attempts().stream()
                .filter(a -> a.operation() == AttemptOperation.REFUND).map(AttemptView::status).toList();
    }

    private static TransactionStatus statusOf(PaymentView payment) {
        return cobro.history().findById(payment.id().value()).orElseThrow().status();
    }

    private static List<String> eventsOf(PaymentView payment) {
        return cobro.events().list(new ListOutcomeEventsCommand(false, 0, ListOutcomeEventsCommand.MAX_LIMIT)).stream()
                .filter(e -> e.subjectId().equals(payment.id().value()))
                .map(e -> e.from() + "->" + e.to()).toList();
    }

    private static double resolverChanges(String to) {
        Counter counter = registry.find("cobro.resolver.changes").tags("kind", "checkout_payment", "to", to)
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
