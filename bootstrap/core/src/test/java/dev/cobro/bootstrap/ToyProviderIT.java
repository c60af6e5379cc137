package dev.cobro.bootstrap;

import dev.cobro.application.port.out.CheckoutCreated;
import dev.cobro.application.port.out.ProviderOutcome;
import dev.cobro.application.port.in.CheckoutPaymentResult;
import dev.cobro.application.port.in.RecordPaymentNotificationCommand;
import dev.cobro.application.port.in.StartCheckoutPaymentCommand;
import dev.cobro.application.port.out.CheckoutCharge;
import dev.cobro.application.port.out.HostedCheckoutProviderPort;
import dev.cobro.application.port.out.ParsedNotification;
import dev.cobro.application.port.out.PreparedCharge;
import dev.cobro.application.port.out.ProviderExchange;
import dev.cobro.db.testing.TestDatabase;
import dev.cobro.domain.payment.NotificationOutcome;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.ValidationException;
import dev.cobro.application.port.out.TransactionStatus;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's "adding a provider" walkthrough, run: a third provider registered through the
 * public API takes a payment, with no change to the domain or the application.
 */
class ToyProviderIT {

    /** A made-up wallet whose checkout always opens and whose notifications are "reference|status|amount". */
    static final class ToyWalletAdapter implements HostedCheckoutProviderPort {
        static final ProviderId ID = ProviderId.of("toywallet");
        final AtomicInteger charges = new AtomicInteger();
        /** The notification URL the wallet would call: Cobro's signed one. */
        volatile String notificationUrl;

        @Override
        public ProviderId providerId() {
            return ID;
        }

        @Override
        public PreparedCharge prepareCharge(CheckoutCharge charge) {
            notificationUrl = charge.notificationUrl();
            String session = "toy-" + UUID.randomUUID();
            String body = "{\"ref\":\"" + charge.merchantReference() + "\",\"amount\":\""
                    + charge.details().money().amount() + "\"}";
            return new PreparedCharge() {
                @Override
                public String sessionId() {
                    return session;
                }

                @Override
                public String redactedRequest() {
                    return body;
                }
            };
        }

        @Override
        public ProviderOutcome<CheckoutCreated> charge(PreparedCharge prepared) {
            int n = charges.incrementAndGet();
            return ProviderOutcome.succeeded(new CheckoutCreated("TOY-" + n, "https://toy.example/pay/" + n, null, null),
                    new ProviderExchange(200, "ok", "checkout open", "{\"n\":" + n + "}"));
        }

        @Override
        public ParsedNotification parseNotification(String body) {
            String[] parts = body.split("\\|");
            if (parts.length != 3) {
                throw ValidationException.of("body", "must be reference|status|amount", body);
            }
            PaymentStatus status = "paid".equals(parts[1]) ? PaymentStatus.SUCCEEDED : null;
            return new ParsedNotification(null, parts[0], parts[1], status, new BigDecimal(parts[2]), null);
        }
    }

    @Test
    void aThirdProviderRegisteredThroughThePublicApiTakesAPayment() {
        ToyWalletAdapter toy = new ToyWalletAdapter();
        try (Cobro cobro = Cobro.builder()
                .dataSource(TestDatabase.freshDatabase().dataSource())
                .checkoutProvider(toy)
                // A provider with no API key Cobro knows signs its notification URLs with this key.
                .notificationSigningKey("toy-notification-signing-key".getBytes(StandardCharsets.UTF_8))
                .build()) {
            CheckoutPaymentResult started = cobro.checkoutPayments().start(StartCheckoutPaymentCommand.builder()
                    .provider("toywallet")
                    .merchantReference("toy-order-1")
                    .customerId("cust-1")
                    .amount(new BigDecimal("42.00"))
                    .currency("PEN")
                    .country("PER")
                    .method("CARDS", "CARD")
                    .description("Toy order")
                    .notificationUrl("https://shop.example/notify")
                    .returnUrl("https://shop.example/back")
                    .build());

            assertThat(started.payment().status()).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
            assertThat(started.payment().checkoutUrl()).isEqualTo("https://toy.example/pay/1");

            assertThat(toy.notificationUrl).startsWith("https://shop.example/notify?cobro_pid="
                    + started.payment().id() + "&cobro_sig=");
            var notification = cobro.notifications().record(new RecordPaymentNotificationCommand(ToyWalletAdapter.ID,
                    toy.notificationUrl, started.payment().providerReference() + "|paid|42", Map.of()));

            assertThat(notification.outcome()).isEqualTo(NotificationOutcome.APPLIED);
            assertThat(cobro.history().findByMerchantReference("toy-order-1")).singleElement().satisfies(row -> {
                assertThat(row.provider()).isEqualTo(ToyWalletAdapter.ID);
                assertThat(row.status()).isEqualTo(TransactionStatus.SUCCEEDED);
            });
            assertThat(toy.charges).hasValue(1);
        }
    }
}
