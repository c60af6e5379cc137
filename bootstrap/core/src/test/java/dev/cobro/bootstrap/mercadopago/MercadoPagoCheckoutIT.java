package dev.cobro.bootstrap.mercadopago;

import dev.cobro.adapters.http.mercadopago.MercadoPagoSettings;
import dev.cobro.adapters.http.support.HttpTimeouts;
import dev.cobro.application.port.in.CheckoutPaymentResult;
import dev.cobro.application.port.in.PaymentView;
import dev.cobro.application.port.in.RecordPaymentNotificationCommand;
import dev.cobro.application.port.in.StartCheckoutPaymentCommand;
import dev.cobro.application.testing.CapturedLogs;
import dev.cobro.bootstrap.Cobro;
import dev.cobro.domain.payment.NotificationOutcome;
import dev.cobro.domain.payment.PaymentNotification;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.testkit.MercadoPagoSimulator;
import dev.cobro.testkit.ProviderSandbox;
import dev.cobro.testkit.SandboxNotification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.cobro.application.fakes.CheckoutCommandBuilder.aCheckoutCommand;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mercado Pago Checkout Pro end to end over real HTTP (the testkit's sandbox, a host's webhook
 * endpoint on loopback) and PostgreSQL: a notification is proven by Cobro's signed URL and
 * {@code x-signature}, then confirmed by reading the payment; only what the API says moves a payment.
 */
class MercadoPagoCheckoutIT extends MercadoPagoFixture {

    @BeforeAll
    static void start() throws IOException {
        logs = CapturedLogs.attachToRoot();
        startSandbox();
        cobro = Cobro.builder().dataSource(db.dataSource()).clock(clock).mercadoPago(settings()).build();
        host = MercadoPagoHost.start(() -> cobro);
    }

    static MercadoPagoSettings settings() {
        return MercadoPagoHost.settings(sandbox, Duration.ofSeconds(30));
    }

    @Test
    void aGenuineNotificationSettlesTheCheckoutFromTheFetchedPayment() throws Exception {
        PaymentView payment = checkout("100.00");
        assertThat(payment.checkoutUrl()).contains("pref_id=" + payment.providerReference());
        long reads = mp.paymentReads();

        mp.approve(payment.providerReference());

        assertThat(lastDelivery().receiverStatus()).isEqualTo(200);
        assertThat(last().outcome()).isEqualTo(NotificationOutcome.APPLIED);
        assertThat(statusOf(payment)).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(mp.paymentReads()).isEqualTo(reads + 1);
    }

    @Test
    void aForgedSignatureMovesNothingAndCostsNoApiCall() throws Exception {
        PaymentView payment = checkout("100.00");
        long reads = mp.paymentReads();

        mp.pay(payment.providerReference(), MercadoPagoSimulator.Outcome.APPROVED,
                MercadoPagoSimulator.Webhook.FORGED_SIGNATURE);

        assertThat(last().outcome()).isEqualTo(NotificationOutcome.UNVERIFIED);
        assertThat(statusOf(payment)).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
        assertThat(mp.paymentReads()).isEqualTo(reads);
    }

    @Test
    void aBodyThatSaysApprovedWhileTheApiSaysPendingMovesNothing() throws Exception {
        PaymentView payment = checkout("100.00");
        long pending = mp.leavePending(payment.providerReference());
        SandboxNotification genuine = mp.webhook(pending, "payment.updated");
        String lying = genuine.body().replaceFirst("\\{", "{\"status\":\"approved\",\"transaction_amount\":100.00,");

        PaymentNotification judged = cobro.notifications().record(new RecordPaymentNotificationCommand(MERCADO_PAGO,
                genuine.url(), lying, genuine.headers()));

        assertThat(judged.rawStatus()).isEqualTo("pending");
        assertThat(judged.outcome()).isNotEqualTo(NotificationOutcome.APPLIED);
        assertThat(statusOf(payment)).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);

