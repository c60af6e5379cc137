package dev.cobro.adapters.persistence;

import dev.cobro.application.fakes.ControllableClock;
import dev.cobro.application.fakes.FakeCardProvider;
import dev.cobro.application.fakes.FakeCheckoutProvider;
import dev.cobro.application.port.in.AuthorizationResult;
import dev.cobro.application.port.in.CheckoutPaymentResult;
import dev.cobro.application.port.out.ConcurrentUpdateException;
import dev.cobro.db.testing.TestDatabase;
import dev.cobro.domain.attempt.AttemptOperation;
import dev.cobro.domain.attempt.AttemptStatus;
import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.authorization.Authorization;
import dev.cobro.domain.authorization.Authorization.ProviderResponse;
import dev.cobro.domain.payment.Payment;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.ProviderId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two processes on one database, played by two CobroPersistence instances (two Hibernate
 * session factories, two pools) driven from two threads.
 */
class ConcurrencyIT {

    private static final int ROUNDS = 8;

    private static TestDatabase.Handle db;
    private static CobroPersistence first;
    private static CobroPersistence second;
    private static ExecutorService threads;
    private final ControllableClock clock = ControllableClock.ticking(TestData.START, java.time.Duration.ofNanos(1000));

    @BeforeAll
    static void start() {
        db = Databases.migrated();
        first = Databases.persistence(db);
        second = Databases.persistence(db);
        threads = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void stop() {
        threads.shutdownNow();
        first.close();
        second.close();
    }

    @Test
    void twoProcessesRacingOneMerchantReferenceStoreOnePaymentAndCallTheProviderOnce() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String reference = "race-checkout-" + round;
            FakeCheckoutProvider provider = new FakeCheckoutProvider(ProviderId.EIGHTY_EIGHT_PAY);
            // Both callers have looked the key up and found nothing before either writes.
            CountDownLatch bothLookedUp = new CountDownLatch(2);
            provider.beforePrepare(() -> awaitTogether(bothLookedUp));

            List<CheckoutPaymentResult> results = race(
                    () -> Services.checkout(first, provider, clock).start(TestData.checkout(reference, "30.00")),
                    () -> Services.checkout(second, provider, clock).start(TestData.checkout(reference, "30.00")));

            assertThat(provider.chargeCount()).as("provider calls for " + reference).isEqualTo(1);
            assertThat(results).filteredOn(r -> r instanceof CheckoutPaymentResult.Created).hasSize(1);
            assertThat(results).extracting(r -> r.payment().id()).containsOnly(results.get(0).payment().id());
            assertThat(Databases.single(db, "select count(*) from cobro.checkout_payment where merchant_reference = '"
                    + reference + "'")).isEqualTo("1");
            assertThat(Databases.single(db, "select count(*) from cobro.provider_attempt a join cobro.checkout_payment p"
                    + " on p.id = a.subject_id where p.merchant_reference = '" + reference + "'")).isEqualTo("1");
        }
    }

    @Test
    void twoProcessesRacingOneOperationNumberStoreOneAuthorizationAndCallTheProviderOnce() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String operationNumber = String.valueOf(800_000_000 + round);
            FakeCardProvider provider = new FakeCardProvider(ProviderId.PAYME);
            CountDownLatch bothLookedUp = new CountDownLatch(2);
            provider.beforePrepare(() -> awaitTogether(bothLookedUp));

            List<AuthorizationResult> results = race(
                    () -> Services.authorize(first, provider, clock).authorize(TestData.cardAuthorization(operationNumber, "20.00")),
                    () -> Services.authorize(second, provider, clock).authorize(TestData.cardAuthorization(operationNumber, "20.00")));

            assertThat(provider.authorizeCount()).as("provider calls for " + operationNumber).isEqualTo(1);
            assertThat(results).filteredOn(r -> r instanceof AuthorizationResult.Created).hasSize(1);
            assertThat(Databases.single(db, "select count(*) from cobro.card_authorization where operation_number = '"
                    + operationNumber + "'")).isEqualTo("1");
        }
    }

    @Test
    void aSaveOfAStaleCopyIsRefusedAndTheFirstWritersStateIsKept() {
        Payment payment = TestData.payment("stale-1", "15.00", clock);
        first.payments().insertRequested(payment, TestData.attempt(payment, 1, clock));
        Payment mine = first.payments().findById(payment.id()).orElseThrow();
        Payment theirs = second.payments().findById(payment.id()).orElseThrow();

        mine.awaitCustomer("sess_a", "ref-a", "https://checkout.example/a", false, clock);
        first.payments().save(mine, null);
        theirs.unknown("read timed out", clock);

        assertThatThrownBy(() -> second.payments().save(theirs, null)).isInstanceOf(ConcurrentUpdateException.class);
        Payment stored = second.payments().findById(payment.id()).orElseThrow();
        assertThat(stored).usingRecursiveComparison().isEqualTo(mine);
        assertThat(stored.statusChanges()).extracting(c -> c.to())
                .containsExactly(PaymentStatus.REQUESTED, PaymentStatus.AWAITING_CUSTOMER);
    }

    @Test
    void twoReversalWriteAheadsOfOneAuthorizationCannotBothGoAhead() {
        Authorization authorization = TestData.authorization("700000001", "50.00", clock);
        ProviderAttempt authorize = TestData.attempt(authorization, AttemptOperation.AUTHORIZE, 1, clock);
        first.authorizations().insertRequested(authorization, authorize);
        authorization.authorize(new ProviderResponse("tx", "A1", "00", "ok", "es_PE", null), clock);
        authorize.finish(AttemptStatus.SUCCEEDED, 200, "00", "ok", "{}", clock);
        first.authorizations().save(authorization, authorize);
        Authorization mine = first.authorizations().findById(authorization.id()).orElseThrow();
        Authorization theirs = second.authorizations().findById(authorization.id()).orElseThrow();

        // Only an attempt is added, the authorization itself is unchanged: the version still decides.
        first.authorizations().save(mine, TestData.attempt(mine, AttemptOperation.REVERSE, 2, clock));
        ProviderAttempt late = TestData.attempt(theirs, AttemptOperation.REVERSE, 2, clock);

        assertThatThrownBy(() -> second.authorizations().save(theirs, late))
                .isInstanceOf(ConcurrentUpdateException.class);
        assertThat(first.attempts().attemptsOf(authorization.id().value()))
                .extracting(ProviderAttempt::operation).containsExactly(AttemptOperation.AUTHORIZE, AttemptOperation.REVERSE);
        assertThat(first.attempts().attemptsOf(authorization.id().value()))
                .extracting(ProviderAttempt::id).doesNotContain(late.id());
    }

    @Test
    void writersThatRetryOnConflictLoseNoUpdate() throws Exception {
        Authorization authorization = TestData.authorization("700000002", "50.00", clock);
        first.authorizations().insertRequested(authorization,
                TestData.attempt(authorization, AttemptOperation.AUTHORIZE, 1, clock));
        int each = 15;

        List<Integer> conflicts = race(
                () -> failReversalsRetrying(first, authorization, each),
                () -> failReversalsRetrying(second, authorization, each));

        Authorization stored = first.authorizations().findById(authorization.id()).orElseThrow();
        assertThat(stored.failedReversals()).isEqualTo(2 * each);
        assertThat(stored.version()).isEqualTo(authorization.version() + 2 * each);
        assertThat(conflicts).hasSize(2);
    }

    @Test
    void openPaymentsOfOneSessionAndAmountAreAllStoredAcrossProcesses() {
        // Notifications name their payment by Cobro's signed URL, so a token's window may serve
        // every checkout of one amount (88Pay grants 10 tokens a minute): V3 dropped the index.
        for (int i = 1; i <= 3; i++) {
            Payment same = TestData.payment("session-" + i, i == 2 ? "100" : "100.00", clock);
            same.useSession("sess_shared");
            (i % 2 == 0 ? second : first).payments().insertRequested(same, TestData.attempt(same, 1, clock));
        }

        assertThat(first.payments().findBySession(ProviderId.EIGHTY_EIGHT_PAY, "sess_shared")).hasSize(3)
                .allSatisfy(p -> assertThat(p.status()).isEqualTo(PaymentStatus.REQUESTED));
    }

    /** Adds {@code times} failed reversals, reading again after each conflict; returns the conflicts met. */
    private int failReversalsRetrying(CobroPersistence persistence, Authorization authorization, int times) {
        int conflicts = 0;
        for (int done = 0; done < times; ) {
            Authorization current = persistence.authorizations().findById(authorization.id()).orElseThrow();
            current.reversalFailed(clock);
            try {
                persistence.authorizations().save(current, null);
                done++;
            } catch (ConcurrentUpdateException expected) {
                conflicts++;
            }
        }
        return conflicts;
    }

    @SafeVarargs
    private static <T> List<T> race(Callable<T>... callers) throws Exception {
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> caller : callers) {
            futures.add(threads.submit(caller));
        }
        List<T> results = new ArrayList<>();
        for (Future<T> f : futures) {
            results.add(f.get(30, TimeUnit.SECONDS));
        }
        return results;
    }

    private static void awaitTogether(CountDownLatch latch) {
        latch.countDown();
        try {
            if (!latch.await(1, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the other caller never arrived");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
