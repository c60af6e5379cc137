package dev.cobro.bootstrap;

import dev.cobro.adapters.http.eightyeightpay.EightyEightPaySettings;
import dev.cobro.adapters.http.payme.PaymeSettings;
import dev.cobro.adapters.http.support.HttpTimeouts;
import dev.cobro.application.port.in.AuthorizationResult;
import dev.cobro.application.port.in.AuthorizeCardCommand;
import dev.cobro.application.port.in.AuthorizeCardCommand.CardData;
import dev.cobro.application.port.in.CheckoutPaymentResult;
import dev.cobro.application.port.in.HistoryPage;
import dev.cobro.application.port.in.QueryTransactionHistoryCommand;
import dev.cobro.application.port.in.RecordPaymentNotificationCommand;
import dev.cobro.application.port.in.ResolutionReport;
import dev.cobro.application.port.in.ResolveUnknownOutcomesCommand;
import dev.cobro.application.port.in.ReversalResult;
import dev.cobro.application.port.in.ReverseAuthorizationCommand;
import dev.cobro.application.port.in.StartCheckoutPaymentCommand;
import dev.cobro.application.port.out.HistoryCriteria;
import dev.cobro.application.service.ResolverSettings;
import dev.cobro.testkit.ProviderSandbox;
import dev.cobro.testkit.SandboxNotification;
import dev.cobro.db.testing.TestDatabase;
import dev.cobro.domain.authorization.Address;
import dev.cobro.domain.authorization.AuthorizationStatus;
import dev.cobro.domain.authorization.CardHolder;
import dev.cobro.domain.authorization.Channel;
import dev.cobro.domain.payment.NotificationOutcome;
import dev.cobro.domain.payment.PaymentNotification;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.Money;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.application.port.out.TransactionStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The flows of the demo, through the public facade, against the provider sandbox over loopback
 * HTTP and a real PostgreSQL.
 */
class CobroEndToEndIT {

    static ProviderSandbox sandbox;
    static Cobro cobro;