        mp.approvePending(pending);
        assertThat(statusOf(payment)).isEqualTo(PaymentStatus.SUCCEEDED);
    }

    @Test
    void anotherPaymentsIdAtThisPaymentsSignedUrlMovesNothing() throws Exception {
        PaymentView a = checkout("100.00");
        PaymentView b = checkout("100.00");
        long rejectedOfA = mp.reject(a.providerReference());
        String urlOfA = lastDelivery().notification().url();
        long approvedOfB = mp.approve(b.providerReference());
        assertThat(statusOf(b)).isEqualTo(PaymentStatus.SUCCEEDED);

        // What Mercado Pago signs for payment B, delivered to the URL Cobro signed for payment A.
        String url = urlOfA.replace("data.id=" + rejectedOfA, "data.id=" + approvedOfB);
        String ts = Long.toString(clock.instant().toEpochMilli());
        String requestId = UUID.randomUUID().toString();
        String v1 = hmac("id:" + approvedOfB + ";request-id:" + requestId + ";ts:" + ts + ";");
        PaymentNotification judged = cobro.notifications().record(new RecordPaymentNotificationCommand(MERCADO_PAGO,
                url, "{\"action\":\"payment.updated\",\"data\":{\"id\":\"" + approvedOfB + "\"},\"type\":\"payment\"}",
                Map.of("x-signature", "ts=" + ts + ",v1=" + v1, "x-request-id", requestId)));

        assertThat(judged.outcome()).isEqualTo(NotificationOutcome.MISMATCHED);
        assertThat(statusOf(a)).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
    }

    @Test
    void aStaleSignatureMovesNothing() {
        PaymentView payment = checkout("100.00");

        mp.pay(payment.providerReference(), MercadoPagoSimulator.Outcome.APPROVED,
                MercadoPagoSimulator.Webhook.STALE_TS);

        assertThat(last().outcome()).isEqualTo(NotificationOutcome.UNVERIFIED);
        assertThat(statusOf(payment)).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
    }

    @Test
    void aFailedFetchStoresTheNotificationAndChangesNothingUntilItIsRedelivered() {
        PaymentView payment = checkout("100.00");
        long approved;
        try {
            mp.inject("GET", "/v1/payments/", MercadoPagoSimulator.Fault.SERVER_ERROR, 1);
            approved = mp.approve(payment.providerReference());
        } finally {
            mp.clearFaults();
        }
        assertThat(last().outcome()).isEqualTo(NotificationOutcome.IGNORED);
        assertThat(last().detail()).contains("could not be confirmed").contains("HTTP 500");
        assertThat(statusOf(payment)).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);

        mp.redeliver(approved);

        assertThat(last().outcome()).isEqualTo(NotificationOutcome.APPLIED);
        assertThat(statusOf(payment)).isEqualTo(PaymentStatus.SUCCEEDED);
    }

    @Test
    void aRejectedThenApprovedPayerEndsSucceeded() throws Exception {
        PaymentView payment = checkout("250.00");

        mp.reject(payment.providerReference());
        assertThat(last().rawStatus()).isEqualTo("rejected");
        assertThat(last().outcome()).isNotEqualTo(NotificationOutcome.APPLIED);
        assertThat(statusOf(payment)).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);

        mp.approve(payment.providerReference());
        assertThat(last().outcome()).isEqualTo(NotificationOutcome.APPLIED);
        assertThat(statusOf(payment)).isEqualTo(PaymentStatus.SUCCEEDED);
    }

    @Test
    void aTimeoutOnPreferenceCreationIsUnknown() throws Exception {
        try (Cobro impatient = Cobro.builder().dataSource(db.dataSource()).clock(clock).runMigrations(false)
                .mercadoPago(settings().withTimeouts(new HttpTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(2))))
                .build()) {
            mp.inject("POST", "/checkout/preferences", MercadoPagoSimulator.Fault.TIMEOUT, 1);
            CheckoutPaymentResult result = impatient.checkoutPayments().start(command("100.00").build());
            assertThat(result.payment().status()).isEqualTo(PaymentStatus.UNKNOWN);
        } finally {
            mp.clearFaults();
        }
    }

    @Test
    void aRefusedConnectionIsNotSentAndTheSameRequestIsSentAgain() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        StartCheckoutPaymentCommand command = command("100.00").build();
        try (Cobro unreachable = Cobro.builder().dataSource(db.dataSource()).clock(clock).runMigrations(false)
                .mercadoPago(settings().withBaseUrl("http://127.0.0.1:" + closedPort)).build()) {
            assertThat(unreachable.checkoutPayments().start(command).payment().status())
                    .isEqualTo(PaymentStatus.NOT_SENT);
        }
        long created = mp.preferencesCreated();
        CheckoutPaymentResult resent = cobro.checkoutPayments().start(command);
        assertThat(resent.payment().status()).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
        assertThat(mp.preferencesCreated()).isEqualTo(created + 1);
    }

    @Test
    void aPlainHttpBaseUrlOffLoopbackIsRefusedAtBuild() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Cobro.builder().dataSource(db.dataSource())
                        .runMigrations(false).mercadoPago("chl", settings().withBaseUrl("http://api.mercadopago.com"),
                                "CHL").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Mercado Pago account chl's base URL is http://api.mercadopago.com");
    }

    private static dev.cobro.application.fakes.CheckoutCommandBuilder command(String amount) {
        return aCheckoutCommand().withProvider("mercadopago").withMerchantReference("mp-" + UUID.randomUUID())
                .withAmount(amount).withNotificationUrl(host.url() + "/mp");
    }

    private static PaymentView checkout(String amount) {
        CheckoutPaymentResult result = cobro.checkoutPayments().start(command(amount).build());
        assertThat(result.payment().status()).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
        return result.payment();
    }

    private static MercadoPagoSimulator.Delivery lastDelivery() {
        List<MercadoPagoSimulator.Delivery> deliveries = mp.deliveries();
        return deliveries.get(deliveries.size() - 1);
    }

    private static PaymentNotification last() {
        return host.lastRecorded();
    }

    private static String hmac(String manifest) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(ProviderSandbox.DEFAULT_MERCADOPAGO_WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8),
                "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(manifest.getBytes(StandardCharsets.UTF_8)));
    }

    private static PaymentStatus statusOf(PaymentView payment) {
        return PaymentStatus.valueOf(cobro.history().findById(payment.id().value()).orElseThrow().status().name());
    }
}
