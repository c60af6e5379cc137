package dev.cobro.adapters.persistence;

import dev.cobro.application.fakes.ControllableClock;
import dev.cobro.application.port.out.ConcurrentUpdateException;
import dev.cobro.application.port.out.OutcomeEvent;
import dev.cobro.application.port.out.OutcomeOutboxPort;
import dev.cobro.application.port.out.OutcomeOutboxPort.Delivery;
import dev.cobro.db.testing.TestDatabase;
import dev.cobro.domain.attempt.AttemptOperation;
import dev.cobro.domain.attempt.AttemptStatus;
import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.authorization.Authorization;
import dev.cobro.domain.authorization.Authorization.ProviderResponse;
import dev.cobro.domain.payment.NotificationOutcome;
import dev.cobro.domain.payment.Payment;
import dev.cobro.domain.payment.PaymentNotification;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.TransactionKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

/** cobro.outcome_event against a real PostgreSQL: written with each status change, claimed and delivered. */
class OutcomeOutboxIT {

    private TestDatabase.Handle db;
    private CobroPersistence persistence;
    private OutcomeOutboxPort outbox;
    private final ControllableClock clock = ControllableClock.ticking(TestData.START, Duration.ofNanos(1000));

    @BeforeEach
    void start() {
        db = Databases.migrated();
        persistence = Databases.persistence(db);
        outbox = persistence.outbox();
    }

    @AfterEach
    void stop() {
        persistence.close();
    }

    @Test
    void everyStatusChangeOfAPaymentWritesOneEventInItsTransactionWithItsReferenceAndFlags() {
        Payment payment = TestData.payment("order-ev-1", "120.00", clock);
        payment.useSession("sess_ev");
        ProviderAttempt attempt = TestData.attempt(payment, 1, clock);
        persistence.payments().insertRequested(payment, attempt);
        payment.awaitCustomer("sess_ev", "ref-ev", "https://checkout.example/ev", true, clock);
        attempt.finish(AttemptStatus.SUCCEEDED, 200, "200", "Success", "{}", clock);
        persistence.payments().save(payment, attempt);
        payment.settle(PaymentStatus.SUCCEEDED, "notified COMPLETED", clock);
        persistence.payments().recordNotification(notification(payment), payment);

        List<OutcomeEvent> events = outbox.list(false, 0, 100);

        assertThat(events).extracting(OutcomeEvent::kind, OutcomeEvent::subjectId, OutcomeEvent::provider,
                        OutcomeEvent::account, OutcomeEvent::reference, OutcomeEvent::from, OutcomeEvent::to)
                .containsExactly(
                        tuple(TransactionKind.CHECKOUT_PAYMENT, payment.id().value(), ProviderId.EIGHTY_EIGHT_PAY,
                                "default", "order-ev-1", null, "REQUESTED"),
                        tuple(TransactionKind.CHECKOUT_PAYMENT, payment.id().value(), ProviderId.EIGHTY_EIGHT_PAY,
                                "default", "order-ev-1", "REQUESTED", "AWAITING_CUSTOMER"),
                        tuple(TransactionKind.CHECKOUT_PAYMENT, payment.id().value(), ProviderId.EIGHTY_EIGHT_PAY,
                                "default", "order-ev-1", "AWAITING_CUSTOMER", "SUCCEEDED"));
        assertThat(events.get(0).flags()).isEmpty();
        assertThat(events.get(2).flags()).containsExactly("ECHO_MISMATCH");
        assertThat(events.get(2).reason()).isEqualTo("notified COMPLETED");
        assertThat(events.get(2).occurredAt()).isEqualTo(payment.statusChanges().get(2).at());
        assertThat(events).allSatisfy(e -> {
            assertThat(e.deliveredAt()).isNull();
            assertThat(e.deliveryTries()).isZero();
        });
        assertThat(events.get(0).id()).isLessThan(events.get(1).id());
        assertThat(events.get(1).id()).isLessThan(events.get(2).id());
    }