    @BeforeAll
    static void start() {
        // The no-answer card is held far past Pay-me's read timeout, which an answer never nears, however
        // loaded the machine.
        sandbox = ProviderSandbox.builder().port(0).noAnswerHold(Duration.ofSeconds(30)).start();
        TestDatabase.Handle db = TestDatabase.freshDatabase();
        cobro = Cobro.builder()
                .dataSource(db.dataSource())
                .eightyEightPay(EightyEightPaySettings.defaults(sandbox.eightyEightPayBaseUrl(),
                        "sk_test_sandbox_key", "MCH-COL-TEST-29ZTP4")
                        .withWebhookSecret(ProviderSandbox.DEFAULT_88PAY_WEBHOOK_SECRET))
                .payme(new PaymeSettings(sandbox.paymeAuthUrl(), sandbox.paymeApiUrl(), "sandbox-client",
                        "sandbox-secret", "https://api.dev.alignet.io", "create:token post:charges delete:charges",
                        new HttpTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10))))
                .resolverSettings(new ResolverSettings(Duration.ZERO, Duration.ofMinutes(5), 5, Duration.ofHours(72)))
                .build();
    }

    @AfterAll
    static void stop() {
        if (cobro != null) {
            cobro.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void aCheckoutPaymentSucceedsWhen88PayNotifiesCompletion() {
        String reference = "order-" + UUID.randomUUID();
        CheckoutPaymentResult started = cobro.checkoutPayments().start(checkout(reference, "100.00"));

        assertThat(started).isInstanceOf(CheckoutPaymentResult.Created.class);
        assertThat(started.payment().status()).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
        assertThat(started.payment().checkoutUrl()).startsWith(sandbox.baseUrl());

        // What 88Pay's webhook brings to the host's endpoint: Cobro's signed URL, the body, the bearer token.
        SandboxNotification webhook = sandbox.notification(started.payment().checkoutUrl(), "COMPLETED");
        RecordPaymentNotificationCommand received = new RecordPaymentNotificationCommand(ProviderId.EIGHTY_EIGHT_PAY,
                webhook.url(), webhook.body(), webhook.headers());
        PaymentNotification notified = cobro.notifications().record(received);

        assertThat(notified.outcome()).isEqualTo(NotificationOutcome.APPLIED);
        assertThat(cobro.history().findByMerchantReference(reference))
                .singleElement().satisfies(row -> assertThat(row.status()).isEqualTo(TransactionStatus.SUCCEEDED));
        // A redelivery changes nothing.
        assertThat(cobro.notifications().record(received).outcome()).isEqualTo(NotificationOutcome.DUPLICATE);
    }

    @Test
    void theSameMerchantReferenceIsAnsweredFromTheRecordWithoutASecondCharge() {
        String reference = "order-" + UUID.randomUUID();
        cobro.checkoutPayments().start(checkout(reference, "55.50"));
        long charges = sandbox.charges88Pay();

        CheckoutPaymentResult again = cobro.checkoutPayments().start(checkout(reference, "55.50"));

        assertThat(again).isInstanceOf(CheckoutPaymentResult.Replayed.class);
        assertThat(sandbox.charges88Pay()).isEqualTo(charges);
    }

    @Test
    void cardsAreAuthorizedDeclinedAndReversed() {
        AuthorizationResult approved = cobro.cardAuthorizations().authorize(card("4111111111111111"));
        AuthorizationResult declined = cobro.cardAuthorizations().authorize(card("4000000000000002"));

        assertThat(approved.authorization().status()).isEqualTo(AuthorizationStatus.AUTHORIZED);
        assertThat(approved.authorization().response().authorizationCode()).isNotBlank();
        assertThat(declined.authorization().status()).isEqualTo(AuthorizationStatus.DECLINED);
        assertThat(declined.authorization().response().responseCode()).isEqualTo("05");

        ReversalResult reversal = cobro.reversals().reverse(
                new ReverseAuthorizationCommand(approved.authorization().id()));
        assertThat(reversal).isInstanceOf(ReversalResult.Reversed.class);

        HistoryPage page = cobro.history().query(new QueryTransactionHistoryCommand(
                HistoryCriteria.builder().customerId("e2e-cards").build(),
                null, 10, true));
        assertThat(page.items()).extracting(r -> r.status())
                .contains(TransactionStatus.REVERSED, TransactionStatus.DECLINED);
        assertThat(page.items()).allSatisfy(r -> assertThat(r.attempts()).isNotEmpty());
    }

    @Test
    void anAuthorizationThatTimesOutIsUnknownAndTheResolverReversesIt() {
        AuthorizationResult timedOut = cobro.cardAuthorizations().authorize(card("4000000000000119"));
        assertThat(timedOut.authorization().status()).isEqualTo(AuthorizationStatus.UNKNOWN);

        ResolutionReport report = cobro.resolver().resolve(ResolveUnknownOutcomesCommand.DEFAULT);

        assertThat(report.changes()).anySatisfy(change -> {
            assertThat(change.id()).isEqualTo(timedOut.authorization().id().value());
            assertThat(change.to()).isIn(TransactionStatus.REVERSED, TransactionStatus.NEEDS_REVIEW);
        });
    }

    static StartCheckoutPaymentCommand checkout(String reference, String amount) {
        return StartCheckoutPaymentCommand.builder()
                .provider("88pay")
                .merchantReference(reference)
                .customerId("cust_987654")
                .amount(new BigDecimal(amount))
                .currency("MXN")
                .country("MEX")
                .method("CARDS", "CARD")
                .description("Compra #3")
                .notificationUrl("https://merchant.example.com/notify")
                .returnUrl("https://merchant.example.com/return")
                .build();
    }

    static AuthorizeCardCommand card(String pan) {
        return new AuthorizeCardCommand(ProviderId.PAYME, null, Channel.ECOMMERCE, Money.of("100.00", "PEN"),
                CardData.card(pan, "1230", "123"),
                new CardHolder("Juan Diego", "Perez Sanchez", "juan.perez@email.com", "PER", "DNI", "87654321"),
                Address.billing(null, "Juan Diego", "Perez Sanchez", "juan.perez@gmail.com", "51", "987654321",
                        "Mi casa", "Mi casa", "LIMA", "LIMA", "PE", "18"),
                null, null, null, new dev.cobro.domain.payment.CustomerId("e2e-cards"));
    }
}
