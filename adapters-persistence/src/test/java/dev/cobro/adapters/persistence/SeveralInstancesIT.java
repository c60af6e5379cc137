package dev.cobro.adapters.persistence;

import dev.cobro.application.fakes.ControllableClock;
import dev.cobro.application.fakes.FakeCardProvider;
import dev.cobro.application.port.in.ResolutionReport;
import dev.cobro.application.port.in.ResolveUnknownOutcomesCommand;
import dev.cobro.application.port.in.ReversalResult;
import dev.cobro.application.port.in.ReverseAuthorizationCommand;
import dev.cobro.application.port.out.AttemptInProgressException;
import dev.cobro.application.port.out.CardAuthorizationProviderPort;
import dev.cobro.application.port.out.ConcurrentUpdateException;
import dev.cobro.application.port.out.ProviderTokenStorePort.NewToken;
import dev.cobro.application.port.out.ProviderTokenStorePort.StoredToken;
import dev.cobro.application.port.out.StoreUnavailableException;
import dev.cobro.application.service.ProviderRegistry;
import dev.cobro.application.service.ResolveUnknownOutcomesService;
import dev.cobro.application.service.ResolverSettings;
import dev.cobro.application.service.ReverseAuthorizationService;
import dev.cobro.db.testing.TestDatabase;
import dev.cobro.domain.attempt.AttemptOperation;
import dev.cobro.domain.attempt.AttemptStatus;
import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.authorization.Authorization;
import dev.cobro.domain.authorization.AuthorizationStatus;
import dev.cobro.domain.authorization.OperationNumber;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.application.port.out.TransactionStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ARCHITECTURE.md, "Several instances, one database", on PostgreSQL with two persistence instances (two
 * connection pools, as two processes have): the guards that live in the database.
 */
class SeveralInstancesIT {

    private static final Instant T0 = Instant.parse("2026-06-01T10:00:00Z");
    private static final ResolverSettings SETTINGS =
            new ResolverSettings(Duration.ofMinutes(1), Duration.ofMinutes(5), 5, Duration.ofHours(72));

    private static ExecutorService threads;

    private final ControllableClock clock = ControllableClock.ticking(T0, Duration.ofNanos(1000));
    /** A database of each test's own: a resolver sweeps everything in its database. */
    private TestDatabase.Handle db;
    private CobroPersistence first;
    private CobroPersistence second;

    @BeforeAll
    static void start() {
        threads = Executors.newFixedThreadPool(4);
    }

    @AfterAll
    static void stop() {
        threads.shutdownNow();
    }

    @BeforeEach
    void openTwoInstances() {
        db = Databases.migrated();
        first = Databases.persistence(db);
        second = Databases.persistence(db);
    }

    @AfterEach
    void closeThem() {
        first.close();
        second.close();
    }

