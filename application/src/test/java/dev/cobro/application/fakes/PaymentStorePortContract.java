package dev.cobro.application.fakes;

import dev.cobro.application.port.out.AttemptInProgressException;
import dev.cobro.application.port.out.AttemptLogPort;
import dev.cobro.application.port.out.ConcurrentUpdateException;
import dev.cobro.application.port.out.DuplicateKeyException;
import dev.cobro.application.port.out.PaymentStorePort;
import dev.cobro.application.service.Fingerprints;
import dev.cobro.domain.attempt.AttemptOperation;
import dev.cobro.domain.attempt.AttemptStatus;
import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.payment.NotificationOutcome;
import dev.cobro.domain.payment.Payment;
import dev.cobro.domain.payment.PaymentFlag;
import dev.cobro.domain.payment.PaymentId;
import dev.cobro.domain.payment.PaymentNotification;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.StatusChange;
import dev.cobro.domain.shared.TransactionKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

import static dev.cobro.application.fakes.CheckoutCommandBuilder.aCheckoutCommand;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * The contract of {@link PaymentStorePort} (and of the {@link AttemptLogPort} it writes), for every
 * implementation: the in-memory fake here, the PostgreSQL adapter in its module. Each test starts
 * from {@link #emptyStore()}.
 */
public abstract class PaymentStorePortContract {

    protected final ControllableClock clock = new ControllableClock();
    protected PaymentStorePort store;

    /** A store with no payments, attempts or notifications. */
    protected abstract PaymentStorePort emptyStore();

    /** The attempt log that {@link #store} writes into. */
    protected abstract AttemptLogPort attemptLog();

    @BeforeEach
    void startEmpty() {
        store = emptyStore();
    }

    @Test
    void theWriteAheadStoresThePaymentAndItsAttemptTogether() {
        Payment payment = requested(aCheckoutCommand(), "sess-a");
        ProviderAttempt attempt = attemptOf(payment, 1);

        store.insertRequested(payment, attempt);

        Payment found = store.findById(payment.id()).orElseThrow();
        assertThat(found.status()).isEqualTo(PaymentStatus.REQUESTED);
        assertThat(found.merchantReference()).isEqualTo(payment.merchantReference());
        assertThat(found.details()).isEqualTo(payment.details());
        assertThat(found.fingerprint()).isEqualTo(payment.fingerprint());
        assertThat(found.providerSessionId()).isEqualTo("sess-a");
        assertThat(found.statusChanges()).extracting(StatusChange::to).containsExactly(PaymentStatus.REQUESTED);
        assertThat(store.findByMerchantReference(payment.provider(), payment.merchantReference())).isPresent();
        assertThat(attemptLog().attemptsOf(payment.id().value())).singleElement().satisfies(a -> {
            assertThat(a.id()).isEqualTo(attempt.id());
            assertThat(a.status()).isEqualTo(AttemptStatus.REQUESTED);
            assertThat(a.request()).isEqualTo(attempt.request());
        });
    }

    @Test
    void theSameMerchantReferenceOfTheSameProviderIsADuplicateKeyAndNothingOfTheSecondIsStored() {
        CheckoutCommandBuilder command = aCheckoutCommand();
        Payment first = requested(command, "sess-a");
        store.insertRequested(first, attemptOf(first, 1));
        Payment second = requested(command.withAmount("200.00"), "sess-b");
        ProviderAttempt secondAttempt = attemptOf(second, 1);

        assertThatThrownBy(() -> store.insertRequested(second, secondAttempt))
                .isInstanceOf(DuplicateKeyException.class);

        assertThat(store.findById(second.id())).isEmpty();
        assertThat(attemptLog().attemptsOf(second.id().value())).isEmpty();
        assertThat(store.findById(first.id()).orElseThrow().statusChanges()).hasSize(1);
        assertThat(attemptLog().attemptsOf(first.id().value())).hasSize(1);
    }

    @Test
    void aRoutedPaymentIsKeyedByItsMerchantReferenceAloneAndKeepsItsKeyWhenItMovesToAnotherProvider() {
        CheckoutCommandBuilder command = aCheckoutCommand();
        Payment routed = routed(command, ProviderId.of("alpha"));
        ProviderAttempt first = attemptOf(routed, 1);
        store.insertRequested(routed, first);
        routed.notSent("connection refused", clock);
        first.finish(AttemptStatus.NOT_SENT, null, null, "connection refused", null, clock);
        store.save(routed, first);
        routed.reroute(ProviderId.of("beta"), AccountId.of("mex"), clock);
        store.save(routed, attemptOf(routed, 2));

        Payment found = store.findRoutedByMerchantReference(routed.merchantReference()).orElseThrow();
        assertThat(found.id()).isEqualTo(routed.id());
        assertThat(found.provider()).isEqualTo(ProviderId.of("beta"));
        assertThat(found.account()).isEqualTo(AccountId.of("mex"));
        assertThat(found.flags()).contains(PaymentFlag.ROUTED);
        assertThat(store.findByMerchantReference(ProviderId.of("beta"), AccountId.of("mex"),
                routed.merchantReference())).as("a named checkout's key does not find it").isEmpty();
        Payment again = routed(command, ProviderId.of("beta"));
        assertThatThrownBy(() -> store.insertRequested(again, attemptOf(again, 1)))
                .isInstanceOf(DuplicateKeyException.class);
        assertThat(store.findById(again.id())).isEmpty();
    }

    @Test
    void theSamePaymentWrittenAheadTwiceIsADuplicateKeyAndAddsNoAttemptOrStatusChange() {
        Payment payment = requested(aCheckoutCommand(), "sess-a");
        ProviderAttempt attempt = attemptOf(payment, 1);
        store.insertRequested(payment, attempt);
        attempt.finish(AttemptStatus.NOT_SENT, null, null, "connection refused", null, clock);
        store.save(payment, attempt);
        long version = payment.version();

        assertThatThrownBy(() -> store.insertRequested(payment, attemptOf(payment, 2)))
                .isInstanceOf(DuplicateKeyException.class);

        Payment stored = store.findById(payment.id()).orElseThrow();
        assertThat(stored.version()).isEqualTo(version);
        assertThat(stored.statusChanges()).extracting(StatusChange::to).containsExactly(PaymentStatus.REQUESTED);
        assertThat(attemptLog().attemptsOf(payment.id().value())).extracting(ProviderAttempt::number).containsExactly(1);
    }

    @Test
    void manyWriteAheadsOfOneMerchantReferenceAtOnceLeaveExactlyOnePayment() {
        CheckoutCommandBuilder command = aCheckoutCommand();
        List<Payment> contenders = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            contenders.add(requested(command, "sess-" + i));
        }

        Race race = Race.of(contenders.stream().<Runnable>map(p -> () -> store.insertRequested(p, attemptOf(p, 1)))
                .toList());

        assertThat(race.winners()).hasSize(1);
        assertThat(race.losses()).hasSize(contenders.size() - 1).allSatisfy(loss ->
                assertThat(loss).isInstanceOf(DuplicateKeyException.class));
        Payment winner = contenders.get(race.winners().get(0));
        assertThat(store.findByMerchantReference(winner.provider(), winner.merchantReference())).map(Payment::id)
                .contains(winner.id());
        for (Payment p : contenders) {
            if (p != winner) {
                assertThat(store.findById(p.id())).isEmpty();
                assertThat(attemptLog().attemptsOf(p.id().value())).isEmpty();
            }
        }
    }

    @Test
    void theSameMerchantReferenceAtAnotherProviderIsAnotherPayment() {
        CheckoutCommandBuilder command = aCheckoutCommand().withMerchantReference("order-shared-" + UUID.randomUUID());
        Payment first = requested(command, "sess-a");
        Payment second = requested(command.withProvider("otherpay"), "sess-a");

        store.insertRequested(first, attemptOf(first, 1));
        store.insertRequested(second, attemptOf(second, 1));

        assertThat(store.findByMerchantReference(ProviderId.of("otherpay"), second.merchantReference()))
                .map(Payment::id).contains(second.id());
    }

    /** Provider accounts: the idempotency key is (provider, account, merchant reference). */
    @Test
    void theSameMerchantReferenceAtAnotherAccountIsAnotherPayment() {
        CheckoutCommandBuilder command = aCheckoutCommand();
        Payment first = requested(command, "sess-a");
        Payment second = requested(command, AccountId.of("mexico"), "sess-b");

        store.insertRequested(first, attemptOf(first, 1));
        store.insertRequested(second, attemptOf(second, 1));

        assertThat(store.findByMerchantReference(second.provider(), AccountId.of("mexico"), second.merchantReference()))
                .map(Payment::id).contains(second.id());
        assertThat(store.findByMerchantReference(first.provider(), first.merchantReference()))
                .map(Payment::id).contains(first.id());
        assertThat(store.findById(second.id()).orElseThrow().account()).isEqualTo(AccountId.of("mexico"));
        assertThat(attemptLog().attemptsOf(second.id().value())).singleElement()
                .satisfies(a -> assertThat(a.account()).isEqualTo(AccountId.of("mexico")));
    }

    @Test
    void openPaymentsMayShareASessionAndAnAmount() {
        // Notifications name their payment by Cobro's signed URL: a token's window serves every
        // checkout of one amount (88Pay grants 10 tokens a minute).
        Payment first = requested(aCheckoutCommand().withAmount("100.00"), "sess-a");
        Payment second = requested(aCheckoutCommand().withAmount("100"), "sess-a");

        store.insertRequested(first, attemptOf(first, 1));
        store.insertRequested(second, attemptOf(second, 1));

        assertThat(store.findBySession(first.provider(), "sess-a")).extracting(Payment::id)
                .containsExactlyInAnyOrder(first.id(), second.id());
    }

    @Test
    void theSameSessionWithAnotherAmountIsFine() {
        Payment first = requested(aCheckoutCommand().withAmount("100.00"), "sess-a");
        Payment second = requested(aCheckoutCommand().withAmount("100.01"), "sess-a");

        store.insertRequested(first, attemptOf(first, 1));
        store.insertRequested(second, attemptOf(second, 1));

        assertThat(store.findBySession(first.provider(), "sess-a")).extracting(Payment::id)
                .containsExactlyInAnyOrder(first.id(), second.id());
    }

    @Test
    void theSessionAndAmountOfAClosedPaymentMayBeUsedAgain() {
        Payment first = requested(aCheckoutCommand().withAmount("100.00"), "sess-a");
        ProviderAttempt attempt = attemptOf(first, 1);
        store.insertRequested(first, attempt);
        first.reject("400 invalid country", clock);
        attempt.finish(AttemptStatus.REJECTED, 400, null, "invalid country", null, clock);
        store.save(first, attempt);
        Payment second = requested(aCheckoutCommand().withAmount("100.00"), "sess-a");

        store.insertRequested(second, attemptOf(second, 1));

        assertThat(store.findById(second.id())).isPresent();
    }

    @Test
    void aSaveStoresTheNewStateAndMovesTheVersionOn() {
        Payment payment = requested(aCheckoutCommand(), "sess-a");
        ProviderAttempt attempt = attemptOf(payment, 1);
        store.insertRequested(payment, attempt);
        long inserted = payment.version();
        clock.advance(Duration.ofSeconds(2));
        payment.awaitCustomer("sess-a", "ref-1", "https://checkout.fake/1", true, clock);
        attempt.finish(AttemptStatus.SUCCEEDED, 200, "200", "Success", "{}", clock);

        store.save(payment, attempt);

        assertThat(payment.version()).isGreaterThan(inserted);
        Payment found = store.findById(payment.id()).orElseThrow();
        assertThat(found.version()).isEqualTo(payment.version());
        assertThat(found.status()).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
        assertThat(found.providerReference()).isEqualTo("ref-1");
        assertThat(found.checkoutUrl()).isEqualTo("https://checkout.fake/1");
        assertThat(found.flags()).containsExactly(PaymentFlag.ECHO_MISMATCH);
        assertThat(found.updatedAt()).isEqualTo(clock.instant());
        assertThat(found.statusChanges()).extracting(StatusChange::to)
                .containsExactly(PaymentStatus.REQUESTED, PaymentStatus.AWAITING_CUSTOMER);
        assertThat(attemptLog().attemptsOf(payment.id().value())).singleElement().satisfies(a -> {
            assertThat(a.status()).isEqualTo(AttemptStatus.SUCCEEDED);
            assertThat(a.httpStatus()).isEqualTo(200);
            assertThat(a.finishedAt()).isEqualTo(clock.instant());
        });
    }

    @Test
    void aSaveFromAStaleCopyIsAConcurrentUpdateAndOverwritesNothing() {
        Payment payment = requested(aCheckoutCommand(), "sess-a");
        store.insertRequested(payment, attemptOf(payment, 1));
        Payment mine = store.findById(payment.id()).orElseThrow();
        Payment theirs = store.findById(payment.id()).orElseThrow();
        theirs.unknown("read timed out", clock);
        store.save(theirs, null);
        mine.reject("400", clock);

        assertThatThrownBy(() -> store.save(mine, null)).isInstanceOf(ConcurrentUpdateException.class);

        assertThat(store.findById(payment.id()).orElseThrow().status()).isEqualTo(PaymentStatus.UNKNOWN);
    }

    @Test
    void aSaveFromAStaleCopyWritesNeitherItsStateNorItsAttemptNorAStatusChange() {
        Payment payment = requested(aCheckoutCommand(), "sess-a");
        ProviderAttempt attempt = attemptOf(payment, 1);
        store.insertRequested(payment, attempt);
        Payment mine = store.findById(payment.id()).orElseThrow();
        Payment theirs = store.findById(payment.id()).orElseThrow();
        store.save(theirs, null);
        mine.awaitCustomer("sess-a", "ref-1", "https://checkout.fake/1", false, clock);
        attempt.finish(AttemptStatus.SUCCEEDED, 200, "200", "Success", "{}", clock);

        assertThatThrownBy(() -> store.save(mine, attempt)).isInstanceOf(ConcurrentUpdateException.class);

        Payment stored = store.findById(payment.id()).orElseThrow();
        assertThat(stored.version()).isEqualTo(theirs.version());
        assertThat(stored.status()).isEqualTo(PaymentStatus.REQUESTED);
        assertThat(stored.providerReference()).isNull();
        assertThat(stored.statusChanges()).extracting(StatusChange::to).containsExactly(PaymentStatus.REQUESTED);
        assertThat(attemptLog().attemptsOf(payment.id().value())).extracting(ProviderAttempt::status)
                .containsExactly(AttemptStatus.REQUESTED);
    }

    @Test
    void ofTwoWritersSavingOneVersionAtOnceExactlyOneWins() {
        Payment payment = requested(aCheckoutCommand(), "sess-a");
        store.insertRequested(payment, attemptOf(payment, 1));
        long inserted = payment.version();
        Payment timedOut = store.findById(payment.id()).orElseThrow();
        ProviderAttempt timedOutAttempt = attemptLog().attemptsOf(payment.id().value()).get(0);
        timedOut.unknown("read timed out", clock);
        timedOutAttempt.finish(AttemptStatus.UNKNOWN, null, null, "read timed out", null, clock);
        Payment accepted = store.findById(payment.id()).orElseThrow();
        ProviderAttempt acceptedAttempt = attemptLog().attemptsOf(payment.id().value()).get(0);
        accepted.awaitCustomer("sess-a", "ref-1", "https://checkout.fake/1", false, clock);
        acceptedAttempt.finish(AttemptStatus.SUCCEEDED, 200, "200", "Success", "{}", clock);

        Race race = Race.of(() -> store.save(timedOut, timedOutAttempt), () -> store.save(accepted, acceptedAttempt));

        assertThat(race.winners()).hasSize(1);
        assertThat(race.losses()).singleElement().isInstanceOf(ConcurrentUpdateException.class);
        boolean timeoutWon = race.winners().get(0) == 0;
        Payment stored = store.findById(payment.id()).orElseThrow();
        assertThat(stored.version()).isEqualTo(inserted + 1);
        assertThat(stored.status()).isEqualTo(timeoutWon ? PaymentStatus.UNKNOWN : PaymentStatus.AWAITING_CUSTOMER);
        assertThat(stored.statusChanges()).extracting(StatusChange::to)
                .containsExactly(PaymentStatus.REQUESTED, stored.status());
        assertThat(attemptLog().attemptsOf(payment.id().value())).extracting(ProviderAttempt::status)
                .containsExactly(timeoutWon ? AttemptStatus.UNKNOWN : AttemptStatus.SUCCEEDED);
    }

    /** A number is one step of one subject: a second attempt under it lost a race to record that step. */
    @Test
    void anAttemptNumberIsUsedOncePerPayment() {
        Payment payment = requested(aCheckoutCommand(), "sess-a");
        ProviderAttempt first = attemptOf(payment, 1);
        store.insertRequested(payment, first);
        first.finish(AttemptStatus.NOT_SENT, null, null, "connection refused", null, clock);
        store.save(payment, first);
        long version = payment.version();

        assertThatThrownBy(() -> store.save(payment, attemptOf(payment, 1)))
                .isInstanceOf(ConcurrentUpdateException.class);

        assertThat(attemptLog().attemptsOf(payment.id().value())).extracting(ProviderAttempt::id)
                .containsExactly(first.id());
        assertThat(store.findById(payment.id()).orElseThrow().version()).isEqualTo(version);
    }

    /** A finished attempt is never written over by a stale copy of it. */
    @Test
    void aFinishedAttemptIsNeverOverwrittenByAStaleCopy() {
        Payment payment = requested(aCheckoutCommand(), "sess-a");
        ProviderAttempt attempt = attemptOf(payment, 1);
        store.insertRequested(payment, attempt);
        ProviderAttempt stale = attemptLog().attemptsOf(payment.id().value()).get(0);
        payment.unknown("no outcome recorded", clock);
        attempt.finish(AttemptStatus.UNKNOWN, null, null, "no outcome recorded", null, clock);
        store.save(payment, attempt);
        Payment current = store.findById(payment.id()).orElseThrow();
        stale.finish(AttemptStatus.SUCCEEDED, 200, "200", "Success", "{}", clock);

        assertThatThrownBy(() -> store.save(current, stale)).isInstanceOf(ConcurrentUpdateException.class);

        assertThat(attemptLog().attemptsOf(payment.id().value()))
                .extracting(ProviderAttempt::status, ProviderAttempt::providerCode)
                .containsExactly(tuple(AttemptStatus.UNKNOWN, null));
        assertThat(store.findById(payment.id()).orElseThrow().version()).isEqualTo(current.version());
    }

    /** ARCHITECTURE.md, several instances: at most one unfinished provider call per subject. */
    @Test
    void aSecondUnfinishedCallOfOnePaymentIsRefusedAndRecordsNothing() {
        Payment payment = requested(aCheckoutCommand(), "sess-a");
        store.insertRequested(payment, attemptOf(payment, 1));
        long version = payment.version();
        payment.useSession("sess-b");

        assertThatThrownBy(() -> store.save(payment, attemptOf(payment, 2)))
                .isInstanceOf(AttemptInProgressException.class);

        Payment stored = store.findById(payment.id()).orElseThrow();
        assertThat(stored.version()).isEqualTo(version);
        assertThat(stored.providerSessionId()).isEqualTo("sess-a");
        assertThat(attemptLog().attemptsOf(payment.id().value())).extracting(ProviderAttempt::number).containsExactly(1);
    }

    @Test
    void aSaveAddsANewAttemptBesideTheOldOnes() {
        Payment payment = requested(aCheckoutCommand(), "sess-a");
        ProviderAttempt first = attemptOf(payment, 1);
        store.insertRequested(payment, first);
        payment.notSent("connection refused", clock);
        first.finish(AttemptStatus.NOT_SENT, null, null, "connection refused", null, clock);
        store.save(payment, first);
        payment.retry(clock);
        payment.useSession("sess-b");

        store.save(payment, attemptOf(payment, 2));

        assertThat(attemptLog().attemptsOf(payment.id().value()))
                .extracting(ProviderAttempt::number, ProviderAttempt::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, AttemptStatus.NOT_SENT),
                        org.assertj.core.groups.Tuple.tuple(2, AttemptStatus.REQUESTED));
        assertThat(store.findById(payment.id()).orElseThrow().providerSessionId()).isEqualTo("sess-b");
    }

    @Test
    void paymentsAreFoundByProviderReferenceAndBySession() {
        Payment payment = requested(aCheckoutCommand(), "sess-a");
        store.insertRequested(payment, attemptOf(payment, 1));
        payment.awaitCustomer("sess-a", "ref-77", "https://checkout.fake/77", false, clock);
        store.save(payment, null);

        assertThat(store.findByProviderReference(payment.provider(), "ref-77")).extracting(Payment::id)
                .containsExactly(payment.id());
        assertThat(store.findByProviderReference(payment.provider(), "ref-78")).isEmpty();
        assertThat(store.findBySession(payment.provider(), "sess-a")).extracting(Payment::id)
                .containsExactly(payment.id());
        assertThat(store.findBySession(ProviderId.of("otherpay"), "sess-a")).isEmpty();
    }

    @Test
    void paymentsInAStatusAreFoundOldestChangeFirstUpToTheLimit() {
        Payment older = awaiting(aCheckoutCommand(), "sess-a");
        clock.advance(Duration.ofMinutes(1));
        Payment newer = awaiting(aCheckoutCommand(), "sess-b");
        clock.advance(Duration.ofMinutes(1));
        Payment unknown = requested(aCheckoutCommand(), "sess-c");
        store.insertRequested(unknown, attemptOf(unknown, 1));
        unknown.unknown("read timed out", clock);
        store.save(unknown, null);
        clock.advance(Duration.ofMinutes(1));
        Payment tooRecent = awaiting(aCheckoutCommand(), "sess-d");

        assertThat(store.findByStatusUpdatedBefore(EnumSet.of(PaymentStatus.AWAITING_CUSTOMER), tooRecent.updatedAt(),
                10)).extracting(Payment::id).containsExactly(older.id(), newer.id());
        assertThat(store.findByStatusUpdatedBefore(EnumSet.of(PaymentStatus.AWAITING_CUSTOMER, PaymentStatus.UNKNOWN),
                clock.instant().plusSeconds(1), 2)).extracting(Payment::id).containsExactly(older.id(), newer.id());
        assertThat(store.findByStatusUpdatedBefore(EnumSet.of(PaymentStatus.UNKNOWN), clock.instant(), 10))
                .extracting(Payment::id).containsExactly(unknown.id());
    }

    @Test
    void aNotificationIsStoredWithThePaymentItSettled() {
        Payment payment = awaiting(aCheckoutCommand(), "sess-a");
        payment.settle(PaymentStatus.SUCCEEDED, "notified COMPLETED", clock);
        PaymentNotification notification = notification(payment, NotificationOutcome.APPLIED);

        store.recordNotification(notification, payment);

        assertThat(store.findById(payment.id()).orElseThrow().status()).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(store.notificationsOf(payment.id())).extracting(PaymentNotification::id)
                .containsExactly(notification.id());
    }

    @Test
    void aNotificationThatChangesNothingIsStoredAlone() {
        Payment payment = awaiting(aCheckoutCommand(), "sess-a");
        PaymentNotification ignored = notification(payment, NotificationOutcome.IGNORED);

        store.recordNotification(ignored, null);

        assertThat(store.findById(payment.id()).orElseThrow().status()).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
        assertThat(store.notificationsOf(payment.id())).extracting(PaymentNotification::outcome)
                .containsExactly(NotificationOutcome.IGNORED);
    }

    @Test
    void aNotificationStoredTwiceIsADuplicateKeyAndChangesNothing() {
        Payment payment = awaiting(aCheckoutCommand(), "sess-a");
        PaymentNotification ignored = notification(payment, NotificationOutcome.IGNORED);
        store.recordNotification(ignored, null);
        Payment again = store.findById(payment.id()).orElseThrow();
        again.settle(PaymentStatus.SUCCEEDED, "notified COMPLETED", clock);

        assertThatThrownBy(() -> store.recordNotification(ignored, again)).isInstanceOf(DuplicateKeyException.class);

        assertThat(store.notificationsOf(payment.id())).extracting(PaymentNotification::id)
                .containsExactly(ignored.id());
        assertThat(store.findById(payment.id()).orElseThrow().status()).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
    }

    @Test
    void aNotificationWithAStalePaymentIsNotStoredEither() {
        Payment payment = awaiting(aCheckoutCommand(), "sess-a");
        Payment stale = store.findById(payment.id()).orElseThrow();
        Payment fresh = store.findById(payment.id()).orElseThrow();
        fresh.expire("lifetime passed", clock);
        store.save(fresh, null);
        stale.settle(PaymentStatus.SUCCEEDED, "notified COMPLETED", clock);

        assertThatThrownBy(() -> store.recordNotification(notification(stale, NotificationOutcome.APPLIED), stale))
                .isInstanceOf(ConcurrentUpdateException.class);

        assertThat(store.notificationsOf(payment.id())).isEmpty();
        assertThat(store.findById(payment.id()).orElseThrow().status()).isEqualTo(PaymentStatus.EXPIRED);
    }

    @Test
    void unfinishedAttemptsAreFoundOldestFirst() {
        Payment old = requested(aCheckoutCommand(), "sess-a");
        ProviderAttempt oldAttempt = attemptOf(old, 1);
        store.insertRequested(old, oldAttempt);
        clock.advance(Duration.ofMinutes(10));
        Payment recent = requested(aCheckoutCommand(), "sess-b");
        store.insertRequested(recent, attemptOf(recent, 1));

        assertThat(attemptLog().findUnfinishedStartedBefore(clock.instant(), 10)).extracting(ProviderAttempt::id)
                .containsExactly(oldAttempt.id());
        assertThat(attemptLog().findUnfinishedStartedBefore(clock.instant().plusSeconds(1), 1))
                .extracting(ProviderAttempt::id).containsExactly(oldAttempt.id());
    }

    @Test
    void finishedAttemptsAreFoundByOperationAndStatus() {
        Payment payment = requested(aCheckoutCommand(), "sess-a");
        ProviderAttempt attempt = attemptOf(payment, 1);
        store.insertRequested(payment, attempt);
        payment.unknown("read timed out", clock);
        attempt.finish(AttemptStatus.UNKNOWN, null, null, "read timed out", null, clock);
        store.save(payment, attempt);
        clock.advance(Duration.ofSeconds(1));

        assertThat(attemptLog().findByOperationAndStatus(AttemptOperation.CHARGE, AttemptStatus.UNKNOWN,
                clock.instant(), 10)).extracting(ProviderAttempt::id).containsExactly(attempt.id());
        assertThat(attemptLog().findByOperationAndStatus(AttemptOperation.REVERSE, AttemptStatus.UNKNOWN,
                clock.instant(), 10)).isEmpty();
        assertThat(attemptLog().findUnfinishedStartedBefore(clock.instant(), 10)).isEmpty();
    }

    // ----- helpers -----

    protected Payment requested(CheckoutCommandBuilder builder, String session) {
        return requested(builder, AccountId.DEFAULT, session);
    }

    protected Payment requested(CheckoutCommandBuilder builder, AccountId account, String session) {
        var command = builder.build();
        Payment payment = Payment.request(new PaymentId(UUID.randomUUID()), command.provider(), account,
                command.merchantReference(), command.details(), Fingerprints.of(command.details()), clock);
        payment.useSession(session);
        return payment;
    }

    /** A payment of a checkout that named no provider, first through {@code provider}. */
    protected Payment routed(CheckoutCommandBuilder builder, ProviderId provider) {
        var command = builder.build();
        return Payment.route(new PaymentId(UUID.randomUUID()), provider, AccountId.DEFAULT,
                command.merchantReference(), command.details(), Fingerprints.of(command.details()), clock);
    }

    /** A payment stored and moved to AWAITING_CUSTOMER, through the port only. */
    protected Payment awaiting(CheckoutCommandBuilder builder, String session) {
        Payment payment = requested(builder, session);
        ProviderAttempt attempt = attemptOf(payment, 1);
        store.insertRequested(payment, attempt);
        payment.awaitCustomer(session, null, "https://checkout.fake/" + session, false, clock);
        attempt.finish(AttemptStatus.SUCCEEDED, 200, "200", "Success", "{}", clock);
        store.save(payment, attempt);
        return payment;
    }

    protected ProviderAttempt attemptOf(Payment payment, int number) {
        return ProviderAttempt.start(UUID.randomUUID(), TransactionKind.CHECKOUT_PAYMENT, payment.id().value(),
                payment.provider(), payment.account(), AttemptOperation.CHARGE, number, "{\"redacted\":true}", clock);
    }

    private PaymentNotification notification(Payment payment, NotificationOutcome outcome) {
        return new PaymentNotification(UUID.randomUUID(), payment.provider(), clock.instant(),
                payment.providerSessionId(), null, "COMPLETED", PaymentStatus.SUCCEEDED, new BigDecimal("100"), null,
                "session=" + payment.providerSessionId() + ";status=COMPLETED", outcome, payment.id(), "test");
    }
}
