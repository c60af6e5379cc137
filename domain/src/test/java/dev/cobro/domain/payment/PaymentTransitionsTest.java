package dev.cobro.domain.payment;

import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.TestData;
import dev.cobro.domain.shared.IllegalTransitionException;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.StatusChange;
import dev.cobro.domain.shared.Money;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

import static dev.cobro.domain.TestData.T0;
import static dev.cobro.domain.TestData.clockAt;
import static dev.cobro.domain.payment.PaymentStatus.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every cell of the status x status matrix, against the table ARCHITECTURE.md draws (written out here). */
class PaymentTransitionsTest {

    private static final Instant T1 = T0.plusSeconds(90);
    private static final Clock LATER = clockAt(T1);

    /**
     * ARCHITECTURE.md's diagram, copied by hand: the production table must agree with it. Every status has
     * its row, final ones an explicit empty one, so a status added to the enum without a row here fails.
     */
    private static final Map<PaymentStatus, Set<PaymentStatus>> EXPECTED = new EnumMap<>(Map.ofEntries(
            Map.entry(REQUESTED, EnumSet.of(AWAITING_CUSTOMER, REJECTED, NOT_SENT, UNKNOWN)),
            Map.entry(AWAITING_CUSTOMER, EnumSet.of(SUCCEEDED, FAILED, CANCELLED, EXPIRED)),
            Map.entry(UNKNOWN, EnumSet.of(AWAITING_CUSTOMER, SUCCEEDED, FAILED, CANCELLED, EXPIRED)),
            Map.entry(EXPIRED, EnumSet.of(SUCCEEDED)),
            Map.entry(FAILED, EnumSet.of(SUCCEEDED)),
            Map.entry(CANCELLED, EnumSet.of(SUCCEEDED)),
            Map.entry(NOT_SENT, EnumSet.of(REQUESTED)),
            Map.entry(SUCCEEDED, EnumSet.of(PARTIALLY_REFUNDED, REFUNDED, CHARGED_BACK)),
            Map.entry(PARTIALLY_REFUNDED, EnumSet.of(PARTIALLY_REFUNDED, REFUNDED, CHARGED_BACK)),
            Map.entry(REFUNDED, EnumSet.noneOf(PaymentStatus.class)),
            Map.entry(CHARGED_BACK, EnumSet.noneOf(PaymentStatus.class)),
            Map.entry(REJECTED, EnumSet.noneOf(PaymentStatus.class))));

    /** The event method that leads to each status. */
    private static final Map<PaymentStatus, BiConsumer<Payment, Clock>> EVENT = new EnumMap<>(Map.ofEntries(
            Map.entry(REQUESTED, (p, c) -> p.retry(c)),
            Map.entry(AWAITING_CUSTOMER, (p, c) -> p.awaitCustomer("sess-2", "ref-2", "https://pay.example/c/2", false, c)),
            Map.entry(SUCCEEDED, (p, c) -> p.settle(SUCCEEDED, "notified COMPLETED", c)),
            Map.entry(FAILED, (p, c) -> p.settle(FAILED, "notified FAILED", c)),
            Map.entry(CANCELLED, (p, c) -> p.settle(CANCELLED, "notified canceled", c)),
            Map.entry(EXPIRED, (p, c) -> p.expire("no notification within 72 h", c)),
            Map.entry(REJECTED, (p, c) -> p.reject("400 invalid country", c)),
            Map.entry(NOT_SENT, (p, c) -> p.notSent("connection refused", c)),
            Map.entry(UNKNOWN, (p, c) -> p.unknown("read timed out", c)),
            Map.entry(PARTIALLY_REFUNDED, (p, c) -> p.refund(Money.of("10.00", "MXN"), "refunded 10.00", c)),
            Map.entry(REFUNDED, (p, c) -> p.refund(p.refundable(), "refunded the rest", c)),
            Map.entry(CHARGED_BACK, (p, c) -> p.chargeBack("notified charged_back", c))));

