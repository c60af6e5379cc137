package dev.cobro.application.service;

import dev.cobro.application.port.in.AuthorizationView;
import dev.cobro.application.fakes.CardAuthorizationBuilder;
import dev.cobro.application.fakes.FakeCardProvider.Call;
import dev.cobro.application.fakes.TestCards;
import dev.cobro.application.port.in.AuthorizationResult;
import dev.cobro.application.port.in.AuthorizeCardCommand;
import dev.cobro.application.port.in.IdempotencyConflictException;
import dev.cobro.application.port.out.StoreUnavailableException;
import dev.cobro.domain.attempt.AttemptOperation;
import dev.cobro.domain.attempt.AttemptStatus;
import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.authorization.Authorization;
import dev.cobro.domain.authorization.AuthorizationStatus;
import dev.cobro.domain.authorization.CardSecret;
import dev.cobro.domain.shared.StatusChange;
import dev.cobro.domain.shared.ValidationException;
import dev.cobro.domain.shared.Violation;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static dev.cobro.application.fakes.CardAuthorizationBuilder.aCardAuthorization;
import static dev.cobro.domain.authorization.Channel.CARD_ON_FILE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

class AuthorizeCardServiceTest {

    private final ServiceFixture f = new ServiceFixture();

    @Test
    void theAuthorizationAndItsAttemptAreRecordedRequestedBeforeTheProviderIsCalled() {
        f.authorizeCard.authorize(aCardAuthorization().build());

        Call call = f.cards.authorizeCalls().get(0);
        assertThat(call.storedStatus()).isEqualTo(AuthorizationStatus.REQUESTED);
        assertThat(call.storedAttempts()).singleElement().satisfies(a -> {
            assertThat(a.status()).isEqualTo(AttemptStatus.REQUESTED);
            assertThat(a.operation()).isEqualTo(AttemptOperation.AUTHORIZE);
            assertThat(a.request()).isEqualTo(call.prepared().redactedRequest());
        });
    }

