package dev.cobro.application.fakes;

import dev.cobro.application.port.in.AuthorizeCardCommand;
import dev.cobro.application.port.out.AttemptLogPort;
import dev.cobro.application.port.out.AuthorizationStorePort;
import dev.cobro.application.port.out.ConcurrentUpdateException;
import dev.cobro.application.port.out.DuplicateKeyException;
import dev.cobro.application.service.Fingerprints;
import dev.cobro.domain.attempt.AttemptOperation;
import dev.cobro.domain.attempt.AttemptStatus;
import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.authorization.Authorization;
import dev.cobro.domain.authorization.Authorization.ProviderResponse;
import dev.cobro.domain.authorization.AuthorizationDetails;
import dev.cobro.domain.authorization.AuthorizationId;
import dev.cobro.domain.authorization.AuthorizationStatus;
import dev.cobro.domain.authorization.Instrument;
import dev.cobro.domain.authorization.OperationNumber;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.StatusChange;
import dev.cobro.domain.shared.TransactionKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static dev.cobro.application.fakes.CardAuthorizationBuilder.aCardAuthorization;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * The contract of {@link AuthorizationStorePort}, for every implementation: the in-memory fake
 * here, the PostgreSQL adapter in its module. Each test starts from {@link #emptyStore()}.
 */
public abstract class AuthorizationStorePortContract {

    private static final AtomicLong NUMBERS = new AtomicLong(800_000_000L);

    protected final ControllableClock clock = new ControllableClock();
    protected AuthorizationStorePort store;

    protected abstract AuthorizationStorePort emptyStore();

    protected abstract AttemptLogPort attemptLog();

    @BeforeEach
    void startEmpty() {
        store = emptyStore();
    }

    @Test
    void theWriteAheadStoresTheAuthorizationAndItsAttemptTogether() {
        Authorization authorization = requested(aCardAuthorization(), nextNumber());
        ProviderAttempt attempt = attemptOf(authorization, AttemptOperation.AUTHORIZE, 1);

        store.insertRequested(authorization, attempt);

        Authorization found = store.findById(authorization.id()).orElseThrow();
        assertThat(found.status()).isEqualTo(AuthorizationStatus.REQUESTED);
        assertThat(found.details()).isEqualTo(authorization.details());
        assertThat(found.details().instrument().masked()).isEqualTo(TestCards.MASKED_PAN);
        assertThat(found.fingerprint()).isEqualTo(authorization.fingerprint());
        assertThat(store.findByOperationNumber(authorization.provider(), authorization.operationNumber()))
                .map(Authorization::id).contains(authorization.id());
        assertThat(attemptLog().attemptsOf(authorization.id().value())).extracting(ProviderAttempt::id)
                .containsExactly(attempt.id());
    }

    @Test
    void theSameOperationNumberOfTheSameProviderIsADuplicateKeyAndNothingOfTheSecondIsStored() {
        String number = nextNumber();
        Authorization first = requested(aCardAuthorization(), number);
        store.insertRequested(first, attemptOf(first, AttemptOperation.AUTHORIZE, 1));
        Authorization second = requested(aCardAuthorization().withAmount("20.00"), number);

        assertThatThrownBy(() -> store.insertRequested(second, attemptOf(second, AttemptOperation.AUTHORIZE, 1)))
                .isInstanceOf(DuplicateKeyException.class);

        assertThat(store.findById(second.id())).isEmpty();
        assertThat(attemptLog().attemptsOf(second.id().value())).isEmpty();
        assertThat(store.findById(first.id()).orElseThrow().statusChanges()).hasSize(1);
        assertThat(attemptLog().attemptsOf(first.id().value())).hasSize(1);
    }

    @Test
    void theSameAuthorizationWrittenAheadTwiceIsADuplicateKeyAndAddsNoAttemptOrStatusChange() {
        Authorization authorization = requested(aCardAuthorization(), nextNumber());
        ProviderAttempt attempt = attemptOf(authorization, AttemptOperation.AUTHORIZE, 1);
        store.insertRequested(authorization, attempt);
        attempt.finish(AttemptStatus.NOT_SENT, null, null, "connection refused", null, clock);
        store.save(authorization, attempt);
        long version = authorization.version();

        assertThatThrownBy(() -> store.insertRequested(authorization,
                attemptOf(authorization, AttemptOperation.AUTHORIZE, 2))).isInstanceOf(DuplicateKeyException.class);

        Authorization stored = store.findById(authorization.id()).orElseThrow();
        assertThat(stored.version()).isEqualTo(version);
        assertThat(stored.statusChanges()).extracting(StatusChange::to).containsExactly(AuthorizationStatus.REQUESTED);
        assertThat(attemptLog().attemptsOf(authorization.id().value())).extracting(ProviderAttempt::number)
                .containsExactly(1);
    }

    @Test
    void manyWriteAheadsOfOneOperationNumberAtOnceLeaveExactlyOneAuthorization() {
        String number = nextNumber();
        List<Authorization> contenders = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            contenders.add(requested(aCardAuthorization(), number));
        }

        Race race = Race.of(contenders.stream().<Runnable>map(a ->
                () -> store.insertRequested(a, attemptOf(a, AttemptOperation.AUTHORIZE, 1))).toList());

        assertThat(race.winners()).hasSize(1);
        assertThat(race.losses()).hasSize(contenders.size() - 1).allSatisfy(loss ->
                assertThat(loss).isInstanceOf(DuplicateKeyException.class));
        Authorization winner = contenders.get(race.winners().get(0));
        assertThat(store.findByOperationNumber(winner.provider(), winner.operationNumber()))
                .map(Authorization::id).contains(winner.id());
        for (Authorization a : contenders) {
            if (a != winner) {
                assertThat(store.findById(a.id())).isEmpty();
                assertThat(attemptLog().attemptsOf(a.id().value())).isEmpty();
            }
        }
    }

    @Test
    void theSameOperationNumberAtAnotherProviderIsAnotherAuthorization() {
        String number = nextNumber();
        Authorization first = requested(aCardAuthorization(), number);
        Authorization second = requested(aCardAuthorization().withProvider("otherpay"), number);

        store.insertRequested(first, attemptOf(first, AttemptOperation.AUTHORIZE, 1));
        store.insertRequested(second, attemptOf(second, AttemptOperation.AUTHORIZE, 1));

        assertThat(store.findByOperationNumber(ProviderId.of("otherpay"), new OperationNumber(number)))
                .map(Authorization::id).contains(second.id());
    }

    /** Provider accounts: the idempotency key is (provider, account, operation number). */
    @Test
    void theSameOperationNumberAtAnotherAccountIsAnotherAuthorization() {
        String number = nextNumber();
        Authorization first = requested(aCardAuthorization(), number);
        Authorization second = requested(aCardAuthorization(), AccountId.of("lima"), number);

        store.insertRequested(first, attemptOf(first, AttemptOperation.AUTHORIZE, 1));
        store.insertRequested(second, attemptOf(second, AttemptOperation.AUTHORIZE, 1));

        assertThat(store.findByOperationNumber(second.provider(), AccountId.of("lima"), new OperationNumber(number)))
                .map(Authorization::id).contains(second.id());
        assertThat(store.findByOperationNumber(first.provider(), new OperationNumber(number)))
                .map(Authorization::id).contains(first.id());
        assertThat(store.findById(second.id()).orElseThrow().account()).isEqualTo(AccountId.of("lima"));
        assertThat(attemptLog().attemptsOf(second.id().value())).singleElement()
                .satisfies(a -> assertThat(a.account()).isEqualTo(AccountId.of("lima")));
    }

    @Test
    void aSaveStoresTheResponseAndMovesTheVersionOn() {
        Authorization authorization = requested(aCardAuthorization(), nextNumber());
        ProviderAttempt attempt = attemptOf(authorization, AttemptOperation.AUTHORIZE, 1);
        store.insertRequested(authorization, attempt);
        long inserted = authorization.version();
        ProviderResponse response = new ProviderResponse("tx-9", "654321", "00", "Aprobado", "es_PE",
                TestCards.MASKED_PAN);
        authorization.authorize(response, clock);
        attempt.finish(AttemptStatus.SUCCEEDED, 200, "00", "Aprobado", "{}", clock);

        store.save(authorization, attempt);

        assertThat(authorization.version()).isGreaterThan(inserted);
        Authorization found = store.findById(authorization.id()).orElseThrow();
        assertThat(found.status()).isEqualTo(AuthorizationStatus.AUTHORIZED);
        assertThat(found.response()).isEqualTo(response);
        assertThat(found.version()).isEqualTo(authorization.version());
        assertThat(found.statusChanges()).extracting(StatusChange::to)
                .containsExactly(AuthorizationStatus.REQUESTED, AuthorizationStatus.AUTHORIZED);
    }

    @Test
    void aFailedReversalIsKeptWithoutAStatusChange() {
        Authorization authorization = requested(aCardAuthorization(), nextNumber());
        ProviderAttempt authorize = attemptOf(authorization, AttemptOperation.AUTHORIZE, 1);
        store.insertRequested(authorization, authorize);
        authorization.unknown("read timed out", clock);
        authorize.finish(AttemptStatus.UNKNOWN, null, null, "read timed out", null, clock);
        store.save(authorization, authorize);
        ProviderAttempt reversal = attemptOf(authorization, AttemptOperation.REVERSE, 2);
        store.save(authorization, reversal);
        authorization.reversalFailed(clock);
        reversal.finish(AttemptStatus.FAILED, 200, "01", "Ocurrio un problema", "{}", clock);

        store.save(authorization, reversal);

        Authorization found = store.findById(authorization.id()).orElseThrow();
        assertThat(found.status()).isEqualTo(AuthorizationStatus.UNKNOWN);
        assertThat(found.failedReversals()).isEqualTo(1);
        assertThat(attemptLog().attemptsOf(authorization.id().value()))
                .extracting(ProviderAttempt::operation, ProviderAttempt::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(AttemptOperation.AUTHORIZE, AttemptStatus.UNKNOWN),
                        org.assertj.core.groups.Tuple.tuple(AttemptOperation.REVERSE, AttemptStatus.FAILED));
    }

    /** ARCHITECTURE.md, several instances: at most one unfinished provider call per subject. */
    @Test
    void aSecondUnfinishedCallOfOneAuthorizationIsRefusedAndRecordsNothing() {
        Authorization authorization = requested(aCardAuthorization(), nextNumber());
        store.insertRequested(authorization, attemptOf(authorization, AttemptOperation.AUTHORIZE, 1));
        long version = authorization.version();

        assertThatThrownBy(() -> store.save(authorization, attemptOf(authorization, AttemptOperation.REVERSE, 2)))
                .isInstanceOf(dev.cobro.application.port.out.AttemptInProgressException.class);

        assertThat(store.findById(authorization.id()).orElseThrow().version()).isEqualTo(version);
        assertThat(attemptLog().attemptsOf(authorization.id().value())).hasSize(1);
    }

    /** A number is one step of one subject: a second attempt under it lost a race to record that step. */
    @Test
    void anAttemptNumberIsUsedOncePerAuthorization() {
        Authorization authorization = unknown(aCardAuthorization());
        long version = authorization.version();

        assertThatThrownBy(() -> store.save(authorization, attemptOf(authorization, AttemptOperation.REVERSE, 1)))
                .isInstanceOf(ConcurrentUpdateException.class);

        assertThat(attemptLog().attemptsOf(authorization.id().value())).extracting(ProviderAttempt::operation)
                .containsExactly(AttemptOperation.AUTHORIZE);
        assertThat(store.findById(authorization.id()).orElseThrow().version()).isEqualTo(version);
    }

    /** A finished attempt is never written over by a stale copy of it. */
    @Test
    void aFinishedAttemptIsNeverOverwrittenByAStaleCopy() {
        Authorization authorization = requested(aCardAuthorization(), nextNumber());
        ProviderAttempt attempt = attemptOf(authorization, AttemptOperation.AUTHORIZE, 1);
        store.insertRequested(authorization, attempt);
        ProviderAttempt stale = attemptLog().attemptsOf(authorization.id().value()).get(0);
        authorization.unknown("no outcome recorded", clock);
        attempt.finish(AttemptStatus.UNKNOWN, null, null, "no outcome recorded", null, clock);
        store.save(authorization, attempt);
        Authorization current = store.findById(authorization.id()).orElseThrow();
        stale.finish(AttemptStatus.SUCCEEDED, 200, "00", "Aprobado", "{}", clock);

        assertThatThrownBy(() -> store.save(current, stale)).isInstanceOf(ConcurrentUpdateException.class);

        assertThat(attemptLog().attemptsOf(authorization.id().value()))
                .extracting(ProviderAttempt::status, ProviderAttempt::providerCode)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(AttemptStatus.UNKNOWN, null));
        assertThat(store.findById(authorization.id()).orElseThrow().version()).isEqualTo(current.version());
    }

    @Test
    void aSaveFromAStaleCopyIsAConcurrentUpdateAndOverwritesNothing() {
        Authorization authorization = requested(aCardAuthorization(), nextNumber());
        store.insertRequested(authorization, attemptOf(authorization, AttemptOperation.AUTHORIZE, 1));
        Authorization mine = store.findById(authorization.id()).orElseThrow();
        Authorization theirs = store.findById(authorization.id()).orElseThrow();
        theirs.unknown("read timed out", clock);
        store.save(theirs, null);
        mine.reject("400", clock);

        assertThatThrownBy(() -> store.save(mine, attemptOf(mine, AttemptOperation.REVERSE, 2)))
                .isInstanceOf(ConcurrentUpdateException.class);

        assertThat(store.findById(authorization.id()).orElseThrow().status()).isEqualTo(AuthorizationStatus.UNKNOWN);
        assertThat(attemptLog().attemptsOf(authorization.id().value())).hasSize(1);
    }

    @Test
    void aSaveFromAStaleCopyWritesNeitherItsStateNorItsAttemptNorAStatusChange() {
        Authorization authorization = requested(aCardAuthorization(), nextNumber());
        ProviderAttempt attempt = attemptOf(authorization, AttemptOperation.AUTHORIZE, 1);
        store.insertRequested(authorization, attempt);
        Authorization mine = store.findById(authorization.id()).orElseThrow();
        Authorization theirs = store.findById(authorization.id()).orElseThrow();
        store.save(theirs, null);
        mine.authorize(new ProviderResponse("tx-9", "654321", "00", "Aprobado", "es_PE", TestCards.MASKED_PAN), clock);
        attempt.finish(AttemptStatus.SUCCEEDED, 200, "00", "Aprobado", "{}", clock);

        assertThatThrownBy(() -> store.save(mine, attempt)).isInstanceOf(ConcurrentUpdateException.class);

        Authorization stored = store.findById(authorization.id()).orElseThrow();
        assertThat(stored.version()).isEqualTo(theirs.version());
        assertThat(stored.status()).isEqualTo(AuthorizationStatus.REQUESTED);
        assertThat(stored.response()).isEqualTo(authorization.response());
        assertThat(stored.statusChanges()).extracting(StatusChange::to).containsExactly(AuthorizationStatus.REQUESTED);
        assertThat(attemptLog().attemptsOf(authorization.id().value())).extracting(ProviderAttempt::status)
                .containsExactly(AttemptStatus.REQUESTED);
    }

    @Test
    void ofTwoWritersSavingOneVersionAtOnceExactlyOneWins() {
        Authorization authorization = requested(aCardAuthorization(), nextNumber());
        store.insertRequested(authorization, attemptOf(authorization, AttemptOperation.AUTHORIZE, 1));
        long inserted = authorization.version();
        Authorization timedOut = store.findById(authorization.id()).orElseThrow();
        ProviderAttempt timedOutAttempt = attemptLog().attemptsOf(authorization.id().value()).get(0);
        timedOut.unknown("read timed out", clock);
        timedOutAttempt.finish(AttemptStatus.UNKNOWN, null, null, "read timed out", null, clock);
        Authorization approved = store.findById(authorization.id()).orElseThrow();
        ProviderAttempt approvedAttempt = attemptLog().attemptsOf(authorization.id().value()).get(0);
        approved.authorize(new ProviderResponse("tx-9", "654321", "00", "Aprobado", "es_PE", TestCards.MASKED_PAN),
                clock);
        approvedAttempt.finish(AttemptStatus.SUCCEEDED, 200, "00", "Aprobado", "{}", clock);

        Race race = Race.of(() -> store.save(timedOut, timedOutAttempt), () -> store.save(approved, approvedAttempt));

        assertThat(race.winners()).hasSize(1);
        assertThat(race.losses()).singleElement().isInstanceOf(ConcurrentUpdateException.class);
        boolean timeoutWon = race.winners().get(0) == 0;
        Authorization stored = store.findById(authorization.id()).orElseThrow();
        assertThat(stored.version()).isEqualTo(inserted + 1);
        assertThat(stored.status()).isEqualTo(timeoutWon ? AuthorizationStatus.UNKNOWN : AuthorizationStatus.AUTHORIZED);
        assertThat(stored.statusChanges()).extracting(StatusChange::to)
                .containsExactly(AuthorizationStatus.REQUESTED, stored.status());
        assertThat(attemptLog().attemptsOf(authorization.id().value())).extracting(ProviderAttempt::status)
                .containsExactly(timeoutWon ? AttemptStatus.UNKNOWN : AttemptStatus.SUCCEEDED);
    }

    /** ARCHITECTURE.md, several instances: two reversals of one authorization at once, one provider call. */
    @Test
    void twoReversalsOfOneVersionAtOnceRecordExactlyOneUnfinishedCall() {
        Authorization authorization = unknown(aCardAuthorization());
        long version = authorization.version();
        Authorization first = store.findById(authorization.id()).orElseThrow();
        Authorization second = store.findById(authorization.id()).orElseThrow();
        ProviderAttempt firstReversal = attemptOf(first, AttemptOperation.REVERSE, 2);
        ProviderAttempt secondReversal = attemptOf(second, AttemptOperation.REVERSE, 3);

        Race race = Race.of(() -> store.save(first, firstReversal), () -> store.save(second, secondReversal));

        assertThat(race.winners()).hasSize(1);
        assertThat(race.losses()).singleElement().isInstanceOf(ConcurrentUpdateException.class);
        ProviderAttempt recorded = race.winners().get(0) == 0 ? firstReversal : secondReversal;
        assertThat(store.findById(authorization.id()).orElseThrow().version()).isEqualTo(version + 1);
        assertThat(attemptLog().attemptsOf(authorization.id().value()))
                .extracting(ProviderAttempt::id, ProviderAttempt::status)
                .containsExactly(tuple(attemptLog().attemptsOf(authorization.id().value()).get(0).id(),
                        AttemptStatus.UNKNOWN), tuple(recorded.id(), AttemptStatus.REQUESTED));
    }

    @Test
    void authorizationsInAStatusAreFoundOldestChangeFirstUpToTheLimit() {
        Authorization older = unknown(aCardAuthorization());
        clock.advance(Duration.ofMinutes(1));
        Authorization newer = unknown(aCardAuthorization());
        clock.advance(Duration.ofMinutes(1));
        Authorization tooRecent = unknown(aCardAuthorization());

        assertThat(store.findByStatusUpdatedBefore(EnumSet.of(AuthorizationStatus.UNKNOWN), tooRecent.updatedAt(), 10))
                .extracting(Authorization::id).containsExactly(older.id(), newer.id());
        assertThat(store.findByStatusUpdatedBefore(EnumSet.of(AuthorizationStatus.UNKNOWN),
                clock.instant().plusSeconds(1), 1)).extracting(Authorization::id).containsExactly(older.id());
        assertThat(store.findByStatusUpdatedBefore(EnumSet.of(AuthorizationStatus.AUTHORIZED),
                clock.instant().plusSeconds(1), 10)).isEmpty();
    }

    // ----- helpers -----

    protected String nextNumber() {
        return Long.toString(NUMBERS.incrementAndGet());
    }

    protected Authorization requested(CardAuthorizationBuilder builder, String operationNumber) {
        return requested(builder, AccountId.DEFAULT, operationNumber);
    }

    protected Authorization requested(CardAuthorizationBuilder builder, AccountId account, String operationNumber) {
        AuthorizeCardCommand c = builder.build();
        AuthorizationDetails details = new AuthorizationDetails(c.channel(), c.money(),
                Instrument.of(c.card().toSecret(), null), c.cardHolder(), c.billing(), c.shipping(), c.description(),
                c.additionalFields(), c.customerId());
        return Authorization.request(new AuthorizationId(UUID.randomUUID()), c.provider(), account,
                new OperationNumber(operationNumber), details, Fingerprints.of(details), clock);
    }

    private Authorization unknown(CardAuthorizationBuilder builder) {
        Authorization authorization = requested(builder, nextNumber());
        ProviderAttempt attempt = attemptOf(authorization, AttemptOperation.AUTHORIZE, 1);
        store.insertRequested(authorization, attempt);
        authorization.unknown("read timed out", clock);
        attempt.finish(AttemptStatus.UNKNOWN, null, null, "read timed out", null, clock);
        store.save(authorization, attempt);
        return authorization;
    }

    protected ProviderAttempt attemptOf(Authorization authorization, AttemptOperation operation, int number) {
        return ProviderAttempt.start(UUID.randomUUID(), TransactionKind.CARD_AUTHORIZATION,
                authorization.id().value(), authorization.provider(), authorization.account(), operation, number,
                "{\"redacted\":true}", clock);
    }
}