    /** Pay-me (the application test-jar's fake) holding its one reversal on the wire until released. */
    private static final class HeldReversal {
        final CountDownLatch onTheWire = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final FakeCardProvider payme = new FakeCardProvider(ProviderId.PAYME).duringReverse(() -> {
            onTheWire.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /**
     * Two resolvers (without a shared sweep lock, so both really sweep) found one
     * UNKNOWN authorization; the second sent a second DELETE, and the first's outcome then failed to
     * save, aborting its run with its attempt left REQUESTED. Now the second write-ahead is refused
     * (one unfinished call per subject), it sends nothing, and the first records its outcome.
     */
    @Test
    void twoResolversOnTwoInstancesSendOneDeleteAndBothRunsFinish() throws Exception {
        HeldReversal held = new HeldReversal();
        FakeCardProvider payme = held.payme;
        Authorization unknown = unknownAuthorization("710000001");
        clock.advance(Duration.ofMinutes(2));

        Future<ResolutionReport> one = threads.submit(() -> resolverWithoutSweepLock(first, payme).resolve(
                ResolveUnknownOutcomesCommand.DEFAULT));
        assertThat(held.onTheWire.await(30, TimeUnit.SECONDS)).isTrue();
        ResolutionReport two = resolverWithoutSweepLock(second, payme).resolve(ResolveUnknownOutcomesCommand.DEFAULT);
        held.release.countDown();
        ResolutionReport oneReport = one.get(30, TimeUnit.SECONDS);

        assertThat(payme.reverseCount()).isEqualTo(1);
        assertThat(two.changes()).isEmpty();
        assertThat(two.problems()).extracting(ResolutionReport.Problem::id).containsExactly(unknown.id().value());
        assertThat(oneReport.changes()).extracting(c -> c.to()).containsExactly(TransactionStatus.REVERSED);
        assertThat(Databases.rows(db, "select operation, status from cobro.provider_attempt where subject_id = '"
                + unknown.id().value() + "' order by attempt_number"))
                .containsExactly(List.of("AUTHORIZE", "UNKNOWN"), List.of("REVERSE", "SUCCEEDED"));
    }

    /** Two threads reversing one authorization by hand while the resolver reverses it: one DELETE. */
    @Test
    void manualReversalsRacingTheResolverSendOneDelete() throws Exception {
        HeldReversal held = new HeldReversal();
        FakeCardProvider payme = held.payme;
        Authorization unknown = unknownAuthorization("710000002");
        clock.advance(Duration.ofMinutes(2));

        Future<ResolutionReport> resolver = threads.submit(() -> resolverWithoutSweepLock(first, payme).resolve(
                ResolveUnknownOutcomesCommand.DEFAULT));
        assertThat(held.onTheWire.await(30, TimeUnit.SECONDS)).isTrue();
        List<Future<ReversalResult>> manual = new ArrayList<>();
        for (CobroPersistence instance : List.of(first, second)) {
            manual.add(threads.submit(() -> new ReverseAuthorizationService(cards(payme), instance.authorizations(),
                    instance.attempts(), UUID::randomUUID, clock).reverse(new ReverseAuthorizationCommand(unknown.id()))));
        }
        for (Future<ReversalResult> m : manual) {
            assertThat(m.get(30, TimeUnit.SECONDS)).isInstanceOf(ReversalResult.InProgress.class);
        }
        held.release.countDown();
        resolver.get(30, TimeUnit.SECONDS);

        assertThat(payme.reverseCount()).isEqualTo(1);
        assertThat(first.authorizations().findById(unknown.id()).orElseThrow().status())
                .isEqualTo(AuthorizationStatus.REVERSED);
        assertThat(Databases.single(db, "select count(*) from cobro.provider_attempt where status = 'REQUESTED'"
                + " and subject_id = '" + unknown.id().value() + "'")).isEqualTo("0");
    }

    /** One sweep at a time per database: a second instance's run meanwhile is skipped. */
    @Test
    void aSweepOnOneInstanceMakesAnotherInstancesRunSkip() throws Exception {
        HeldReversal held = new HeldReversal();
        FakeCardProvider payme = held.payme;
        unknownAuthorization("710000003");
        clock.advance(Duration.ofMinutes(2));

        Future<ResolutionReport> sweeping = threads.submit(() -> resolver(first, payme).resolve(
                ResolveUnknownOutcomesCommand.DEFAULT));
        assertThat(held.onTheWire.await(30, TimeUnit.SECONDS)).isTrue();
        ResolutionReport meanwhile = resolver(second, payme).resolve(ResolveUnknownOutcomesCommand.DEFAULT);
        held.release.countDown();

        assertThat(meanwhile.skipped()).isTrue();
        assertThat(sweeping.get(30, TimeUnit.SECONDS).skipped()).isFalse();
        assertThat(resolver(second, payme).resolve(ResolveUnknownOutcomesCommand.DEFAULT).skipped())
                .as("the lock is released when the sweep ends").isFalse();
    }

    /** ARCHITECTURE.md: a second REQUESTED attempt of one subject is refused by the database itself. */
    @Test
    void aSecondUnfinishedAttemptOfOneSubjectIsRefusedAcrossInstances() {
        Authorization authorization = TestData.authorization("710000004", "20.00", clock);
        first.authorizations().insertRequested(authorization,
                TestData.attempt(authorization, AttemptOperation.AUTHORIZE, 1, clock));
        Authorization theirs = second.authorizations().findById(authorization.id()).orElseThrow();

        assertThatThrownBy(() -> second.authorizations().save(theirs,
                TestData.attempt(theirs, AttemptOperation.REVERSE, 2, clock)))
                .isInstanceOf(AttemptInProgressException.class);
        assertThat(first.attempts().attemptsOf(authorization.id().value())).hasSize(1);
        assertThat(first.authorizations().findById(authorization.id()).orElseThrow().version())
                .isEqualTo(theirs.version());
    }

    /**
     * A finished attempt was written over by a stale copy (updates by id, no status
     * guard). The outcome is now written only while the row is REQUESTED.
     */
    @Test
    void aFinishedAttemptIsNeverOverwrittenByAStaleCopy() {
        Authorization authorization = TestData.authorization("710000005", "20.00", clock);
        ProviderAttempt attempt = TestData.attempt(authorization, AttemptOperation.AUTHORIZE, 1, clock);
        first.authorizations().insertRequested(authorization, attempt);
        ProviderAttempt stale = second.attempts().attemptsOf(authorization.id().value()).get(0);
        authorization.unknown("no outcome recorded", clock);
        attempt.finish(AttemptStatus.UNKNOWN, null, null, "no outcome recorded", null, clock);
        first.authorizations().save(authorization, attempt);
        Authorization current = second.authorizations().findById(authorization.id()).orElseThrow();
        stale.finish(AttemptStatus.SUCCEEDED, 200, "00", "Aprobado", "{}", clock);

        assertThatThrownBy(() -> second.authorizations().save(current, stale))
                .isInstanceOf(ConcurrentUpdateException.class);

        assertThat(Databases.rows(db, "select status, coalesce(provider_code, '-') from cobro.provider_attempt"
                + " where id = '" + attempt.id() + "'")).containsExactly(List.of("UNKNOWN", "-"));
        // The refused save is one transaction: its versioned update, sent before the attempt's guard, is undone.
        assertThat(first.authorizations().findById(authorization.id()).orElseThrow().version())
                .isEqualTo(current.version());
    }

    /** Operation numbers: an installation's range, from its first number, never past its last. */
    @Test
    void operationNumbersComeFromTheInstallationsRange() {
        TestDatabase.Handle own = Databases.migrated();
        try (CobroPersistence staging = Databases.persistence(own)) {
            var numbers = staging.operationNumbers(500_000_000L, 500_000_001L);

            assertThat(numbers.next()).isEqualTo(new OperationNumber("500000000"));
            assertThat(numbers.next()).isEqualTo(new OperationNumber("500000001"));
            assertThatThrownBy(numbers::next).isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("500000000..500000001");
        }
        assertThatThrownBy(() -> first.operationNumbers(0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> first.operationNumbers(10, 1_000_000_000L)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The shared token: stored sealed as given, aged by the database clock, replaced under the row
     * lock by one renewer however many find it stale, retired by compare-and-set on its id.
     */
    @Test
    void oneRenewerReplacesAStaleTokenAndTheOthersReadIt() throws Exception {
        String account = "renew-" + UUID.randomUUID();
        AtomicInteger fetches = new AtomicInteger();
        CountDownLatch together = new CountDownLatch(4);
        List<Future<Optional<StoredToken>>> renewers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            CobroPersistence instance = i % 2 == 0 ? first : second;
            renewers.add(threads.submit(() -> {
                together.countDown();
                together.await(1, TimeUnit.MINUTES);
                return instance.tokenStore().renew(ProviderId.EIGHTY_EIGHT_PAY, account, current -> {
                    if (current.isPresent() && current.get().isFresh()) {
                        return Optional.empty();
                    }
                    fetches.incrementAndGet();
                    return Optional.of(new NewToken(UUID.randomUUID(), sealed("token-1"), Duration.ofSeconds(50)));
                });
            }));
        }
        List<UUID> seen = new ArrayList<>();
        for (Future<Optional<StoredToken>> r : renewers) {
            seen.add(r.get(30, TimeUnit.SECONDS).orElseThrow().id());
        }

        assertThat(fetches).hasValue(1);
        assertThat(seen).containsOnly(seen.get(0));
        StoredToken stored = second.tokenStore().current(ProviderId.EIGHTY_EIGHT_PAY, account).orElseThrow();
        assertThat(stored.sealed()).isEqualTo(sealed("token-1"));
        assertThat(stored.age()).isBetween(Duration.ZERO, Duration.ofSeconds(30));
        assertThat(stored.isFresh()).isTrue();
        assertThat(Databases.single(db, "select encode(sealed, 'escape') from cobro.provider_token where account = '"
                + account + "'")).isEqualTo("token-1");
    }

    @Test
    void aRejectedTokenIsRetiredForEveryInstanceButNeverANewerOne() {
        String account = "retire-" + UUID.randomUUID();
        UUID old = UUID.randomUUID();
        UUID newer = UUID.randomUUID();
        first.tokenStore().renew(ProviderId.EIGHTY_EIGHT_PAY, account,
                c -> Optional.of(new NewToken(old, sealed("old"), Duration.ofSeconds(50))));
        second.tokenStore().renew(ProviderId.EIGHTY_EIGHT_PAY, account,
                c -> Optional.of(new NewToken(newer, sealed("newer"), Duration.ofSeconds(50))));

        assertThat(first.tokenStore().retire(ProviderId.EIGHTY_EIGHT_PAY, account, old)).isFalse();
        assertThat(first.tokenStore().current(ProviderId.EIGHTY_EIGHT_PAY, account)).map(StoredToken::id)
                .contains(newer);
        assertThat(second.tokenStore().retire(ProviderId.EIGHTY_EIGHT_PAY, account, newer)).isTrue();
        assertThat(first.tokenStore().current(ProviderId.EIGHTY_EIGHT_PAY, account)).isEmpty();
    }

    /** Ages come from the database clock: a token issued a minute ago (by the database) is stale. */
    @Test
    void tokenAgesAreMeasuredByTheDatabaseClock() {
        String account = "age-" + UUID.randomUUID();
        first.tokenStore().renew(ProviderId.EIGHTY_EIGHT_PAY, account,
                c -> Optional.of(new NewToken(UUID.randomUUID(), sealed("t"), Duration.ofSeconds(50))));
        Databases.execute(db, "update cobro.provider_token set issued_at = clock_timestamp() - interval '60 seconds'"
                + " where account = '" + account + "'");

        StoredToken stored = second.tokenStore().current(ProviderId.EIGHTY_EIGHT_PAY, account).orElseThrow();

        assertThat(stored.age()).isBetween(Duration.ofSeconds(60), Duration.ofSeconds(90));
        assertThat(stored.isFresh()).isFalse();
    }

    private static byte[] sealed(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private Authorization unknownAuthorization(String operationNumber) {
        Authorization authorization = TestData.authorization(operationNumber, "30.00", clock);
        ProviderAttempt attempt = TestData.attempt(authorization, AttemptOperation.AUTHORIZE, 1, clock);
        first.authorizations().insertRequested(authorization, attempt);
        authorization.unknown("read timed out", clock);
        attempt.finish(AttemptStatus.UNKNOWN, null, null, "read timed out", null, clock);
        first.authorizations().save(authorization, attempt);
        return authorization;
    }

    private ResolveUnknownOutcomesService resolverWithoutSweepLock(CobroPersistence p, CardAuthorizationProviderPort payme) {
        return new ResolveUnknownOutcomesService(cards(payme), p.payments(), p.authorizations(), p.attempts(), SETTINGS,
                UUID::randomUUID, clock);
    }

    private ResolveUnknownOutcomesService resolver(CobroPersistence p, CardAuthorizationProviderPort payme) {
        return new ResolveUnknownOutcomesService(cards(payme), p.payments(), p.authorizations(), p.attempts(),
                p.sweepLock(), SETTINGS, UUID::randomUUID, clock);
    }

    private static ProviderRegistry<CardAuthorizationProviderPort> cards(CardAuthorizationProviderPort provider) {
        return new ProviderRegistry<>("card authorization", List.of(provider), CardAuthorizationProviderPort::providerId);
    }

}
