package dev.cobro.adapters.persistence;

import dev.cobro.application.fakes.ControllableClock;
import dev.cobro.application.port.out.DuplicateKeyException;
import dev.cobro.application.port.out.PaymentStorePort;
import dev.cobro.application.port.out.RefundLimitException;
import dev.cobro.db.testing.TestDatabase;
import dev.cobro.domain.attempt.AttemptOperation;
import dev.cobro.domain.attempt.AttemptStatus;
import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.payment.Payment;
import dev.cobro.domain.payment.PaymentRefund;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.Money;
import dev.cobro.domain.shared.TransactionKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The database's own guard on refunds (migration V12), met through the store with no use case in
 * front: a refund whose amount, with what was refunded and what is still out or unknown, exceeds the
 * payment's amount is refused with nothing written, whoever writes it.
 */
class RefundGuardIT {

    private static TestDatabase.Handle db;
    private static CobroPersistence persistence;
    private static PaymentStorePort payments;
    private final ControllableClock clock = new ControllableClock(TestData.START);

    @BeforeAll
    static void start() {
        db = Databases.migrated();
        persistence = Databases.persistence(db);
        payments = persistence.payments();
    }

    @AfterAll
    static void stop() {
        persistence.close();
    }

    @Test
    void aRefundBeyondWhatIsRefundedAndStillOutIsRefusedAndNothingIsWritten() {
        Payment payment = settled("100.00");
        ProviderAttempt first = refundAttempt(payment, 2);
        payments.saveRefund(payment, refund(payment, "a", "60.00", first), true, first);
        first.finish(AttemptStatus.UNKNOWN, null, null, "read timed out", null, clock);
        payments.save(payment, first);

        Payment fresh = payments.findById(payment.id()).orElseThrow();
        ProviderAttempt second = refundAttempt(fresh, 3);
        assertThatThrownBy(() -> payments.saveRefund(fresh, refund(fresh, "b", "40.01", second), true, second))
                .isInstanceOf(RefundLimitException.class);

        assertThat(payments.refundsOf(payment.id())).extracting(PaymentRefund::key, PaymentRefund::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", AttemptStatus.UNKNOWN));
        assertThat(Databases.single(db, "select count(*) from cobro.provider_attempt where subject_id = '"
                + payment.id().value() + "'")).isEqualTo("2");
        Payment stillFresh = payments.findById(payment.id()).orElseThrow();
        ProviderAttempt third = refundAttempt(stillFresh, 3);
        payments.saveRefund(stillFresh, refund(stillFresh, "c", "40.00", third), true, third);
        assertThat(payments.findRefund(payment.id(), "c").orElseThrow().status()).isEqualTo(AttemptStatus.REQUESTED);
    }

    @Test
    void whatWasRefundedCountsAndAKeyIsTakenOnce() {
        Payment payment = settled("100.00");
        ProviderAttempt first = refundAttempt(payment, 2);
        payments.saveRefund(payment, refund(payment, "a", "70.00", first), true, first);
        first.finish(AttemptStatus.SUCCEEDED, 201, "approved", null, "{}", clock);
        payment.refund(Money.of("70.00", "MXN"), "refunded 70.00", clock);
        payments.save(payment, first);

        Payment fresh = payments.findById(payment.id()).orElseThrow();
        assertThat(fresh.status()).isEqualTo(PaymentStatus.PARTIALLY_REFUNDED);
        assertThat(fresh.refunded()).isEqualTo(Money.of("70.00", "MXN"));
        ProviderAttempt beyond = refundAttempt(fresh, 3);
        assertThatThrownBy(() -> payments.saveRefund(fresh, refund(fresh, "b", "30.01", beyond), true, beyond))
                .isInstanceOf(RefundLimitException.class);
        Payment again = payments.findById(payment.id()).orElseThrow();
        ProviderAttempt sameKey = refundAttempt(again, 3);
        assertThatThrownBy(() -> payments.saveRefund(again, refund(again, "a", "10.00", sameKey), true, sameKey))
                .isInstanceOf(DuplicateKeyException.class);
    }

    private Payment settled(String amount) {
        Payment payment = TestData.payment("refund-" + UUID.randomUUID(), amount, clock);
        ProviderAttempt charge = ProviderAttempt.start(UUID.randomUUID(), TransactionKind.CHECKOUT_PAYMENT,
                payment.id().value(), payment.provider(), payment.account(), AttemptOperation.CHARGE, 1, "{}", clock);
        payments.insertRequested(payment, charge);
        payment.awaitCustomer("sess", "pref-1", "https://checkout.example/1", false, clock);
        charge.finish(AttemptStatus.SUCCEEDED, 201, null, null, "{}", clock);
        payments.save(payment, charge);
        payment.settle(PaymentStatus.SUCCEEDED, "1320000001", "notified approved", clock);
        payments.save(payment, null);
        return payment;
    }

    private ProviderAttempt refundAttempt(Payment payment, int number) {
        return ProviderAttempt.start(UUID.randomUUID(), TransactionKind.CHECKOUT_PAYMENT, payment.id().value(),
                payment.provider(), payment.account(), AttemptOperation.REFUND, number, "{}", clock);
    }

    private PaymentRefund refund(Payment payment, String key, String amount, ProviderAttempt attempt) {
        return new PaymentRefund(UUID.randomUUID(), payment.id(), key, Money.of(amount, "MXN"), false, attempt.id(),
                AttemptStatus.REQUESTED, clock.instant());
    }
}