    @Test
    void aSaveThatLosesItsRaceWritesNoEvent() {
        Authorization authorization = TestData.authorization("700000001", "10.00", clock);
        persistence.authorizations().insertRequested(authorization,
                TestData.attempt(authorization, AttemptOperation.AUTHORIZE, 1, clock));
        Authorization stale = persistence.authorizations().findById(authorization.id()).orElseThrow();
        authorization.authorize(new ProviderResponse("tx", "A1", "00", "ok", "es_PE", null), clock);
        persistence.authorizations().save(authorization, null);
        stale.decline(new ProviderResponse("tx", null, "05", "no", "es_PE", null), clock);

        assertThatThrownBy(() -> persistence.authorizations().save(stale, null))
                .isInstanceOf(ConcurrentUpdateException.class);

        assertThat(outbox.list(false, 0, 100)).extracting(OutcomeEvent::to).containsExactly("REQUESTED", "AUTHORIZED");
    }

    @Test
    void aClaimTakesEachSubjectsPendingEventsTogetherInIdOrder() {
        UUID first = authorizedAndReversed("700000011");
        UUID second = authorizedAndReversed("700000012");
        List<OutcomeEvent> seen = new ArrayList<>();

        OutcomeOutboxPort.Claim claim = outbox.deliverDue(100, Long.MAX_VALUE, clock.instant(), deliverInto(seen));

        assertThat(claim).as("not full: nothing more").isEqualTo(new OutcomeOutboxPort.Claim(6, 6, 0, false));
        assertThat(seen).extracting(OutcomeEvent::subjectId, OutcomeEvent::to).containsExactly(
                tuple(first, "REQUESTED"), tuple(first, "AUTHORIZED"), tuple(first, "REVERSED"),
                tuple(second, "REQUESTED"), tuple(second, "AUTHORIZED"), tuple(second, "REVERSED"));
        assertThat(seen).extracting(OutcomeEvent::id).isSorted();
        assertThat(outbox.deliverDue(100, Long.MAX_VALUE, clock.instant(), deliverInto(seen)).claimed()).isZero();
        assertThat(outbox.list(true, 0, 100)).isEmpty();
        assertThat(outbox.list(false, 0, 100)).allSatisfy(e -> {
            assertThat(e.deliveredAt()).isNotNull();
            assertThat(e.deliveryTries()).isEqualTo(1);
        });
    }

    @Test
    void aFullClaimSaysSoAndTheNextTakesTheRestOfItsSubjects() {
        UUID subject = authorizedAndReversed("700000016");
        List<OutcomeEvent> seen = new ArrayList<>();

        assertThat(outbox.deliverDue(2, Long.MAX_VALUE, clock.instant(), deliverInto(seen)))
                .isEqualTo(new OutcomeOutboxPort.Claim(2, 2, 0, true));
        assertThat(outbox.deliverDue(2, Long.MAX_VALUE, clock.instant(), deliverInto(seen)))
                .isEqualTo(new OutcomeOutboxPort.Claim(1, 1, 0, false));

        assertThat(seen).extracting(OutcomeEvent::subjectId).containsOnly(subject);
        assertThat(seen).extracting(OutcomeEvent::to).containsExactly("REQUESTED", "AUTHORIZED", "REVERSED");
    }