    static Stream<Arguments> allowed() {
        return pairs(true);
    }

    static Stream<Arguments> forbidden() {
        return pairs(false);
    }

    private static Stream<Arguments> pairs(boolean allowed) {
        // Over the rows written out above, not over the enum: a status missing here is caught below.
        return EXPECTED.keySet().stream().flatMap(from -> EXPECTED.keySet().stream()
                .filter(to -> EXPECTED.get(from).contains(to) == allowed)
                .map(to -> Arguments.of(from, to)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("allowed")
    void anAllowedTransitionMovesAndIsRecordedWithItsTimeAndReason(PaymentStatus from, PaymentStatus to) {
        Payment payment = paymentIn(from);

        EVENT.get(to).accept(payment, LATER);

        assertThat(payment.status()).isEqualTo(to);
        assertThat(payment.updatedAt()).isEqualTo(T1);
        List<StatusChange<PaymentStatus>> changes = payment.statusChanges();
        StatusChange<PaymentStatus> last = changes.get(changes.size() - 1);
        assertThat(last.from()).isEqualTo(from);
        assertThat(last.to()).isEqualTo(to);
        assertThat(last.at()).isEqualTo(T1);
        assertThat(last.reason()).isNotBlank();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("forbidden")
    void aForbiddenTransitionRaisesAndChangesNothing(PaymentStatus from, PaymentStatus to) {
        Payment payment = paymentIn(from);

        assertThatThrownBy(() -> EVENT.get(to).accept(payment, LATER))
                .isInstanceOfSatisfying(IllegalTransitionException.class, e -> {
                    assertThat(e.from()).isEqualTo(from.name());
                    assertThat(e.to()).isEqualTo(to.name());
                })
                .hasMessageContaining(from.name())
                .hasMessageContaining(to.name());
        assertThat(payment.status()).isEqualTo(from);
        assertThat(payment.updatedAt()).isEqualTo(T0);
        assertThat(payment.statusChanges()).hasSize(1);
        assertThat(payment.flags()).isEmpty();
    }

    @Test
    void theMatrixCoversEveryPairOfTheEnumOnce() {
        Set<List<PaymentStatus>> everyPair = new HashSet<>();
        for (PaymentStatus from : PaymentStatus.values()) {
            for (PaymentStatus to : PaymentStatus.values()) {
                everyPair.add(List.of(from, to));
            }
        }
        List<List<PaymentStatus>> tested = Stream.concat(allowed(), forbidden())
                .map(a -> List.of((PaymentStatus) a.get()[0], (PaymentStatus) a.get()[1])).toList();

        assertThat(tested).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(everyPair);
        assertThat(EVENT.keySet()).as("an event leads to every status").isEqualTo(EnumSet.allOf(PaymentStatus.class));
    }

    @Test
    void theProductionTableIsTheDesignedOne() {
        for (PaymentStatus from : PaymentStatus.values()) {
            assertThat(PaymentStatus.TRANSITIONS.targetsOf(from)).as("from %s", from)
                    .containsExactlyInAnyOrderElementsOf(EXPECTED.getOrDefault(from, Set.of()));
        }
    }

    @Test
    void aNewPaymentIsRequestedWithItsCreationRecorded() {
        Payment payment = Payment.request(new PaymentId(UUID.randomUUID()), ProviderId.EIGHTY_EIGHT_PAY,
                new MerchantReference("order-1001"), TestData.checkoutDetails(), "fp", clockAt(T0));

        assertThat(payment.status()).isEqualTo(REQUESTED);
        assertThat(payment.createdAt()).isEqualTo(T0);
        assertThat(payment.statusChanges()).containsExactly(new StatusChange<>(null, REQUESTED, "requested", T0));
        assertThat(payment.version()).isZero();
    }

    @Test
    void aLateSuccessAfterExpiryIsAppliedAndFlagged() {
        Payment payment = paymentIn(EXPIRED);

        payment.settle(SUCCEEDED, "notified COMPLETED", LATER);

        assertThat(payment.status()).isEqualTo(SUCCEEDED);
        assertThat(payment.flags()).containsExactly(PaymentFlag.LATE_NOTIFICATION);
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(value = PaymentStatus.class, names = {"FAILED", "CANCELLED"})
    void aLateSuccessAfterAFailureOrCancellationIsAppliedAndFlagged(PaymentStatus finalStatus) {
        Payment payment = paymentIn(finalStatus);

        payment.settle(SUCCEEDED, "notified COMPLETED", LATER);

        assertThat(payment.status()).isEqualTo(SUCCEEDED);
        assertThat(payment.flags()).containsExactly(PaymentFlag.LATE_NOTIFICATION);
    }

    @Test
    void aTimelySuccessIsNotFlaggedLate() {
        Payment payment = paymentIn(AWAITING_CUSTOMER);

        payment.settle(SUCCEEDED, "notified COMPLETED", LATER);

        assertThat(payment.flags()).isEmpty();
    }

    @Test
    void aNotificationCannotSettleAPaymentInAStatusOnlyTheProviderCallDecides() {
        Payment payment = paymentIn(REQUESTED);

        assertThatThrownBy(() -> payment.settle(AWAITING_CUSTOMER, "notified", LATER))
                .isInstanceOf(IllegalTransitionException.class);
        assertThat(payment.status()).isEqualTo(REQUESTED);
    }

    @Test
    void anEchoMismatchIsFlaggedWhenTheCheckoutIsCreated() {
        Payment payment = paymentIn(REQUESTED);

        payment.awaitCustomer("sess-9", "ref-9", "https://pay.example/c/9", true, LATER);

        assertThat(payment.flags()).containsExactly(PaymentFlag.ECHO_MISMATCH);
        assertThat(payment.providerSessionId()).isEqualTo("sess-9");
        assertThat(payment.providerReference()).isEqualTo("ref-9");
        assertThat(payment.checkoutUrl()).isEqualTo("https://pay.example/c/9");
        assertThat(payment.statusChanges().get(1).reason()).contains("echo differs");
    }

    @Test
    void aBlankProviderReferenceIsKeptAsNone() {
        Payment payment = paymentIn(REQUESTED);

        payment.awaitCustomer(null, " ", "https://pay.example/c/9", false, LATER);

        assertThat(payment.providerReference()).isNull();
        assertThat(payment.providerSessionId()).isEqualTo("sess-1");
    }

    @Test
    void theSessionIsFixedOnceThePaymentLeavesRequested() {
        Payment payment = paymentIn(UNKNOWN);

        assertThatThrownBy(() -> payment.useSession("sess-other"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("UNKNOWN");
        assertThat(payment.providerSessionId()).isEqualTo("sess-1");
    }

    @Test
    void sendingAgainForgetsTheOldSession() {
        Payment payment = paymentIn(NOT_SENT);

        payment.retry(LATER);
        payment.useSession("sess-fresh");

        assertThat(payment.providerSessionId()).isEqualTo("sess-fresh");
    }

    @Test
    void onlyRequestedAwaitingAndUnknownPaymentsAreOpen() {
        assertThat(EnumSet.allOf(PaymentStatus.class).stream().filter(PaymentStatus::isOpen))
                .containsExactlyInAnyOrder(REQUESTED, AWAITING_CUSTOMER, UNKNOWN);
    }

    @Test
    void aRestoredPaymentKeepsWhatWasStored() {
        Payment payment = Payment.restore(new PaymentSnapshot(new PaymentId(UUID.randomUUID()),
                ProviderId.EIGHTY_EIGHT_PAY, AccountId.DEFAULT, new MerchantReference("order-7"),
                TestData.checkoutDetails(), "fp", SUCCEEDED, EnumSet.of(PaymentFlag.LATE_NOTIFICATION), "sess-7",
                "ref-7", "https://pay.example/c/7", "key-7", T0, T1, List.of(), 4));

        assertThat(payment.status()).isEqualTo(SUCCEEDED);
        assertThat(payment.flags()).containsExactly(PaymentFlag.LATE_NOTIFICATION);
        assertThat(payment.version()).isEqualTo(4);
        assertThat(payment.updatedAt()).isEqualTo(T1);
        assertThat(payment.createdAt()).isEqualTo(T0);
        assertThat(payment.notificationKeyId()).isEqualTo("key-7");
        assertThat(Payment.restore(payment.snapshot()).snapshot()).isEqualTo(payment.snapshot());
    }

    @Test
    void refundsAddUpAndTheOneThatReachesTheAmountMakesItRefunded() {
        Payment payment = paymentIn(SUCCEEDED);

        payment.refund(Money.of("30.00", "MXN"), "refunded 30.00", LATER);
        payment.refund(Money.of("20.00", "MXN"), "refunded 20.00", LATER);

        assertThat(payment.status()).isEqualTo(PARTIALLY_REFUNDED);
        assertThat(payment.refunded()).isEqualTo(Money.of("50.00", "MXN"));
        assertThat(payment.refundable()).isEqualTo(Money.of("50.00", "MXN"));
        payment.refund(Money.of("50.00", "MXN"), "refunded the rest", LATER);
        assertThat(payment.status()).isEqualTo(REFUNDED);
        assertThat(payment.refundable().isZero()).isTrue();
        assertThat(Payment.restore(payment.snapshot()).refunded()).isEqualTo(Money.of("100.00", "MXN"));
    }

    @Test
    void aRefundAboveWhatRemainsOrInAnotherCurrencyIsRefusedAndChangesNothing() {
        Payment payment = paymentIn(SUCCEEDED);
        payment.refund(Money.of("60.00", "MXN"), "refunded 60.00", LATER);

        assertThatThrownBy(() -> payment.refund(Money.of("40.01", "MXN"), "too much", LATER))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot have 100.01 MXN refunded");
        assertThatThrownBy(() -> payment.refund(Money.of("1.00", "USD"), "other currency", LATER))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(payment.refunded()).isEqualTo(Money.of("60.00", "MXN"));
        assertThat(payment.status()).isEqualTo(PARTIALLY_REFUNDED);
    }

    @Test
    void aReportedTotalIsTheProvidersFigureAndNeverLowersWhatIsKnown() {
        Payment payment = paymentIn(SUCCEEDED);
        payment.refund(Money.of("60.00", "MXN"), "refunded 60.00", LATER);

        payment.reportRefunded(Money.of("70.00", "MXN"), "notified approved, 70.00 refunded", LATER);
        assertThat(payment.refunded()).isEqualTo(Money.of("70.00", "MXN"));
        assertThatThrownBy(() -> payment.reportRefunded(Money.of("50.00", "MXN"), "an older report", LATER))
                .isInstanceOf(IllegalTransitionException.class);
        payment.reportRefunded(Money.of("100.00", "MXN"), "notified refunded", LATER);
        assertThat(payment.status()).isEqualTo(REFUNDED);
        assertThat(payment.refunded()).isEqualTo(Money.of("100.00", "MXN"));
    }

    @Test
    void theProvidersPaymentIdIsKeptWhenItSettlesTheCheckout() {
        Payment payment = paymentIn(AWAITING_CUSTOMER);

        payment.settle(SUCCEEDED, "1320000001", "notified approved", LATER);

        assertThat(payment.providerPaymentId()).isEqualTo("1320000001");
        assertThat(Payment.restore(payment.snapshot()).providerPaymentId()).isEqualTo("1320000001");
    }

    private static Payment paymentIn(PaymentStatus status) {
        return Payment.restore(new PaymentSnapshot(new PaymentId(UUID.randomUUID()),
                ProviderId.EIGHTY_EIGHT_PAY, AccountId.DEFAULT, new MerchantReference("order-1001"),
                TestData.checkoutDetails(), "fp", status, Set.of(), "sess-1", null, null, null, T0, T0,
                List.of(new StatusChange<>(null, status, "restored", T0)), 1));
    }
}
