package dev.cobro.application.service;

import dev.cobro.application.port.in.AuthorizationView;
import dev.cobro.application.fakes.FakeCardProvider.Call;
import dev.cobro.application.port.in.NotFoundException;
import dev.cobro.application.port.in.ReversalResult;
import dev.cobro.application.port.in.ReverseAuthorizationCommand;
import dev.cobro.domain.attempt.AttemptOperation;
import dev.cobro.domain.attempt.AttemptStatus;
import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.authorization.Authorization;
import dev.cobro.domain.authorization.AuthorizationId;
import dev.cobro.domain.authorization.AuthorizationStatus;
import dev.cobro.domain.shared.IllegalTransitionException;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static dev.cobro.application.fakes.CardAuthorizationBuilder.aCardAuthorization;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

class ReverseAuthorizationServiceTest {

    private final ServiceFixture f = new ServiceFixture();

    @Test
    void theReversalIsRecordedAsItsOwnAttemptBeforeTheCallAndItsOutcomeAfter() {
        AuthorizationView authorized = authorized();

        ReversalResult result = f.reverseAuthorization.reverse(new ReverseAuthorizationCommand(authorized.id()));

        Call call = f.cards.reverseCalls().get(0);
        assertThat(call.storedStatus()).isEqualTo(AuthorizationStatus.AUTHORIZED);
        assertThat(call.storedAttempts()).extracting(ProviderAttempt::operation, ProviderAttempt::status)
                .containsExactly(tuple(AttemptOperation.AUTHORIZE, AttemptStatus.SUCCEEDED),
                        tuple(AttemptOperation.REVERSE, AttemptStatus.REQUESTED));
        assertThat(result).isInstanceOf(ReversalResult.Reversed.class);
        assertThat(f.authorizations.findById(authorized.id()).orElseThrow().status())
                .isEqualTo(AuthorizationStatus.REVERSED);
        assertThat(f.attempts.attemptsOf(authorized.id().value())).extracting(ProviderAttempt::status)
                .containsExactly(AttemptStatus.SUCCEEDED, AttemptStatus.SUCCEEDED);
    }

    @Test
    void aFailedReversalLeavesTheAuthorizationAsItWas() {
        AuthorizationView authorized = authorized();
        f.cards.willFailReversing();

        ReversalResult result = f.reverseAuthorization.reverse(new ReverseAuthorizationCommand(authorized.id()));

        assertThat(result).isInstanceOfSatisfying(ReversalResult.Failed.class,
                failed -> assertThat(failed.code()).isEqualTo("01"));
        Authorization stored = f.authorizations.findById(authorized.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(AuthorizationStatus.AUTHORIZED);
        assertThat(stored.failedReversals()).isEqualTo(1);
        assertThat(f.attempts.attemptsOf(authorized.id().value())).extracting(ProviderAttempt::status)
                .containsExactly(AttemptStatus.SUCCEEDED, AttemptStatus.FAILED);
    }

    @Test
    void aReversalThatTimesOutIsAnUnknownAttemptAndTheStatusStays() {
        AuthorizationView authorized = authorized();
        f.cards.willTimeOutReversing();

        ReversalResult result = f.reverseAuthorization.reverse(new ReverseAuthorizationCommand(authorized.id()));

        assertThat(result).isInstanceOf(ReversalResult.Unknown.class);
        assertThat(f.authorizations.findById(authorized.id()).orElseThrow().status())
                .isEqualTo(AuthorizationStatus.AUTHORIZED);
        assertThat(f.attempts.attemptsOf(authorized.id().value())).extracting(ProviderAttempt::status)
                .containsExactly(AttemptStatus.SUCCEEDED, AttemptStatus.UNKNOWN);
    }

    @Test
    void aReversalThatNeverReachedTheProviderMayBeAskedAgain() {
        AuthorizationView authorized = authorized();
        f.cards.willFailBeforeSendingReversal();

        ReversalResult first = f.reverseAuthorization.reverse(new ReverseAuthorizationCommand(authorized.id()));
        ReversalResult again = f.reverseAuthorization.reverse(new ReverseAuthorizationCommand(authorized.id()));

        assertThat(first).isInstanceOf(ReversalResult.NotSent.class);
        assertThat(again).isInstanceOf(ReversalResult.Reversed.class);
        assertThat(f.attempts.attemptsOf(authorized.id().value())).extracting(ProviderAttempt::number)
                .containsExactly(1, 2, 3);
    }

    @Test
    void aRepeatedReversalIsAnsweredFromTheRecord() {
        AuthorizationView authorized = authorized();
        f.reverseAuthorization.reverse(new ReverseAuthorizationCommand(authorized.id()));

        ReversalResult again = f.reverseAuthorization.reverse(new ReverseAuthorizationCommand(authorized.id()));

        assertThat(again).isInstanceOf(ReversalResult.Reversed.class);
        assertThat(f.cards.reverseCount()).isEqualTo(1);
    }

    @Test
    void aDeclinedAuthorizationCannotBeReversed() {
        f.cards.willDecline("05", "No aceptada");
        AuthorizationView declined = f.authorizeCard.authorize(aCardAuthorization().build()).authorization();

        assertThatThrownBy(() -> f.reverseAuthorization.reverse(new ReverseAuthorizationCommand(declined.id())))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("DECLINED");

        assertThat(f.cards.reverseCount()).isZero();
    }

    @Test
    void anUnknownIdIsNotFound() {
        AuthorizationId nobody = new AuthorizationId(UUID.randomUUID());

        assertThatThrownBy(() -> f.reverseAuthorization.reverse(new ReverseAuthorizationCommand(nobody)))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining(nobody.toString());
    }

    private AuthorizationView authorized() {
        return f.authorizeCard.authorize(aCardAuthorization().build()).authorization();
    }
}
