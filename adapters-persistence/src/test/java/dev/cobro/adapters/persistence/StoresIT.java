package dev.cobro.adapters.persistence;

import dev.cobro.domain.payment.PaymentSnapshot;
import dev.cobro.application.fakes.ControllableClock;
import dev.cobro.application.port.out.StoreUnavailableException;
import dev.cobro.db.testing.TestDatabase;
import dev.cobro.domain.attempt.AttemptOperation;
import dev.cobro.domain.attempt.AttemptStatus;
import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.authorization.Authorization;
import dev.cobro.domain.authorization.Authorization.ProviderResponse;
import dev.cobro.domain.authorization.AuthorizationStatus;
import dev.cobro.domain.payment.NotificationOutcome;
import dev.cobro.domain.payment.Payment;
import dev.cobro.domain.payment.PaymentId;
import dev.cobro.domain.payment.PaymentNotification;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.ProviderId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoresIT {

    private static TestDatabase.Handle db;
    private static CobroPersistence persistence;
    private final ControllableClock clock = ControllableClock.ticking(TestData.START, java.time.Duration.ofNanos(1000));

    @BeforeAll
    static void start() {
        db = Databases.migrated();
        persistence = Databases.persistence(db);
    }

    @AfterAll
    static void stop() {
        persistence.close();
    }

    @Test
    void aPaymentReadBackEqualsThePaymentSaved() {
        Payment payment = TestData.payment("round-trip-1", "150.50", clock);
        payment.useSession("sess_rt");
        payment.signNotificationsWith("k1");
        ProviderAttempt attempt = TestData.attempt(payment, 1, clock);
        persistence.payments().insertRequested(payment, attempt);
        payment.awaitCustomer("sess_rt", "ref-1", "https://checkout.example/1", true, clock);
        attempt.finish(AttemptStatus.SUCCEEDED, 200, "200", "Success", "{}", clock);
        persistence.payments().save(payment, attempt);

        Payment stored = persistence.payments().findById(payment.id()).orElseThrow();

        assertThat(stored).usingRecursiveComparison().isEqualTo(payment);
        assertThat(stored.statusChanges()).extracting(c -> c.to())
                .containsExactly(PaymentStatus.REQUESTED, PaymentStatus.AWAITING_CUSTOMER);
        assertThat(persistence.payments().findByMerchantReference(payment.provider(), payment.merchantReference()))
                .get().usingRecursiveComparison().isEqualTo(payment);
        assertThat(persistence.payments().findByProviderReference(payment.provider(), "ref-1"))
                .extracting(Payment::id).containsExactly(payment.id());
        assertThat(persistence.payments().findBySession(payment.provider(), "sess_rt"))
                .extracting(Payment::id).containsExactly(payment.id());
    }

    @Test
    void anAuthorizationReadBackEqualsTheAuthorizationSavedWithItsAddressesAndFieldsInOrder() {
        Authorization authorization = TestData.authorization("900000001", "99.90", clock);
        ProviderAttempt attempt = TestData.attempt(authorization, AttemptOperation.AUTHORIZE, 1, clock);
        persistence.authorizations().insertRequested(authorization, attempt);
        authorization.authorize(new ProviderResponse("tx-1", "A1", "00", "Aprobado", "es_PE", "485951******0051"), clock);
        attempt.finish(AttemptStatus.SUCCEEDED, 200, "00", "Aprobado", "{}", clock);
        persistence.authorizations().save(authorization, attempt);

        Authorization stored = persistence.authorizations().findById(authorization.id()).orElseThrow();

        assertThat(stored).usingRecursiveComparison().isEqualTo(authorization);
        assertThat(stored.details().additionalFields().values().keySet()).containsExactly("cuota", "plan", "note");
        assertThat(persistence.authorizations().findByOperationNumber(ProviderId.PAYME, authorization.operationNumber()))
                .get().usingRecursiveComparison().isEqualTo(authorization);
        assertThat(persistence.attempts().attemptsOf(authorization.id().value()))
                .singleElement().usingRecursiveComparison().isEqualTo(attempt);
    }

    @Test
    void eachSaveAppendsOnlyTheNewStatusChangesAndMovesTheVersionOn() {
        Authorization authorization = TestData.authorization("900000002", "10.00", clock);
        ProviderAttempt authorize = TestData.attempt(authorization, AttemptOperation.AUTHORIZE, 1, clock);
        persistence.authorizations().insertRequested(authorization, authorize);
        long afterInsert = authorization.version();
        authorization.unknown("read timed out", clock);
        authorize.finish(AttemptStatus.UNKNOWN, null, null, "read timed out", null, clock);
        persistence.authorizations().save(authorization, authorize);
        persistence.authorizations().save(authorization, TestData.attempt(authorization, AttemptOperation.REVERSE, 2, clock));
        authorization.reverse("timeout reversal", clock);
        persistence.authorizations().save(authorization, null);

        assertThat(authorization.version()).isEqualTo(afterInsert + 3);
        assertThat(Databases.rows(db, "select position, from_status, to_status from cobro.status_change"
                + " where subject_id = '" + authorization.id() + "' order by position"))
                .containsExactly(Arrays.asList("0", null, "REQUESTED"), List.of("1", "REQUESTED", "UNKNOWN"),
                        List.of("2", "UNKNOWN", "REVERSED"));
        assertThat(persistence.authorizations().findById(authorization.id()).orElseThrow().version())
                .isEqualTo(authorization.version());
    }

    @Test
    void openPaymentsAreCountedByTheKeyThatSignedTheirNotificationUrl() {
        Payment first = TestData.payment("by-key-1", "10.00", clock);
        Payment second = TestData.payment("by-key-2", "10.00", clock);
        Payment unsigned = TestData.payment("by-key-3", "10.00", clock);
        first.signNotificationsWith("key-count-a");
        second.signNotificationsWith("key-count-a");
        persistence.payments().insertRequested(first, TestData.attempt(first, 1, clock));
        persistence.payments().insertRequested(second, TestData.attempt(second, 1, clock));
        persistence.payments().insertRequested(unsigned, TestData.attempt(unsigned, 1, clock));

        var groups = persistence.health().openPaymentsByKey();

        assertThat(groups).filteredOn(g -> "key-count-a".equals(g.keyId())).singleElement().satisfies(g -> {
            assertThat(g.count()).isEqualTo(2);
            assertThat(g.provider()).isEqualTo(first.provider());
            assertThat(g.account()).isEqualTo(first.account());
            assertThat(g.oldestCreatedAt()).isEqualTo(first.createdAt());
        });
        assertThat(groups).anyMatch(g -> g.keyId() == null);
    }

    @Test
    void aPaymentRestoredWithoutItsStatusHistoryIsRefusedRatherThanLosingItsTransition() {
        Payment payment = TestData.payment("no-history-1", "12.00", clock);
        persistence.payments().insertRequested(payment, TestData.attempt(payment, 1, clock));
        Payment stored = persistence.payments().findById(payment.id()).orElseThrow();
        PaymentSnapshot s = stored.snapshot();
        Payment withoutHistory = Payment.restore(new PaymentSnapshot(s.id(), s.provider(), s.account(),
                s.merchantReference(), s.details(), s.fingerprint(), s.status(), s.flags(), s.providerSessionId(),
                s.providerReference(), s.checkoutUrl(), s.notificationKeyId(), s.createdAt(), s.updatedAt(),
                java.util.List.of(), s.version()));
        withoutHistory.unknown("no answer", clock);

        assertThatThrownBy(() -> persistence.payments().save(withoutHistory, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not restored with its history");
        assertThat(persistence.payments().findById(payment.id()).orElseThrow().status())
                .isEqualTo(PaymentStatus.REQUESTED);
    }

    @Test
    void aWholePanFromTheProviderIsStoredMasked() {
        Authorization authorization = TestData.authorization("900000003", "10.00", clock);
        persistence.authorizations().insertRequested(authorization,
                TestData.attempt(authorization, AttemptOperation.AUTHORIZE, 1, clock));
        authorization.authorize(new ProviderResponse("tx-3", "A1", "00", "ok", "es_PE", TestData.TEST_PAN), clock);
        persistence.authorizations().save(authorization, null);

        assertThat(Databases.single(db, "select provider_masked_pan from cobro.card_authorization where id = '"
                + authorization.id() + "'")).isEqualTo("485951******0051");
    }

    @Test
    void notificationsAreStoredWhateverTheirOutcomeAndListedInOrder() {
        Payment payment = TestData.payment("notified-1", "80.00", clock);
        persistence.payments().insertRequested(payment, TestData.attempt(payment, 1, clock));
        payment.awaitCustomer("sess_n", null, "https://checkout.example/n", false, clock);
        persistence.payments().save(payment, null);

        PaymentNotification unmatched = notification(payment, NotificationOutcome.UNMATCHED, null);
        persistence.payments().recordNotification(unmatched, null);
        PaymentNotification ignored = notification(payment, NotificationOutcome.IGNORED, null);
        persistence.payments().recordNotification(ignored, null);
        payment.settle(PaymentStatus.SUCCEEDED, "notified COMPLETED", clock);
        PaymentNotification applied = notification(payment, NotificationOutcome.APPLIED, PaymentStatus.SUCCEEDED);
        persistence.payments().recordNotification(applied, payment);

        assertThat(persistence.payments().notificationsOf(payment.id()))
                .usingRecursiveFieldByFieldElementComparator().containsExactly(ignored, applied);
        assertThat(Databases.single(db, "select outcome from cobro.payment_notification where id = '"
                + unmatched.id() + "'")).isEqualTo("UNMATCHED");
        assertThat(persistence.payments().findById(payment.id()).orElseThrow().status()).isEqualTo(PaymentStatus.SUCCEEDED);
    }

    @Test
    void theResolverFindsOldUnsettledItemsOldestFirst() {
        Payment old = TestData.payment("old-unknown", "5.00", clock);
        persistence.payments().insertRequested(old, TestData.attempt(old, 1, clock));
        old.unknown("timeout", clock);
        persistence.payments().save(old, null);
        clock.advance(Duration.ofHours(1));
        Payment recent = TestData.payment("recent-unknown", "5.00", clock);
        ProviderAttempt unfinished = TestData.attempt(recent, 1, clock);
        persistence.payments().insertRequested(recent, unfinished);
        recent.unknown("timeout", clock);
        persistence.payments().save(recent, null);

        assertThat(persistence.payments().findByStatusUpdatedBefore(EnumSet.of(PaymentStatus.UNKNOWN),
                TestData.START.plus(Duration.ofMinutes(30)), 10)).extracting(Payment::id).containsExactly(old.id());
        assertThat(persistence.payments().findByStatusUpdatedBefore(EnumSet.of(PaymentStatus.UNKNOWN),
                clock.instant(), 1)).extracting(Payment::id).containsExactly(old.id());
        assertThat(persistence.attempts().findUnfinishedStartedBefore(clock.instant(), 100))
                .extracting(ProviderAttempt::id).contains(unfinished.id());
        assertThat(persistence.authorizations().findByStatusUpdatedBefore(EnumSet.noneOf(AuthorizationStatus.class),
                clock.instant(), 10)).isEmpty();
    }

    @Test
    void unansweredReversalsAreFoundByOperationAndStatus() {
        Authorization authorization = TestData.authorization("900000004", "10.00", clock);
        ProviderAttempt authorize = TestData.attempt(authorization, AttemptOperation.AUTHORIZE, 1, clock);
        persistence.authorizations().insertRequested(authorization, authorize);
        authorize.finish(AttemptStatus.SUCCEEDED, 200, "00", "Aprobado", "{}", clock);
        persistence.authorizations().save(authorization, authorize);
        ProviderAttempt reversal = TestData.attempt(authorization, AttemptOperation.REVERSE, 2, clock);
        persistence.authorizations().save(authorization, reversal);
        reversal.finish(AttemptStatus.UNKNOWN, null, null, "timed out", null, clock);
        persistence.authorizations().save(authorization, reversal);

        assertThat(persistence.attempts().findByOperationAndStatus(AttemptOperation.REVERSE, AttemptStatus.UNKNOWN,
                clock.instant(), 10)).extracting(ProviderAttempt::id).containsExactly(reversal.id());
        assertThat(Databases.single(db, "select latency_ms from cobro.provider_attempt where id = '" + reversal.id() + "'"))
                .isEqualTo("0");
    }

    @Test
    void aDatabaseFailureSurfacesAsStoreUnavailable() {
        Databases.execute(db, "alter table cobro.checkout_payment rename to checkout_payment_away");
        try {
            assertThatThrownBy(() -> persistence.payments().findById(new PaymentId(UUID.randomUUID())))
                    .isInstanceOf(StoreUnavailableException.class);
        } finally {
            Databases.execute(db, "alter table cobro.checkout_payment_away rename to checkout_payment");
        }
    }

    @Test
    void hibernateRefusesToStartOnADatabaseWithoutCobrosSchema() {
        TestDatabase.Handle empty = TestDatabase.freshDatabase();

        assertThatThrownBy(() -> CobroPersistence.create(empty.dataSource()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CobroMigrations.migrate");
    }

    @Test
    void onTheHostsDataSourceClosingLeavesTheDataSourceOpen() throws Exception {
        try (CobroPersistence onHostDataSource = CobroPersistence.create(db.dataSource())) {
            assertThat(onHostDataSource.operationNumbers().next()).isNotNull();
        }
        try (var c = db.dataSource().getConnection()) {
            assertThat(c.isValid(1)).isTrue();
        }
    }

    @Test
    void aValueTheDatabaseCannotHoldIsRefusedAsDataNotAsAnUnavailableDatabase() {
        Payment payment = TestData.payment("data-error-1", "80.00", clock);
        payment.useSession("sess_de");
        persistence.payments().insertRequested(payment, TestData.attempt(payment, 1, clock));
        // PostgreSQL's numeric holds at most 16383 decimals: this one is refused with SQLSTATE 22P03.
        PaymentNotification unstorable = new PaymentNotification(UUID.randomUUID(), payment.provider(),
                clock.instant(), null, null, "COMPLETED", PaymentStatus.SUCCEEDED, new BigDecimal("1e-16384"), "MXN",
                "{}", NotificationOutcome.MISMATCHED, payment.id(), "an amount PostgreSQL cannot hold");

        assertThatThrownBy(() -> persistence.payments().recordNotification(unstorable, null))
                .isNotInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("SQLSTATE 22")
                .hasMessageNotContaining("unavailable");
        assertThat(persistence.payments().notificationsOf(payment.id())).isEmpty();
    }

    private PaymentNotification notification(Payment payment, NotificationOutcome outcome, PaymentStatus mapped) {
        return new PaymentNotification(UUID.randomUUID(), payment.provider(), clock.instant(), "sess_n", null,
                "COMPLETED", mapped, new BigDecimal("80"), "MXN", "{\"transaction_status\":\"COMPLETED\"}", outcome,
                outcome == NotificationOutcome.UNMATCHED ? null : payment.id(), outcome.name().toLowerCase());
    }
}
