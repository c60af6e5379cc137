package dev.cobro.bootstrap.faults;

import dev.cobro.adapters.http.eightyeightpay.EightyEightPaySettings;
import dev.cobro.application.port.in.CheckoutPaymentResult;
import dev.cobro.application.port.in.StartCheckoutPaymentCommand;
import dev.cobro.bootstrap.Cobro;
import dev.cobro.testkit.ProviderSandbox;
import dev.cobro.db.testing.TestDatabase;
import dev.cobro.domain.payment.PaymentStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static dev.cobro.application.fakes.CheckoutCommandBuilder.aCheckoutCommand;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hosts retry, and two hosts retry at once: 200 requests released together, with only 20
 * distinct merchant references, must charge 88Pay exactly 20 times and leave 20 payments. The
 * idempotency key, and in the end the database's unique constraint, decide; nothing else.
 */
class FaultConcurrentIdempotencyIT {

    private static final int REQUESTS = 200;
    private static final int KEYS = 20;
    /** The where clause of PaymentStorePort.findBySession (a select list names the column too). */
    /** The duplicate's write-ahead insert: where it meets the first request's row. */
    private static final Pattern PAYMENT_INSERT =
            Pattern.compile("insert\\s+into\\s+(cobro\\.)?checkout_payment\\b", Pattern.CASE_INSENSITIVE);

    /**
     * The interleaving behind the burst's failures, forced: a duplicate passes the key look-up
     * before the first request of its key is stored, and reaches its own insert after. Its row
     * then trips both the key's constraint and the open-session index (same session, same
     * amount): the first request's payment must count as its own key's, not as another payment
     * holding the session - a fresh token for it spends 88Pay's 10 tokens a minute for nothing.
     */
    @Test
    void aDuplicateRacingTheFirstRequestOfItsKeyIsAnsweredFromTheRecordWithoutAFreshToken() throws Exception {
        TestDatabase.Handle db = TestDatabase.freshDatabase();
        SwitchableDataSource database = new SwitchableDataSource(db.dataSource());
        ExecutorService second = Executors.newSingleThreadExecutor();
        try (ProviderSandbox sandbox = ProviderSandbox.builder().port(0).start();
             Cobro cobro = Cobro.builder()
                     .dataSource(database)
                     .eightyEightPay(EightyEightPaySettings.defaults(sandbox.eightyEightPayBaseUrl(),
                             ProviderSandbox.DEFAULT_88PAY_API_KEY, ProviderSandbox.DEFAULT_88PAY_MERCHANT_ID))
                     .build()) {
            // A token in hand, as in any busy minute: both requests of the key reuse its session.
            cobro.checkoutPayments().start(aCheckoutCommand().withAmount("500.00").build());
            long tokens = sandbox.tokenRequests88Pay();
            StartCheckoutPaymentCommand command = aCheckoutCommand().withAmount("501.00").build();
            AtomicReference<Thread> duplicateThread = new AtomicReference<>();
            CountDownLatch duplicateChecksTheSession = new CountDownLatch(1);
            CountDownLatch firstIsStored = new CountDownLatch(1);
            database.beforeEachStatement(sql -> {
                if (Thread.currentThread() == duplicateThread.get() && PAYMENT_INSERT.matcher(sql).find()
                        && duplicateChecksTheSession.getCount() > 0) {
                    duplicateChecksTheSession.countDown();
                    awaitQuietly(firstIsStored);
                }
            });

            Future<CheckoutPaymentResult> duplicate = second.submit(() -> {
                duplicateThread.set(Thread.currentThread());
                return cobro.checkoutPayments().start(command);
            });
            assertThat(duplicateChecksTheSession.await(30, TimeUnit.SECONDS)).isTrue();
            CheckoutPaymentResult first = cobro.checkoutPayments().start(command);
            firstIsStored.countDown();
            CheckoutPaymentResult answered = duplicate.get(30, TimeUnit.SECONDS);

            assertThat(first).isInstanceOf(CheckoutPaymentResult.Created.class);
            assertThat(answered).isNotInstanceOf(CheckoutPaymentResult.Created.class);
            assertThat(answered.payment().id()).isEqualTo(first.payment().id());
            assertThat(sandbox.charges88Pay()).isEqualTo(2);
            assertThat(sandbox.tokenRequests88Pay()).as("88Pay token requests").isEqualTo(tokens);
        } finally {
            second.shutdownNow();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the first request never finished");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void twoHundredConcurrentRequestsOnTwentyKeysMakeTwentyChargesAndTwentyRows() throws Exception {
        TestDatabase.Handle db = TestDatabase.freshDatabase();
        CobroRows rows = new CobroRows(db.dataSource());
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<StartCheckoutPaymentCommand> commands = new ArrayList<>();
        for (int key = 0; key < KEYS; key++) {
            // Distinct amounts: payments of one 88Pay session must differ in amount to be told apart.
            commands.add(aCheckoutCommand().withMerchantReference("burst-" + run + "-" + key)
                    .withAmount((400 + key) + ".00").build());
        }
        ExecutorService callers = Executors.newFixedThreadPool(REQUESTS);
        try (ProviderSandbox sandbox = ProviderSandbox.builder().port(0).threads(16).start();
             Cobro cobro = Cobro.builder()
                     // Cobro's own HikariCP pool, as a host that gives a JDBC URL gets.
                     .jdbcUrl(db.jdbcUrl(), db.user(), db.password())
                     .eightyEightPay(EightyEightPaySettings.defaults(sandbox.eightyEightPayBaseUrl(),
                             ProviderSandbox.DEFAULT_88PAY_API_KEY, ProviderSandbox.DEFAULT_88PAY_MERCHANT_ID))
                     .build()) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<CheckoutPaymentResult>> calls = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                StartCheckoutPaymentCommand command = commands.get(i % KEYS);
                calls.add(callers.submit(() -> {
                    go.await();
                    return cobro.checkoutPayments().start(command);
                }));
            }
            go.countDown();
            List<CheckoutPaymentResult> results = new ArrayList<>();
            for (Future<CheckoutPaymentResult> call : calls) {
                results.add(call.get(60, TimeUnit.SECONDS));
            }

            assertThat(sandbox.charges88Pay()).isEqualTo(KEYS);
            assertThat(results).filteredOn(CheckoutPaymentResult.Created.class::isInstance).hasSize(KEYS);
            Map<String, List<UUID>> idsByReference = results.stream().collect(Collectors.groupingBy(
                    r -> r.payment().merchantReference().value(),
                    Collectors.mapping(r -> r.payment().id().value(), Collectors.toList())));
            assertThat(idsByReference).hasSize(KEYS);
            // Every answer for one key names the one payment that key made.
            assertThat(idsByReference.values()).allSatisfy(ids -> assertThat(ids).hasSize(REQUESTS / KEYS)
                    .containsOnly(ids.get(0)));
            assertThat(rows.count("SELECT count(*) FROM cobro.checkout_payment WHERE merchant_reference LIKE ?",
                    "burst-" + run + "-%")).isEqualTo(KEYS);
            assertThat(rows.count("SELECT count(*) FROM cobro.provider_attempt WHERE subject_kind = ?",
                    "checkout_payment")).isEqualTo(KEYS);
            for (StartCheckoutPaymentCommand command : commands) {
                assertThat(rows.paymentStatus(command.merchantReference().value()))
                        .contains(PaymentStatus.AWAITING_CUSTOMER.name());
            }
        } finally {
            callers.shutdownNow();
        }
    }
}
