package dev.cobro.domain.authorization;

import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.TestData;
import dev.cobro.domain.authorization.Authorization.ProviderResponse;
import dev.cobro.domain.shared.IllegalTransitionException;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.StatusChange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
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
import static dev.cobro.domain.authorization.AuthorizationStatus.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every cell of the status x status matrix, against the table ARCHITECTURE.md draws (written out here). */
class AuthorizationTransitionsTest {

    private static final Instant T1 = T0.plusSeconds(45);
    private static final Clock LATER = clockAt(T1);
    private static final ProviderResponse APPROVED =
            new ProviderResponse("tx-1", "123456", "00", "Aprobado", "es_PE", null);
    private static final ProviderResponse INSUFFICIENT_FUNDS =
            new ProviderResponse("tx-1", null, "51", "Fondos insuficientes", "es_PE", null);

    /**
     * ARCHITECTURE.md's diagram, copied by hand: the production table must agree with it. Every status has
     * its row, final ones an explicit empty one, so a status added to the enum without a row here fails.
     */
    private static final Map<AuthorizationStatus, Set<AuthorizationStatus>> EXPECTED = new EnumMap<>(Map.of(
            REQUESTED, EnumSet.of(AUTHORIZED, DECLINED, REJECTED, NOT_SENT, UNKNOWN),
            AUTHORIZED, EnumSet.of(REVERSED),
            UNKNOWN, EnumSet.of(REVERSED, AUTHORIZED, DECLINED, NEEDS_REVIEW),
            NOT_SENT, EnumSet.of(REQUESTED),
            DECLINED, EnumSet.noneOf(AuthorizationStatus.class),
            REJECTED, EnumSet.noneOf(AuthorizationStatus.class),
            REVERSED, EnumSet.noneOf(AuthorizationStatus.class),
            NEEDS_REVIEW, EnumSet.noneOf(AuthorizationStatus.class)));

    /** The event method that leads to each status. */
    private static final Map<AuthorizationStatus, BiConsumer<Authorization, Clock>> EVENT = new EnumMap<>(Map.of(
            REQUESTED, (a, c) -> a.retry(c),
            AUTHORIZED, (a, c) -> a.authorize(APPROVED, c),
            DECLINED, (a, c) -> a.decline(INSUFFICIENT_FUNDS, c),
            REJECTED, (a, c) -> a.reject("400 validation", c),
            NOT_SENT, (a, c) -> a.notSent("connection refused", c),
            UNKNOWN, (a, c) -> a.unknown("read timed out", c),
            REVERSED, (a, c) -> a.reverse("reversed on request", c),
            NEEDS_REVIEW, (a, c) -> a.needsReview("the timeout reversal failed 5 times", c)));

    static Stream<Arguments> allowed() {
        return pairs(true);
    }

    static Stream<Arguments> forbidden() {
        return pairs(false);
    }

