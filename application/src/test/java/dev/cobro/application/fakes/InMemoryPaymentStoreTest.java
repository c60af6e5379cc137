package dev.cobro.application.fakes;

import dev.cobro.application.port.out.AttemptLogPort;
import dev.cobro.application.port.out.PaymentStorePort;
import dev.cobro.application.port.out.StoreUnavailableException;
import dev.cobro.domain.attempt.AttemptStatus;
import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.payment.Payment;
import dev.cobro.domain.payment.PaymentStatus;
import org.junit.jupiter.api.Test;

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
}