    @Test
    void anApprovalIsRecordedAfterTheCall() {
        AuthorizationResult result = f.authorizeCard.authorize(aCardAuthorization().build());

        assertThat(result).isInstanceOf(AuthorizationResult.Created.class);
        Authorization stored = f.authorizations.findById(result.authorization().id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(AuthorizationStatus.AUTHORIZED);
        assertThat(stored.response().responseCode()).isEqualTo("00");
        assertThat(stored.response().authorizationCode()).isNotBlank();
        assertThat(f.attempts.attemptsOf(stored.id().value())).extracting(ProviderAttempt::status)
                .containsExactly(AttemptStatus.SUCCEEDED);
    }

    @Test
    void aDeclineIsAReturnedOutcomeWithItsResponseCode() {
        f.cards.willDecline("51", "Fondos insuficientes");

        AuthorizationResult result = f.authorizeCard.authorize(aCardAuthorization().build());

        assertThat(result).isInstanceOf(AuthorizationResult.Created.class);
        assertThat(result.authorization().status()).isEqualTo(AuthorizationStatus.DECLINED);
        assertThat(result.authorization().response().responseCode()).isEqualTo("51");
        assertThat(result.authorization().response().message()).isEqualTo("Fondos insuficientes");
        assertThat(f.attempts.attemptsOf(result.authorization().id().value())).singleElement()
                .satisfies(a -> {
                    assertThat(a.status()).isEqualTo(AttemptStatus.DECLINED);
                    assertThat(a.providerCode()).isEqualTo("51");
                });
    }

    @Test
    void aTimeoutBecomesUnknownNeverDeclined() {
        f.cards.willTimeOut();

        AuthorizationResult result = f.authorizeCard.authorize(aCardAuthorization().build());

        Authorization stored = f.authorizations.findById(result.authorization().id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(AuthorizationStatus.UNKNOWN);
        assertThat(stored.statusChanges()).extracting(StatusChange::to)
                .containsExactly(AuthorizationStatus.REQUESTED, AuthorizationStatus.UNKNOWN);
        assertThat(f.attempts.attemptsOf(stored.id().value())).extracting(ProviderAttempt::status)
                .containsExactly(AttemptStatus.UNKNOWN);
    }

    @Test
    void aStoreFailureBeforeTheCallMeansTheProviderIsNeverCalled() {
        f.authorizations.failNextWrite();

        assertThatThrownBy(() -> f.authorizeCard.authorize(aCardAuthorization().build()))
                .isInstanceOf(StoreUnavailableException.class);

        assertThat(f.cards.authorizeCount()).isZero();
        assertThat(f.authorizations.all()).isEmpty();
    }

    @Test
    void theSameOperationNumberAgainIsAnsweredFromTheRecordWithoutCallingTheProvider() {
        CardAuthorizationBuilder command = aCardAuthorization().withOperationNumber("123456");
        AuthorizationResult first = f.authorizeCard.authorize(command.build());

        AuthorizationResult again = f.authorizeCard.authorize(command.build());

        assertThat(again).isInstanceOf(AuthorizationResult.Replayed.class);
        assertThat(again.authorization().id()).isEqualTo(first.authorization().id());
        assertThat(f.cards.authorizeCount()).isEqualTo(1);
    }

    @Test
    void theSameOperationNumberWhileTheFirstIsStillBeingSentIsInProgress() {
        AuthorizeCardCommand command = aCardAuthorization().withOperationNumber("123456").build();
        AtomicReference<AuthorizationResult> meanwhile = new AtomicReference<>();
        f.cards.duringAuthorize(() -> meanwhile.compareAndSet(null, f.authorizeCard.authorize(command)));

        f.authorizeCard.authorize(command);

        assertThat(meanwhile.get()).isInstanceOf(AuthorizationResult.InProgress.class);
        assertThat(f.cards.authorizeCount()).isEqualTo(1);
    }

    @Test
    void manyThreadsRacingOneOperationNumberCallTheProviderOnce() throws Exception {
        int threads = 8;
        AuthorizeCardCommand command = aCardAuthorization().withOperationNumber("424242").build();
        CountDownLatch allLookedUp = new CountDownLatch(threads);
        f.cards.beforePrepare(() -> {
            allLookedUp.countDown();
            try {
                allLookedUp.await(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<AuthorizationResult>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> f.authorizeCard.authorize(command)));
            }
            List<AuthorizationResult> results = new ArrayList<>();
            for (Future<AuthorizationResult> future : futures) {
                results.add(future.get(20, TimeUnit.SECONDS));
            }

            assertThat(allLookedUp.getCount()).isZero();
            assertThat(f.cards.authorizeCount()).isEqualTo(1);
            assertThat(results).filteredOn(r -> r instanceof AuthorizationResult.Created).hasSize(1);
            assertThat(f.authorizations.all()).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theSameOperationNumberWithOtherParametersIsAConflictAndSendsNothing() {
        CardAuthorizationBuilder command = aCardAuthorization().withOperationNumber("123456");
        f.authorizeCard.authorize(command.build());

        assertThatThrownBy(() -> f.authorizeCard.authorize(command.withAmount("20.00").build()))
                .isInstanceOf(IdempotencyConflictException.class)
                .hasMessageContaining("123456");

        assertThat(f.cards.authorizeCount()).isEqualTo(1);
    }

    @Test
    void anAuthorizationThatNeverReachedTheProviderIsSentAgainWithItsCard() {
        CardAuthorizationBuilder command = aCardAuthorization().withOperationNumber("123456");
        f.cards.willFailBeforeSending();
        AuthorizationResult first = f.authorizeCard.authorize(command.build());
        assertThat(first.authorization().status()).isEqualTo(AuthorizationStatus.NOT_SENT);

        AuthorizationResult again = f.authorizeCard.authorize(command.build());

        assertThat(again).isInstanceOf(AuthorizationResult.Created.class);
        assertThat(again.authorization().status()).isEqualTo(AuthorizationStatus.AUTHORIZED);
        assertThat(f.cards.authorizeCount()).isEqualTo(2);
        assertThat(f.cards.authorizeCalls().get(1).storedAttempts())
                .extracting(ProviderAttempt::number, ProviderAttempt::status)
                .containsExactly(tuple(1, AttemptStatus.NOT_SENT), tuple(2, AttemptStatus.REQUESTED));
        // Insert first: the second request is prepared once for the write-ahead that finds the number
        // taken, then again for the retry of the stored authorization; both with the card and its CVV.
        assertThat(f.cards.preparedCalls()).extracting(p -> p.cardKind(), p -> p.cvvGiven())
                .containsExactly(tuple(CardSecret.Kind.CARD, true), tuple(CardSecret.Kind.CARD, true),
                        tuple(CardSecret.Kind.CARD, true));
    }

    @Test
    void withoutAnOperationNumberOneIsTakenFromTheSequence() {
        AuthorizationView first = f.authorizeCard.authorize(aCardAuthorization().build()).authorization();
        AuthorizationView second = f.authorizeCard.authorize(aCardAuthorization().build()).authorization();

        assertThat(first.operationNumber().value()).isEqualTo("1");
        assertThat(second.operationNumber().value()).isEqualTo("2");
    }

    @Test
    void aCardOnFileIsChargedWithItsTokenAndKeptOnlyMaskedAndHashed() {
        AuthorizationResult result = f.authorizeCard.authorize(aCardAuthorization().withChannel(CARD_ON_FILE).build());

        Authorization stored = f.authorizations.findById(result.authorization().id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(AuthorizationStatus.AUTHORIZED);
        assertThat(stored.details().instrument().masked()).isEqualTo("****0051");
        assertThat(stored.details().instrument().tokenHash())
                .isEqualTo(f.tokenHasher.hash(TestCards.TOKEN)).doesNotContain(TestCards.TOKEN);
        assertThat(f.cards.preparedCalls()).singleElement().satisfies(p -> {
            assertThat(p.cardKind()).isEqualTo(CardSecret.Kind.TOKEN);
            assertThat(p.cvvGiven()).isFalse();
        });
    }

    @Test
    void aCardOnFileAuthorizationWithACardIsRefusedBeforeAnythingIsRecorded() {
        AuthorizeCardCommand command = aCardAuthorization().withChannel(CARD_ON_FILE)
                .withCard(TestCards.PAN, TestCards.EXPIRY, TestCards.CVV).build();

        assertThatThrownBy(() -> f.authorizeCard.authorize(command))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("channel 3");

        assertThat(f.authorizations.all()).isEmpty();
        assertThat(f.cards.preparedCalls()).isEmpty();
    }

    @Test
    void badCardDataIsOneErrorNamingEveryFieldAndNeverThePan() {
        String badPan = "4859510000000052";
        AuthorizeCardCommand command = aCardAuthorization().withCard(badPan, "1399", "12").build();

        assertThatThrownBy(() -> f.authorizeCard.authorize(command))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field)
                        .contains("payment_method.card.pan", "payment_method.card.expiry_date",
                                "payment_method.card.security_code"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(badPan));

        assertThat(f.authorizations.all()).isEmpty();
    }

    @Test
    void anExpiredCardIsRefused() {
        // The fixture's clock is in January 2026.
        AuthorizeCardCommand command = aCardAuthorization().withCard(TestCards.PAN, "1225", TestCards.CVV).build();

        assertThatThrownBy(() -> f.authorizeCard.authorize(command))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("payment_method.card.expiry_date: the card expired");
    }

    @Test
    void aMissingBillingAddressAndAZeroAmountAreReportedTogether() {
        AuthorizeCardCommand command = aCardAuthorization().withAmount("0.00").withBilling(null).build();

        assertThatThrownBy(() -> f.authorizeCard.authorize(command))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field).contains("transaction.amount", "address.billing"));
    }

    @Test
    void theCardDataIsStoredNowhere() {
        AuthorizationView authorization = f.authorizeCard.authorize(aCardAuthorization().build()).authorization();

        Authorization stored = f.authorizations.findById(authorization.id()).orElseThrow();
        assertThat(stored.details().instrument().masked()).isEqualTo(TestCards.MASKED_PAN);
        assertThat(stored.toString()).doesNotContain(TestCards.PAN);
        assertThat(stored.details().toString()).doesNotContain(TestCards.PAN);
        assertThat(stored.fingerprint()).doesNotContain(TestCards.PAN);
        assertThat(f.attempts.all()).allSatisfy(a -> {
            assertThat(a.request()).doesNotContain(TestCards.PAN);
            assertThat(String.valueOf(a.response())).doesNotContain(TestCards.PAN);
        });
    }

    @Test
    void anOutcomeThatCannotBeWrittenLeavesTheAuthorizationRequestedForTheResolver() {
        f.authorizations.failWriteAfter(1);

        assertThatThrownBy(() -> f.authorizeCard.authorize(aCardAuthorization().build()))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("resolve-unknown");

        assertThat(f.authorizations.all()).singleElement()
                .satisfies(a -> assertThat(a.status()).isEqualTo(AuthorizationStatus.REQUESTED));
    }
}