    @Test
    void aRunWhoseDeliveryThrowsLeavesEveryClaimedEventPendingAsItWas() {
        UUID subject = authorizedAndReversed("700000015");
        List<OutcomeEvent> seen = new ArrayList<>();

        // The claim marks what it takes delivered before the listener runs: the run's rollback undoes it.
        assertThatThrownBy(() -> outbox.deliverDue(100, Long.MAX_VALUE, clock.instant(), event -> {
            seen.add(event);
            throw new IllegalStateException("the dispatcher failed while delivering");
        })).hasMessageContaining("the dispatcher failed while delivering");

        assertThat(seen).extracting(OutcomeEvent::subjectId).containsExactly(subject);
        assertThat(outbox.list(true, 0, 100)).extracting(OutcomeEvent::to)
                .containsExactly("REQUESTED", "AUTHORIZED", "REVERSED");
        assertThat(outbox.list(false, 0, 100)).allSatisfy(e -> {
            assertThat(e.deliveredAt()).isNull();
            assertThat(e.deliveryTries()).isZero();
            assertThat(e.nextAttemptAt()).isNull();
        });
        List<OutcomeEvent> later = new ArrayList<>();
        assertThat(outbox.deliverDue(100, Long.MAX_VALUE, clock.instant(), deliverInto(later)).delivered())
                .isEqualTo(3);
        assertThat(later).extracting(OutcomeEvent::to).containsExactly("REQUESTED", "AUTHORIZED", "REVERSED");
    }

    @Test
    void aClaimTakesNoEventAboveItsBoundAndTheNewestIdIsTheBoundOfWhatIsStored() {
        assertThat(outbox.newestEventId()).isZero();
        UUID before = authorizedAndReversed("700000013");
        long bound = outbox.newestEventId();
        UUID after = authorizedAndReversed("700000014");
        List<OutcomeEvent> seen = new ArrayList<>();

        OutcomeOutboxPort.Claim claim = outbox.deliverDue(100, bound, clock.instant(), deliverInto(seen));

        assertThat(bound).isEqualTo(outbox.list(false, 0, 100).stream().filter(e -> e.subjectId().equals(before))
                .mapToLong(OutcomeEvent::id).max().orElseThrow());
        assertThat(claim).isEqualTo(new OutcomeOutboxPort.Claim(3, 3, 0, false));
        assertThat(seen).extracting(OutcomeEvent::subjectId).containsOnly(before).hasSize(3);
        assertThat(outbox.deliverDue(100, bound, clock.instant(), deliverInto(seen)).claimed()).isZero();
        assertThat(outbox.list(true, 0, 100)).extracting(OutcomeEvent::subjectId).containsOnly(after).hasSize(3);
        assertThat(outbox.newestEventId()).isGreaterThan(bound);
    }

    @Test
    void aFailedDeliveryHoldsItsSubjectsLaterEventsUntilItsRetryIsDueAndDelivered() {
        UUID failing = authorizedAndReversed("700000021");
        UUID other = authorizedAndReversed("700000022");
        Instant retryAt = clock.instant().plusSeconds(30);
        List<OutcomeEvent> seen = new ArrayList<>();
        java.util.function.Function<OutcomeEvent, Delivery> failFirst = event -> {
            seen.add(event);
            return event.subjectId().equals(failing) ? new Delivery.Failed("java.io.IOException", retryAt)
                    : new Delivery.Delivered();
        };

        assertThat(outbox.deliverDue(100, Long.MAX_VALUE, clock.instant(), failFirst))
                .as("the failing subject's later events are claimed and kept back")
                .isEqualTo(new OutcomeOutboxPort.Claim(6, 3, 1, false));
        assertThat(outbox.deliverDue(100, Long.MAX_VALUE, clock.instant(), failFirst))
                .as("an earlier event waiting for its retry holds its subject's later ones out of the claim")
                .isEqualTo(new OutcomeOutboxPort.Claim(0, 0, 0, false));

        assertThat(seen).filteredOn(e -> e.subjectId().equals(failing)).extracting(OutcomeEvent::to)
                .containsExactly("REQUESTED");
        assertThat(seen).filteredOn(e -> e.subjectId().equals(other)).extracting(OutcomeEvent::to)
                .containsExactly("REQUESTED", "AUTHORIZED", "REVERSED");
        List<OutcomeEvent> pending = outbox.list(true, 0, 100);
        assertThat(pending).extracting(OutcomeEvent::subjectId).containsOnly(failing);
        OutcomeEvent held = pending.get(0);
        assertThat(held.deliveryTries()).isEqualTo(1);
        assertThat(held.nextAttemptAt()).isEqualTo(retryAt);
        assertThat(Databases.single(db, "select last_error from cobro.outcome_event where id = " + held.id()))
                .isEqualTo("java.io.IOException");
        assertThat(pending.subList(1, pending.size())).as("kept back as they were").allSatisfy(e -> {
            assertThat(e.deliveredAt()).isNull();
            assertThat(e.deliveryTries()).isZero();
            assertThat(e.nextAttemptAt()).isNull();
        });

        clock.set(retryAt);
        List<OutcomeEvent> later = new ArrayList<>();
        assertThat(outbox.deliverDue(100, Long.MAX_VALUE, clock.instant(), deliverInto(later)))
                .isEqualTo(new OutcomeOutboxPort.Claim(3, 3, 0, false));
        assertThat(later).extracting(OutcomeEvent::to).containsExactly("REQUESTED", "AUTHORIZED", "REVERSED");
        assertThat(later.get(0).deliveryTries()).isEqualTo(1);
    }

