package dev.cobro.bootstrap.faults;

import dev.cobro.adapters.http.eightyeightpay.EightyEightPaySettings;
import dev.cobro.application.port.in.CheckoutPaymentResult;
import dev.cobro.application.port.in.RecordPaymentNotificationCommand;
import dev.cobro.application.port.in.ResolveUnknownOutcomesCommand;
import dev.cobro.application.service.ResolverSettings;
import dev.cobro.bootstrap.Cobro;
import dev.cobro.bootstrap.faults.CobroRows.ChangeRow;
import dev.cobro.testkit.ProviderSandbox;
import dev.cobro.testkit.SandboxNotification;
import dev.cobro.db.testing.TestDatabase;
import dev.cobro.domain.payment.NotificationOutcome;
import dev.cobro.domain.payment.PaymentNotification;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.ProviderId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static dev.cobro.application.fakes.CheckoutCommandBuilder.aCheckoutCommand;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * 88Pay's COMPLETED notification and the resolver's expiry arrive at the same moment for one
 * payment. Whichever wins, the payment ends SUCCEEDED (the customer's money did arrive), each
 * transition is made once, and an expiry that came first leaves the payment flagged late.
 */
class FaultNotificationRaceIT {

    private static final int ROUNDS = 20;

    @Test
    void aNotificationRacingTheExpiryEndsSucceededOnceWhicheverComesFirst() throws Exception {
        TestDatabase.Handle db = TestDatabase.freshDatabase();
        CobroRows rows = new CobroRows(db.dataSource());
        ExecutorService racers = Executors.newFixedThreadPool(2);
        try (ProviderSandbox sandbox = ProviderSandbox.builder().port(0).start();
             Cobro cobro = Cobro.builder()
                     .dataSource(db.dataSource())
                     .eightyEightPay(EightyEightPaySettings.defaults(sandbox.eightyEightPayBaseUrl(),
                             ProviderSandbox.DEFAULT_88PAY_API_KEY, ProviderSandbox.DEFAULT_88PAY_MERCHANT_ID)
                             .withWebhookSecret(ProviderSandbox.DEFAULT_88PAY_WEBHOOK_SECRET))
                     // A checkout lifetime of zero: every open checkout is due to expire the moment it exists.
                     .resolverSettings(new ResolverSettings(Duration.ofMinutes(1), Duration.ofMinutes(5), 5,
                             Duration.ZERO))
                     .build()) {
            for (int round = 1; round <= ROUNDS; round++) {
                CheckoutPaymentResult started = cobro.checkoutPayments().start(aCheckoutCommand()
                        .withAmount((300 + round) + ".00").build());
                assertThat(started.payment().status()).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
                UUID id = started.payment().id().value();
                SandboxNotification webhook = sandbox.notification(started.payment().checkoutUrl(), "COMPLETED");
                CountDownLatch go = new CountDownLatch(1);

                Future<?> expiry = racers.submit(() -> {
                    go.await();
                    return cobro.resolver().resolve(ResolveUnknownOutcomesCommand.DEFAULT);
                });
                Future<PaymentNotification> notified = racers.submit(() -> {
                    go.await();
                    return cobro.notifications().record(
                            new RecordPaymentNotificationCommand(ProviderId.EIGHTY_EIGHT_PAY, webhook.url(),
                                    webhook.body(), webhook.headers()));
                });
                go.countDown();
                expiry.get(30, TimeUnit.SECONDS);
                PaymentNotification notification = notified.get(30, TimeUnit.SECONDS);

                List<ChangeRow> changes = rows.statusChangesOf(id);
                String context = "round " + round + ", changes " + changes;
                assertThat(notification.outcome()).as(context).isEqualTo(NotificationOutcome.APPLIED);
                assertThat(rows.paymentId(started.payment().merchantReference().value())).contains(id);
                assertThat(rows.paymentStatus(started.payment().merchantReference().value())).as(context)
                        .contains("SUCCEEDED");
                assertThat(changes.stream().map(c -> c.from() + "->" + c.to()).collect(Collectors.toList()))
                        .as(context).doesNotHaveDuplicates();
                assertThat(changes).as(context).filteredOn(c -> "SUCCEEDED".equals(c.to())).hasSize(1);
                // Which side wins is up to the scheduler; the invariants hold either way.
                boolean expired = changes.stream().anyMatch(c -> "EXPIRED".equals(c.to()));
                if (expired) {
                    assertThat(changes).as(context).extracting(ChangeRow::from, ChangeRow::to).endsWith(
                            tuple("AWAITING_CUSTOMER", "EXPIRED"), tuple("EXPIRED", "SUCCEEDED"));
                } else {
                    assertThat(changes).as(context).extracting(ChangeRow::from, ChangeRow::to)
                            .endsWith(tuple("AWAITING_CUSTOMER", "SUCCEEDED"));
                }
                assertThat(rows.lateNotification(id)).as(context).isEqualTo(expired);
            }
        } finally {
            racers.shutdownNow();
        }
    }
}
