package dev.cobro.application.fakes;

import dev.cobro.application.port.out.AttemptLogPort;
import dev.cobro.application.port.out.DuplicateKeyException;
import dev.cobro.application.port.out.PaymentStorePort;
import dev.cobro.application.port.out.StoreUnavailableException;
import dev.cobro.domain.attempt.AttemptStatus;
import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.payment.Payment;
import dev.cobro.domain.payment.PaymentStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.cobro.application.fakes.CheckoutCommandBuilder.aCheckoutCommand;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InMemoryPaymentStoreTest extends PaymentStorePortContract {

    private InMemoryPaymentStore fake;

    @Override
    protected PaymentStorePort emptyStore() {
        fake = new InMemoryPaymentStore();
        return fake;
    }

    @Override
    protected AttemptLogPort attemptLog() {
        return fake.attemptLog();
    }

    @Test
    void aFailedWriteChangesNothingAndTheNextOneWorks() {
        Payment payment = requested(aCheckoutCommand(), "sess-a");
        ProviderAttempt attempt = attemptOf(payment, 1);
        fake.failNextWrite();

        assertThatThrownBy(() -> fake.insertRequested(payment, attempt)).isInstanceOf(StoreUnavailableException.class);
        assertThat(fake.all()).isEmpty();
        assertThat(fake.attemptLog().all()).isEmpty();

        fake.insertRequested(payment, attempt);
        assertThat(fake.all()).hasSize(1);
    }

    @Test
    void aWriteCanBeMadeToFailAfterSomeGoodOnes() {
        Payment payment = requested(aCheckoutCommand(), "sess-a");
        ProviderAttempt attempt = attemptOf(payment, 1);
        fake.failWriteAfter(1);
        fake.insertRequested(payment, attempt);
        payment.unknown("read timed out", clock);
        attempt.finish(AttemptStatus.UNKNOWN, null, null, "read timed out", null, clock);

        assertThatThrownBy(() -> fake.save(payment, attempt)).isInstanceOf(StoreUnavailableException.class);

        assertThat(fake.findById(payment.id()).orElseThrow().status()).isEqualTo(PaymentStatus.REQUESTED);
        assertThat(fake.attemptLog().all()).singleElement()
                .satisfies(a -> assertThat(a.status()).isEqualTo(AttemptStatus.REQUESTED));
    }

    @Test
    void anUnavailableStoreRefusesReadsToo() {
        fake.unavailable(true);

        assertThatThrownBy(() -> fake.findBySession(dev.cobro.domain.shared.ProviderId.EIGHTY_EIGHT_PAY, "s"))
                .isInstanceOf(StoreUnavailableException.class);

        fake.unavailable(false);
        assertThat(fake.findBySession(dev.cobro.domain.shared.ProviderId.EIGHTY_EIGHT_PAY, "s")).isEmpty();
    }

    @Test
    void whatIsStoredIsACopyTheCallerCannotChange() {
        Payment payment = requested(aCheckoutCommand(), "sess-a");
        fake.insertRequested(payment, attemptOf(payment, 1));

        payment.unknown("changed in memory only", clock);
        fake.findById(payment.id()).orElseThrow().reject("changed a read copy only", clock);

        assertThat(fake.findById(payment.id()).orElseThrow().status()).isEqualTo(PaymentStatus.REQUESTED);
    }

    @Test
    void manyThreadsInsertingOneMerchantReferenceLeaveExactlyOnePayment() throws Exception {
        CheckoutCommandBuilder command = aCheckoutCommand();
        int threads = 8;
        List<Payment> contenders = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            contenders.add(requested(command, "sess-" + i));
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (Payment p : contenders) {
                Callable<Boolean> insert = () -> {
                    start.await();
                    try {
                        fake.insertRequested(p, attemptOf(p, 1));
                        return true;
                    } catch (DuplicateKeyException lost) {
                        return false;
                    }
                };
                results.add(pool.submit(insert));
            }
            start.countDown();
            int winners = 0;
            for (Future<Boolean> r : results) {
                winners += r.get(10, TimeUnit.SECONDS) ? 1 : 0;
            }

            assertThat(winners).isEqualTo(1);
            assertThat(fake.all()).hasSize(1);
            assertThat(fake.attemptLog().all()).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