    @Test
    void aSecondDispatcherSkipsTheEventsTheFirstHoldsAndTheLaterEventsOfTheirSubjects() throws Exception {
        authorizedAndReversed("700000031");
        HeldClaim first = holdAClaim(100);
        UUID free = authorizedAndReversed("700000032");

        List<OutcomeEvent> second = new ArrayList<>();
        outbox.deliverDue(100, Long.MAX_VALUE, clock.instant(), deliverInto(second));

        assertThat(first.release().delivered()).isEqualTo(3);
        assertThat(second).extracting(OutcomeEvent::subjectId, OutcomeEvent::to).containsExactly(
                tuple(free, "REQUESTED"), tuple(free, "AUTHORIZED"), tuple(free, "REVERSED"));
    }

    @Test
    void aLaterEventWhoseEarlierOneAnotherDispatcherHoldsIsKeptBackUntouched() throws Exception {
        UUID subject = authorizedAndReversed("700000033");
        // The first dispatcher's claim of one takes the subject's first event and holds it.
        HeldClaim first = holdAClaim(1);

        List<OutcomeEvent> second = new ArrayList<>();
        OutcomeOutboxPort.Claim secondClaim = outbox.deliverDue(100, Long.MAX_VALUE, clock.instant(),
                deliverInto(second));

        assertThat(first.release()).isEqualTo(new OutcomeOutboxPort.Claim(1, 1, 0, true));
        assertThat(secondClaim).as("claimed behind an event it does not hold, and kept back")
                .isEqualTo(new OutcomeOutboxPort.Claim(2, 0, 0, false));
        assertThat(second).isEmpty();
        assertThat(outbox.list(true, 0, 100)).extracting(OutcomeEvent::to).containsExactly("AUTHORIZED", "REVERSED");
        assertThat(outbox.list(true, 0, 100)).allSatisfy(e -> {
            assertThat(e.deliveryTries()).isZero();
            assertThat(e.nextAttemptAt()).isNull();
        });
        List<OutcomeEvent> later = new ArrayList<>();
        assertThat(outbox.deliverDue(100, Long.MAX_VALUE, clock.instant(), deliverInto(later)).delivered()).isEqualTo(2);
        assertThat(later).extracting(OutcomeEvent::subjectId, OutcomeEvent::to)
                .containsExactly(tuple(subject, "AUTHORIZED"), tuple(subject, "REVERSED"));
    }