    private static Stream<Arguments> pairs(boolean allowed) {
        // Over the rows written out above, not over the enum: a status missing here is caught below.
        return EXPECTED.keySet().stream()
                .flatMap(from -> EXPECTED.keySet().stream()
                        .filter(to -> EXPECTED.get(from).contains(to) == allowed)
                        .map(to -> Arguments.of(from, to)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("allowed")
    void anAllowedTransitionMovesAndIsRecordedWithItsTimeAndReason(AuthorizationStatus from, AuthorizationStatus to) {
        Authorization authorization = authorizationIn(from);

        EVENT.get(to).accept(authorization, LATER);

        assertThat(authorization.status()).isEqualTo(to);
        assertThat(authorization.updatedAt()).isEqualTo(T1);
        List<StatusChange<AuthorizationStatus>> changes = authorization.statusChanges();
        StatusChange<AuthorizationStatus> last = changes.get(changes.size() - 1);
        assertThat(last.from()).isEqualTo(from);
        assertThat(last.to()).isEqualTo(to);
        assertThat(last.at()).isEqualTo(T1);
        assertThat(last.reason()).isNotBlank();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("forbidden")
    void aForbiddenTransitionRaisesAndChangesNothing(AuthorizationStatus from, AuthorizationStatus to) {
        Authorization authorization = authorizationIn(from);

        assertThatThrownBy(() -> EVENT.get(to).accept(authorization, LATER))
                .isInstanceOfSatisfying(IllegalTransitionException.class, e -> {
                    assertThat(e.from()).isEqualTo(from.name());
                    assertThat(e.to()).isEqualTo(to.name());
                })
                .hasMessageContaining(from.name())
                .hasMessageContaining(to.name());
        assertThat(authorization.status()).isEqualTo(from);
        assertThat(authorization.updatedAt()).isEqualTo(T0);
        assertThat(authorization.statusChanges()).hasSize(1);
        assertThat(authorization.response()).isEqualTo(ProviderResponse.NONE);
    }

    @Test
    void theMatrixCoversEveryPairOfTheEnumOnce() {
        Set<List<AuthorizationStatus>> everyPair = new HashSet<>();
        for (AuthorizationStatus from : AuthorizationStatus.values()) {
            for (AuthorizationStatus to : AuthorizationStatus.values()) {
                everyPair.add(List.of(from, to));
            }
        }
        List<List<AuthorizationStatus>> tested = Stream.concat(allowed(), forbidden())
                .map(a -> List.of((AuthorizationStatus) a.get()[0], (AuthorizationStatus) a.get()[1])).toList();

        assertThat(tested).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(everyPair);
        assertThat(EVENT.keySet()).as("an event leads to every status")
                .isEqualTo(EnumSet.allOf(AuthorizationStatus.class));
    }

    @Test
    void theProductionTableIsTheDesignedOne() {
        for (AuthorizationStatus from : AuthorizationStatus.values()) {
            assertThat(AuthorizationStatus.TRANSITIONS.targetsOf(from)).as("from %s", from)
                    .containsExactlyInAnyOrderElementsOf(EXPECTED.getOrDefault(from, Set.of()));
        }
    }

    @Test
    void anApprovalKeepsTheProvidersResponseAndCode() {
        Authorization authorization = authorizationIn(REQUESTED);

        authorization.authorize(APPROVED, LATER);

        assertThat(authorization.response()).isEqualTo(APPROVED);
        assertThat(authorization.statusChanges().get(1).reason()).contains("00");
    }

    @Test
    void aDeclineIsAnOutcomeWithItsCodeAndMessage() {
        Authorization authorization = authorizationIn(REQUESTED);

        authorization.decline(INSUFFICIENT_FUNDS, LATER);

        assertThat(authorization.status()).isEqualTo(DECLINED);
        assertThat(authorization.response().responseCode()).isEqualTo("51");
        assertThat(authorization.statusChanges().get(1).reason()).contains("51").contains("Fondos insuficientes");
    }

    @ParameterizedTest
    @EnumSource(value = AuthorizationStatus.class, names = {"AUTHORIZED", "UNKNOWN"})
    void aFailedReversalKeepsTheStatusAndCountsTheFailure(AuthorizationStatus status) {
        Authorization authorization = authorizationIn(status);

        authorization.reversalFailed(LATER);
        authorization.reversalFailed(LATER);

        assertThat(authorization.status()).isEqualTo(status);
        assertThat(authorization.failedReversals()).isEqualTo(2);
        assertThat(authorization.statusChanges()).hasSize(1);
        assertThat(authorization.updatedAt()).isEqualTo(T1);
    }

    @Test
    void aNewAuthorizationIsRequestedWithItsCreationRecorded() {
        Authorization authorization = Authorization.request(new AuthorizationId(UUID.randomUUID()),
                ProviderId.PAYME, new OperationNumber("123456"), TestData.authorizationDetails(), "fp", clockAt(T0));

        assertThat(authorization.status()).isEqualTo(REQUESTED);
        assertThat(authorization.createdAt()).isEqualTo(T0);
        assertThat(authorization.statusChanges())
                .containsExactly(new StatusChange<>(null, REQUESTED, "requested", T0));
        assertThat(authorization.failedReversals()).isZero();
        assertThat(authorization.response()).isEqualTo(ProviderResponse.NONE);
    }

    private static Authorization authorizationIn(AuthorizationStatus status) {
        return Authorization.restore(new AuthorizationSnapshot(new AuthorizationId(UUID.randomUUID()),
                ProviderId.PAYME, AccountId.DEFAULT, new OperationNumber("123456"), TestData.authorizationDetails(),
                "fp", status, ProviderResponse.NONE, 0, T0, T0,
                List.of(new StatusChange<>(null, status, "restored", T0)), 1));
    }
}
