package dev.cobro.bootstrap.mercadopago;

import dev.cobro.adapters.http.eightyeightpay.EightyEightPaySettings;
import dev.cobro.adapters.http.mercadopago.MercadoPagoSettings;
import dev.cobro.adapters.http.support.HttpTimeouts;
import dev.cobro.application.port.in.AttemptView;
import dev.cobro.application.port.in.CheckoutPaymentResult;
import dev.cobro.application.port.in.IdempotencyConflictException;
import dev.cobro.application.port.in.ListOutcomeEventsCommand;
import dev.cobro.application.port.in.PaymentView;
import dev.cobro.application.port.in.RecordPaymentNotificationCommand;
import dev.cobro.application.port.in.RefundPaymentCommand;
import dev.cobro.application.port.in.RefundRefusedException;
import dev.cobro.application.port.in.RefundResult;
import dev.cobro.application.port.out.TransactionStatus;
import dev.cobro.application.testing.CapturedLogs;
import dev.cobro.bootstrap.Cobro;
import dev.cobro.domain.attempt.AttemptOperation;
import dev.cobro.domain.attempt.AttemptStatus;
import dev.cobro.domain.payment.NotificationOutcome;
import dev.cobro.domain.payment.PaymentNotification;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.Money;
import dev.cobro.testkit.MercadoPagoSimulator;
import dev.cobro.testkit.ProviderSandbox;
import dev.cobro.testkit.SandboxNotification;
import io.micrometer.core.instrument.Counter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.cobro.application.fakes.CheckoutCommandBuilder.aCheckoutCommand;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Refunds and chargebacks of Mercado Pago payments end to end over real HTTP (the testkit's sandbox,
 * a host's webhook endpoint on loopback) and PostgreSQL: each refund a recorded attempt under its own
 * key, never sent twice, never beyond the amount; what Mercado Pago reports later (read from its API,
 * never from the body) moves the payment with its event and metric.
 */
class MercadoPagoRefundIT extends MercadoPagoFixture {

    @BeforeAll
    static void start() throws IOException {
        logs = CapturedLogs.attachToRoot();
        startSandbox();
        // The webhook of a refund made through the API is Mercado Pago's to send on its own time: the
        // tests here send each report themselves, when they mean to.
        mp.apiChangeWebhooks(MercadoPagoSimulator.Webhook.DROPPED);
        cobro = Cobro.builder().dataSource(db.dataSource()).clock(clock).meterRegistry(registry)
                .mercadoPago(settings())
                .eightyEightPay(EightyEightPaySettings.defaults(sandbox.eightyEightPayBaseUrl(),
                        ProviderSandbox.DEFAULT_88PAY_API_KEY, ProviderSandbox.DEFAULT_88PAY_MERCHANT_ID)
                        .withWebhookSecret(ProviderSandbox.DEFAULT_88PAY_WEBHOOK_SECRET))
                .build();
        host = MercadoPagoHost.start(() -> cobro);
    }

    static MercadoPagoSettings settings() {
        return MercadoPagoHost.settings(sandbox, Duration.ofSeconds(30));
    }

    @Test
    void aFullRefundUnderARepeatedKeyIsSentOnce() {
        PaymentView payment = settled("100.00");
        long requests = mp.refundRequests();

        RefundResult first = refund(payment, null, "full-1");
        RefundResult again = refund(payment, null, "full-1");

        assertThat(first.replayed()).isFalse();
        assertThat(first.refund().status()).isEqualTo(AttemptStatus.SUCCEEDED);
        assertThat(first.refund().amount()).isEqualTo(Money.of("100.00", "MXN"));
        assertThat(first.payment().status()).isEqualTo(PaymentStatus.REFUNDED);
        assertThat(first.payment().refunded()).isEqualTo(Money.of("100.00", "MXN"));
        assertThat(again.replayed()).isTrue();
        assertThat(again.refund().id()).isEqualTo(first.refund().id());
        assertThat(again.refund().status()).isEqualTo(AttemptStatus.SUCCEEDED);
        assertThat(mp.refundRequests()).as("the repeated request sent nothing").isEqualTo(requests + 1);
        assertThat(mp.refundsMade()).isPositive();
        assertThat(statusOf(payment)).isEqualTo(TransactionStatus.REFUNDED);
        assertThat(eventsOf(payment)).contains("SUCCEEDED->REFUNDED");
        assertThat(transitions("SUCCEEDED", "REFUNDED")).isPositive();
    }

    @Test
    void partialRefundsAddUpUnderTheirKeysAndARepeatedKeySendsNothing() {
        PaymentView payment = settled("100.00");
        long requests = mp.refundRequests();

        RefundResult thirty = refund(payment, "30.00", "part-1");
        RefundResult repeated = refund(payment, "30.00", "part-1");
        assertThatThrownBy(() -> refund(payment, "40.00", "part-1")).isInstanceOf(IdempotencyConflictException.class)
                .hasMessageContaining("part-1");
        RefundResult twenty = refund(payment, "20", "part-2");

        assertThat(thirty.payment().status()).isEqualTo(PaymentStatus.PARTIALLY_REFUNDED);
        assertThat(repeated.replayed()).isTrue();
        assertThat(twenty.payment().status()).isEqualTo(PaymentStatus.PARTIALLY_REFUNDED);
        assertThat(twenty.payment().refunded()).isEqualTo(Money.of("50.00", "MXN"));
        assertThat(mp.refundRequests()).as("two refunds sent, the repeat and the conflict not")
                .isEqualTo(requests + 2);
        List<AttemptView> refunds = cobro.history().findById(payment.id().value()).orElseThrow().attempts().stream()
                .filter(a -> a.operation() == AttemptOperation.REFUND).toList();
        assertThat(refunds).extracting(AttemptView::status).containsExactly(AttemptStatus.SUCCEEDED, AttemptStatus.SUCCEEDED);
        assertThat(eventsOf(payment)).contains("SUCCEEDED->PARTIALLY_REFUNDED", "PARTIALLY_REFUNDED->PARTIALLY_REFUNDED");

        // Mercado Pago's own report of the same refunds counts nothing twice.
        mp.redeliver(Long.parseLong(approvedPaymentOf(payment)));
        assertThat(last().rawStatus()).isEqualTo("approved");
        assertThat(last().outcome()).isEqualTo(NotificationOutcome.DUPLICATE);
        RefundResult rest = refund(payment, null, null);
        assertThat(rest.refund().amount()).isEqualTo(Money.of("50.00", "MXN"));
        assertThat(rest.payment().status()).isEqualTo(PaymentStatus.REFUNDED);
    }

    @Test
    void aRefundAboveWhatRemainsIsRefusedBeforeAnythingIsSent() {
        PaymentView payment = settled("100.00");
        long requests = mp.refundRequests();

        assertThatThrownBy(() -> refund(payment, "100.01", "too-much"))
                .isInstanceOfSatisfying(RefundRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(RefundRefusedException.Reason.ABOVE_REFUNDABLE));
        refund(payment, "70.00", "seventy");
        assertThatThrownBy(() -> refund(payment, "30.01", "beyond"))
                .isInstanceOfSatisfying(RefundRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(RefundRefusedException.Reason.ABOVE_REFUNDABLE))
                .hasMessageContaining("30.00 MXN left to refund");

        assertThat(mp.refundRequests()).isEqualTo(requests + 1);
    }

    @Test
    void twoConcurrentRefundsThatTogetherExceedTheAmountLetOnlyOneThrough() throws Exception {
        PaymentView payment = settled("100.00");
        long made = mp.refundsMade();
        CountDownLatch ready = new CountDownLatch(2);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<RefundResult>> results = new ArrayList<>();
            for (String key : List.of("racer-a", "racer-b")) {
                results.add(threads.submit(() -> {
                    ready.countDown();
                    go.await();
                    return refund(payment, "60.00", key);
                }));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            int succeeded = 0;
            int refused = 0;
            for (Future<RefundResult> result : results) {
                try {
                    assertThat(result.get(60, TimeUnit.SECONDS).refund().status()).isEqualTo(AttemptStatus.SUCCEEDED);
                    succeeded++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(RefundRefusedException.class);
                    refused++;
                }
            }
            assertThat(succeeded).isEqualTo(1);
            assertThat(refused).isEqualTo(1);
        } finally {
            threads.shutdownNow();
        }
        assertThat(mp.refundsMade()).isEqualTo(made + 1);
        assertThat(cobro.history().findById(payment.id().value()).orElseThrow().attempts().stream()
                .filter(a -> a.operation() == AttemptOperation.REFUND)).hasSize(1);
    }

    @Test
    void aRefundWithNoAnswerIsUnknownAndItsAmountStaysCounted() throws Exception {
        PaymentView payment = settled("100.00");
        try (Cobro impatient = Cobro.builder().dataSource(db.dataSource()).clock(clock).runMigrations(false)
                .mercadoPago(settings().withTimeouts(new HttpTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(2))))
                .build()) {
            mp.inject("POST", "/v1/payments/", MercadoPagoSimulator.Fault.TIMEOUT, 1);
            RefundResult result = impatient.refunds().refund(new RefundPaymentCommand(payment.id(),
                    new BigDecimal("40.00"), "slow"));

            assertThat(result.refund().status()).isEqualTo(AttemptStatus.UNKNOWN);
            assertThat(result.reason()).contains("no answer");
            assertThat(result.payment().status()).isEqualTo(PaymentStatus.SUCCEEDED);
        } finally {
            mp.clearFaults();
        }
        long requests = mp.refundRequests();
        assertThatThrownBy(() -> refund(payment, "60.01", "after-slow"))
                .isInstanceOfSatisfying(RefundRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(RefundRefusedException.Reason.ABOVE_REFUNDABLE));
        RefundResult replay = refund(payment, "40.00", "slow");
        assertThat(replay.replayed()).isTrue();
        assertThat(replay.refund().status()).isEqualTo(AttemptStatus.UNKNOWN);
        assertThat(mp.refundRequests()).isEqualTo(requests);
    }

    @Test
    void aProviderWithoutRefundsSaysSo() {
        CheckoutPaymentResult checkout = cobro.checkoutPayments().start(aCheckoutCommand()
                .withMerchantReference("88-" + UUID.randomUUID()).withAmount("100.00").build());

        assertThatThrownBy(() -> refund(checkout.payment(), null, null))
                .isInstanceOfSatisfying(RefundRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(RefundRefusedException.Reason.NOT_SUPPORTED))
                .hasMessageContaining("88pay publishes no refund");
    }

    @Test
    void aPaymentNotSettledIsNotRefunded() {
        PaymentView open = checkout("100.00");

        assertThatThrownBy(() -> refund(open, "10.00", null))
                .isInstanceOfSatisfying(RefundRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(RefundRefusedException.Reason.NOT_REFUNDABLE))
                .hasMessageContaining("AWAITING_CUSTOMER");
    }

    @Test
    void refundsMadeElsewhereAreReadFromTheApiAndMoveThePayment() {
        PaymentView payment = settled("100.00");
        long mpPayment = Long.parseLong(approvedPaymentOf(payment));

        mp.refundInPanel(mpPayment, new BigDecimal("25.00"), MercadoPagoSimulator.Webhook.SIGNED);
        assertThat(last().outcome()).isEqualTo(NotificationOutcome.APPLIED);
        assertThat(statusOf(payment)).isEqualTo(TransactionStatus.PARTIALLY_REFUNDED);

        mp.refundInPanel(mpPayment, null, MercadoPagoSimulator.Webhook.SIGNED);
        assertThat(last().rawStatus()).isEqualTo("refunded");
        assertThat(statusOf(payment)).isEqualTo(TransactionStatus.REFUNDED);
        assertThat(eventsOf(payment)).contains("SUCCEEDED->PARTIALLY_REFUNDED", "PARTIALLY_REFUNDED->REFUNDED");
        assertThatThrownBy(() -> refund(payment, "1.00", null)).isInstanceOf(RefundRefusedException.class);
    }

    @Test
    void aChargebackMovesThePaymentWithItsEventAndMetric() {
        PaymentView payment = settled("100.00");
        double before = transitions("SUCCEEDED", "CHARGED_BACK");

        mp.chargeback(Long.parseLong(approvedPaymentOf(payment)));

        assertThat(last().outcome()).isEqualTo(NotificationOutcome.APPLIED);
        assertThat(statusOf(payment)).isEqualTo(TransactionStatus.CHARGED_BACK);
        assertThat(eventsOf(payment)).contains("SUCCEEDED->CHARGED_BACK");
        assertThat(transitions("SUCCEEDED", "CHARGED_BACK")).isEqualTo(before + 1);
        assertThatThrownBy(() -> refund(payment, null, null))
                .isInstanceOfSatisfying(RefundRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(RefundRefusedException.Reason.NOT_REFUNDABLE));
    }

    @Test
    void aBodyThatSaysRefundedWhileTheApiSaysApprovedMovesNothing() {
        PaymentView payment = settled("100.00");
        SandboxNotification genuine = mp.webhook(Long.parseLong(approvedPaymentOf(payment)), "payment.updated");
        String lying = genuine.body().replaceFirst("\\{",
                "{\"status\":\"refunded\",\"transaction_amount_refunded\":100.00,");

        PaymentNotification judged = cobro.notifications().record(new RecordPaymentNotificationCommand(MERCADO_PAGO,
                genuine.url(), lying, genuine.headers()));

        assertThat(judged.rawStatus()).isEqualTo("approved");
        assertThat(judged.outcome()).isNotEqualTo(NotificationOutcome.APPLIED);
        assertThat(statusOf(payment)).isEqualTo(TransactionStatus.SUCCEEDED);
    }

    private static RefundResult refund(PaymentView payment, String amount, String key) {
        return cobro.refunds().refund(new RefundPaymentCommand(payment.id(),
                amount == null ? null : new BigDecimal(amount), key));
    }

    /** A checkout the payer paid: SUCCEEDED by its notification. */
    private static PaymentView settled(String amount) {
        PaymentView payment = checkout(amount);
        mp.approve(payment.providerReference());
        assertThat(last().outcome()).isEqualTo(NotificationOutcome.APPLIED);
        assertThat(statusOf(payment)).isEqualTo(TransactionStatus.SUCCEEDED);
        return payment;
    }

    private static PaymentView checkout(String amount) {
        CheckoutPaymentResult result = cobro.checkoutPayments().start(aCheckoutCommand().withProvider("mercadopago")
                .withMerchantReference("mp-" + UUID.randomUUID()).withAmount(amount)
                .withNotificationUrl(host.url() + "/mp").build());
        assertThat(result.payment().status()).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
        return result.payment();
    }

    /** The Mercado Pago payment whose notification settled the checkout, as Cobro recorded it. */
    private static String approvedPaymentOf(PaymentView payment) {
        return host.recorded().stream().filter(n -> payment.id().equals(n.paymentId())
                        && n.outcome() == NotificationOutcome.APPLIED && "approved".equals(n.rawStatus()))
                .findFirst().orElseThrow().reference();
    }

    private static PaymentNotification last() {
        return host.lastRecorded();
    }

    private static List<String> eventsOf(PaymentView payment) {
        return cobro.events().list(new ListOutcomeEventsCommand(false, 0, ListOutcomeEventsCommand.MAX_LIMIT)).stream()
                .filter(e -> e.subjectId().equals(payment.id().value()))
                .map(e -> e.from() + "->" + e.to()).toList();
    }

    private static double transitions(String from, String to) {
        Counter counter = registry.find("cobro.transitions").tags("kind", "checkout_payment", "from", from, "to", to)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static TransactionStatus statusOf(PaymentView payment) {
        return cobro.history().findById(payment.id().value()).orElseThrow().status();
    }

}