    @Test
    void pruningDeletesOnlyEventsDeliveredBeforeTheAgeAndNeverPendingOnes() {
        authorizedAndReversed("700000041");
        Instant firstDelivery = clock.instant();
        // A claim of one: the first event delivered, the two later ones pending.
        outbox.deliverDue(1, Long.MAX_VALUE, firstDelivery, event -> new Delivery.Delivered());
        clock.advance(Duration.ofDays(10));

        assertThat(outbox.backlog().pending()).isEqualTo(2);
        assertThat(outbox.pruneDeliveredBefore(clock.instant().minus(Duration.ofDays(7)))).isEqualTo(1);
        assertThat(outbox.pruneDeliveredBefore(clock.instant())).isZero();
        assertThat(outbox.list(false, 0, 100)).extracting(OutcomeEvent::to).containsExactly("AUTHORIZED", "REVERSED");
        assertThat(outbox.backlog().oldestPendingOccurredAt()).isPresent();
    }

    @Test
    void openUnknownsCountBothKindsWithTheOldest() {
        Authorization authorization = TestData.authorization("700000051", "10.00", clock);
        ProviderAttempt attempt = TestData.attempt(authorization, AttemptOperation.AUTHORIZE, 1, clock);
        persistence.authorizations().insertRequested(authorization, attempt);
        authorization.unknown("read timed out", clock);
        attempt.finish(AttemptStatus.UNKNOWN, null, null, "read timed out", null, clock);
        persistence.authorizations().save(authorization, attempt);

        assertThat(persistence.health().openUnknowns().count()).isEqualTo(1);
        assertThat(persistence.health().openUnknowns().oldestSince()).contains(authorization.updatedAt());
    }

    /** An authorization approved then reversed: three events. */
    private UUID authorizedAndReversed(String operationNumber) {
        Authorization authorization = TestData.authorization(operationNumber, "25.00", clock);
        ProviderAttempt attempt = TestData.attempt(authorization, AttemptOperation.AUTHORIZE, 1, clock);
        persistence.authorizations().insertRequested(authorization, attempt);
        authorization.authorize(new ProviderResponse("tx-" + operationNumber, "A1", "00", "ok", "es_PE", null), clock);
        attempt.finish(AttemptStatus.SUCCEEDED, 200, "00", "ok", "{}", clock);
        persistence.authorizations().save(authorization, attempt);
        authorization.reverse("reversed on request", clock);
        persistence.authorizations().save(authorization, null);
        return authorization.id().value();
    }

    /**
     * A first dispatcher's claim of up to {@code limit} events, on another thread, holding its first
     * event in the listener until released.
     */
    private HeldClaim holdAClaim(int limit) throws InterruptedException {
        CountDownLatch claimed = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        CompletableFuture<OutcomeOutboxPort.Claim> claim = CompletableFuture.supplyAsync(() ->
                outbox.deliverDue(limit, Long.MAX_VALUE, clock.instant(), event -> {
                    claimed.countDown();
                    await(gate);
                    return new Delivery.Delivered();
                }));
        assertThat(claimed.await(30, TimeUnit.SECONDS)).as("the first dispatcher holds its claim").isTrue();
        return new HeldClaim(claim, gate);
    }

    /** A claim held in its listener; {@link #release} lets it finish and says what it did. */
    private record HeldClaim(CompletableFuture<OutcomeOutboxPort.Claim> claim, CountDownLatch gate) {

        OutcomeOutboxPort.Claim release() throws Exception {
            gate.countDown();
            return claim.get(30, TimeUnit.SECONDS);
        }
    }

    private static java.util.function.Function<OutcomeEvent, Delivery> deliverInto(List<OutcomeEvent> seen) {
        return event -> {
            seen.add(event);
            return new Delivery.Delivered();
        };
    }

    private PaymentNotification notification(Payment payment) {
        return new PaymentNotification(UUID.randomUUID(), ProviderId.EIGHTY_EIGHT_PAY, clock.instant(), "sess_ev",
                "ref-ev", "COMPLETED", PaymentStatus.SUCCEEDED, new BigDecimal("120.00"), "MXN", "{}",
                NotificationOutcome.APPLIED, payment.id(), "settled SUCCEEDED");
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

}
