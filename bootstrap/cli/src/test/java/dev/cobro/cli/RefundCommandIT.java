package dev.cobro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cobro.adapters.http.mercadopago.MercadoPagoSettings;
import dev.cobro.application.port.in.PaymentView;
import dev.cobro.application.port.in.RecordPaymentNotificationCommand;
import dev.cobro.application.port.in.StartCheckoutPaymentCommand;
import dev.cobro.bootstrap.Cobro;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.testkit.MercadoPagoSimulator;
import dev.cobro.testkit.ProviderSandbox;
import dev.cobro.testkit.SandboxNotification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code cobro refund} against the sandbox's Mercado Pago and PostgreSQL: JSON out, clear errors and exit codes. */
class RefundCommandIT {

    static CliEnvironment cli;
    static MercadoPagoSimulator mp;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        cli = CliEnvironment.start();
        mp = cli.sandbox().mercadoPago();
        mp.apiChangeWebhooks(MercadoPagoSimulator.Webhook.DROPPED);
        cli = cli.with(Map.of("COBRO_MERCADOPAGO_BASE_URL", cli.sandbox().mercadoPagoBaseUrl(),
                "COBRO_MERCADOPAGO_ACCESS_TOKEN", ProviderSandbox.DEFAULT_MERCADOPAGO_ACCESS_TOKEN,
                "COBRO_MERCADOPAGO_WEBHOOK_SECRET", ProviderSandbox.DEFAULT_MERCADOPAGO_WEBHOOK_SECRET));
    }

    @AfterAll
    static void stop() {
        cli.close();
    }

    @Test
    void aPartOfASettledPaymentIsRefundedOnceUnderItsKey() {
        String id = settledMercadoPagoPayment();
        long requests = mp.refundRequests();

        JsonNode first = cli.json("refund", "--id", id, "--amount", "30.00");
        JsonNode again = cli.json("refund", "--id", id, "--amount", "30.00");
        CliResult beyond = cli.run("refund", "--id", id, "--amount", "70.01");

        assertThat(first.get("status").asText()).isEqualTo("PARTIALLY_REFUNDED");
        assertThat(first.get("refunded").asText()).isEqualTo("30.00");
        assertThat(first.get("refund").get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(first.get("refund").get("key").asText()).isEqualTo("amount-30.00");
        assertThat(first.get("replayed").asBoolean()).isFalse();
        assertThat(again.get("replayed").asBoolean()).isTrue();
        assertThat(beyond.exitCode()).as(beyond.toString()).isEqualTo(ExitCodes.CONFLICT);
        assertThat(beyond.err()).startsWith("error: refused").contains("70.00 MXN left to refund");
        assertThat(beyond.printedStackTrace()).isFalse();
        assertThat(mp.refundRequests()).isEqualTo(requests + 1);

        JsonNode rest = cli.json("refund", "--id", id, "--key", "the-rest");
        assertThat(rest.get("status").asText()).isEqualTo("REFUNDED");
        assertThat(rest.get("refund").get("amount").asText()).isEqualTo("70.00");
    }

    @Test
    void aProviderWithoutRefundsAnUnknownIdAnOpenPaymentAndAPaymentToReverseAreClearErrors() {
        String eightyEightPay = cli.checkout(dir, "order-refund-" + UUID.randomUUID(), "cust-refund", "88pay")
                .get("id").asText();
        CliResult unsupported = cli.run("refund", "--id", eightyEightPay);
        CliResult unknown = cli.run("refund", "--id", UUID.randomUUID().toString());
        CliResult badAmount = cli.run("refund", "--id", eightyEightPay, "--amount", "ten");
        CliResult reversed = cli.run("reverse", "--id", eightyEightPay);

        assertThat(unsupported.exitCode()).as(unsupported.toString()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(unsupported.err()).contains("not supported", "88pay publishes no refund");
        assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(unknown.err()).contains("no payment");
        assertThat(badAmount.exitCode()).as(badAmount.toString()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(badAmount.err()).contains("amount");
        assertThat(reversed.exitCode()).as(reversed.toString()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(reversed.err()).contains(eightyEightPay + " is a checkout_payment",
                "only a card authorization can be reversed");
        assertThat(unsupported.printedStackTrace() || unknown.printedStackTrace() || badAmount.printedStackTrace()
                || reversed.printedStackTrace()).isFalse();
    }

    /** A Mercado Pago checkout of 100.00 MXN made and settled as a host would, through the library. */
    private static String settledMercadoPagoPayment() {
        try (Cobro cobro = Cobro.builder().dataSource(cli.database().dataSource())
                .mercadoPago(MercadoPagoSettings.defaults(cli.sandbox().mercadoPagoBaseUrl(),
                                ProviderSandbox.DEFAULT_MERCADOPAGO_ACCESS_TOKEN)
                        .withWebhookSecret(ProviderSandbox.DEFAULT_MERCADOPAGO_WEBHOOK_SECRET)).build()) {
            PaymentView payment = cobro.checkoutPayments().start(StartCheckoutPaymentCommand.builder()
                    .provider("mercadopago").merchantReference("mp-" + UUID.randomUUID()).customerId("cust-refund")
                    .amount(new BigDecimal("100.00")).currency("MXN").country("MEX").method("CARDS", "CARD")
                    .description("Compra").notificationUrl("https://shop.example/notify")
                    .returnUrl("https://shop.example/return").build()).payment();
            long paid = mp.pay(payment.providerReference(), MercadoPagoSimulator.Outcome.APPROVED,
                    MercadoPagoSimulator.Webhook.DROPPED);
            SandboxNotification webhook = mp.webhook(paid, "payment.updated");
            cobro.notifications().record(new RecordPaymentNotificationCommand(ProviderId.of("mercadopago"),
                    webhook.url(), webhook.body(), webhook.headers()));
            assertThat(cobro.history().findById(payment.id().value()).orElseThrow().status().name())
                    .isEqualTo(PaymentStatus.SUCCEEDED.name());
            return payment.id().value().toString();
        }
    }
}
