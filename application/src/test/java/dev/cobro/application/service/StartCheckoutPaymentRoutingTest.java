package dev.cobro.application.service;

import dev.cobro.application.fakes.ControllableClock;
import dev.cobro.application.fakes.FakeCheckoutProvider;
import dev.cobro.application.fakes.InMemoryAttemptLog;
import dev.cobro.application.fakes.InMemoryPaymentStore;
import dev.cobro.application.port.in.CheckoutPaymentResult;
import dev.cobro.application.port.in.ProviderNotConfiguredException;
import dev.cobro.application.port.in.StartCheckoutPaymentCommand;
import dev.cobro.application.port.out.HostedCheckoutProviderPort;
import dev.cobro.application.port.out.MetricsPort;
import dev.cobro.application.port.out.ProviderUnavailableException;
import dev.cobro.domain.attempt.AttemptStatus;
import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.payment.Country;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.ProviderId;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.cobro.application.fakes.CheckoutCommandBuilder.aCheckoutCommand;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * Routing of checkouts that name no provider: which outcomes let the next provider of the route be
 * tried (only those that provably created nothing) and what the payment and its attempts record.
 */
class StartCheckoutPaymentRoutingTest {

    static final ProviderId ALPHA = ProviderId.of("alpha");
    static final ProviderId BETA = ProviderId.of("beta");

    final ControllableClock clock = new ControllableClock();
    final InMemoryAttemptLog attempts = new InMemoryAttemptLog();
    final InMemoryPaymentStore payments = new InMemoryPaymentStore(attempts);
    final FakeCheckoutProvider alpha = new FakeCheckoutProvider(ALPHA);
    final FakeCheckoutProvider beta = new FakeCheckoutProvider(BETA);
    final NotificationSigner signer = new NotificationSigner((provider, account) ->
            NotificationSigner.KeyRing.single("cobro-test-notification-signing-key".getBytes(StandardCharsets.UTF_8)));
    final StartCheckoutPaymentService service = service(Map.of(new Country("MEX"), List.of(ALPHA, BETA)));

    StartCheckoutPaymentService service(Map<Country, List<ProviderId>> routes) {
        return new StartCheckoutPaymentService(new ProviderRegistry<>("hosted checkout", List.of(alpha, beta),
                HostedCheckoutProviderPort::providerId), payments, attempts, signer, MetricsPort.NONE,
                new CheckoutRoutes(routes), UUID::randomUUID, clock);
    }

    static StartCheckoutPaymentCommand routed() {
        return aCheckoutCommand().withProvider(null).build();
    }

    List<ProviderAttempt> attemptsOf(CheckoutPaymentResult result) {
        return attempts.attemptsOf(result.payment().id().value());
    }

    @Test
    void theNextProviderIsTriedWhenTheFirstCouldNotBeReachedWhilePreparing() {
        alpha.willBeUnreachableWhenPreparing();

        CheckoutPaymentResult result = service.start(routed());

        assertThat(result.payment().status()).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
        assertThat(result.payment().provider()).isEqualTo(BETA);
        assertThat(result.triedProviders()).containsExactly(ALPHA, BETA);
        assertThat(attemptsOf(result)).extracting(ProviderAttempt::provider, ProviderAttempt::number,
                ProviderAttempt::status).containsExactly(tuple(ALPHA, 1, AttemptStatus.NOT_SENT),
                tuple(BETA, 2, AttemptStatus.SUCCEEDED));
        assertThat(attemptsOf(result).get(0).request()).as("nothing was built for alpha").isNull();
        assertThat(result.payment().statusChanges()).extracting(change -> change.to()).containsExactly(
                PaymentStatus.REQUESTED, PaymentStatus.NOT_SENT, PaymentStatus.REQUESTED,
                PaymentStatus.AWAITING_CUSTOMER);
        assertThat(alpha.chargeCount()).isZero();
        assertThat(beta.chargeCount()).isEqualTo(1);
    }

    @Test
    void theNextProviderIsTriedWhenTheFirstRefusedCobrosCredentialsWhilePreparing() {
        alpha.willRefuseCredentialsWhenPreparing();

        CheckoutPaymentResult result = service.start(routed());

        assertThat(result.payment().provider()).isEqualTo(BETA);
        assertThat(result.payment().status()).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
    }

    @Test
    void theNextProviderIsTriedAfterNotSent() {
        alpha.willFailBeforeSending();

        CheckoutPaymentResult result = service.start(routed());

        assertThat(result.payment().provider()).isEqualTo(BETA);
        assertThat(result.triedProviders()).containsExactly(ALPHA, BETA);
        assertThat(alpha.chargeCount()).isEqualTo(1);
        assertThat(beta.chargeCount()).isEqualTo(1);
    }

    @Test
    void neverAfterUnknown() {
        alpha.willTimeOut();

        CheckoutPaymentResult result = service.start(routed());

        assertThat(result.payment().status()).isEqualTo(PaymentStatus.UNKNOWN);
        assertThat(result.payment().provider()).isEqualTo(ALPHA);
        assertThat(result.triedProviders()).containsExactly(ALPHA);
        assertThat(beta.chargeCount()).isZero();
        assertThat(beta.preparedCharges()).isEmpty();
    }

    @Test
    void neverAfterARejectedCharge() {
        alpha.willReject("amount below the minimum");

        CheckoutPaymentResult result = service.start(routed());

        assertThat(result.payment().status()).isEqualTo(PaymentStatus.REJECTED);
        assertThat(result.payment().provider()).isEqualTo(ALPHA);
        assertThat(beta.chargeCount()).isZero();
    }

    @Test
    void aReplayAfterAFallbackAnswersTheRecordAndCallsNobody() {
        alpha.willFailBeforeSending();
        StartCheckoutPaymentCommand command = routed();
        CheckoutPaymentResult first = service.start(command);

        CheckoutPaymentResult replay = service.start(command);

        assertThat(replay).isInstanceOf(CheckoutPaymentResult.Replayed.class);
        assertThat(replay.payment().id()).isEqualTo(first.payment().id());
        assertThat(replay.payment().provider()).isEqualTo(BETA);
        assertThat(replay.triedProviders()).containsExactly(ALPHA, BETA);
        assertThat(alpha.chargeCount()).isEqualTo(1);
        assertThat(beta.chargeCount()).isEqualTo(1);
    }

    @Test
    void aRoutedPaymentNothingReachedIsSentAgainFromTheStartOfItsRoute() {
        alpha.willFailBeforeSending();
        beta.willFailBeforeSending();
        StartCheckoutPaymentCommand command = routed();
        CheckoutPaymentResult first = service.start(command);
        assertThat(first.payment().status()).isEqualTo(PaymentStatus.NOT_SENT);
        assertThat(first.payment().provider()).isEqualTo(BETA);

        CheckoutPaymentResult again = service.start(command);

        assertThat(again.payment().id()).isEqualTo(first.payment().id());
        assertThat(again.payment().status()).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
        assertThat(again.payment().provider()).isEqualTo(ALPHA);
        assertThat(attemptsOf(again)).extracting(ProviderAttempt::provider).containsExactly(ALPHA, BETA, ALPHA);
    }

    @Test
    void aPreparationFailureAtTheLastProviderIsTheCheckoutsErrorAndTheSameRequestLaterStartsTheRouteAgain() {
        alpha.willBeUnreachableWhenPreparing();
        beta.willBeUnreachableWhenPreparing();
        StartCheckoutPaymentCommand command = routed();

        assertThatThrownBy(() -> service.start(command)).isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("token endpoint unreachable");
        var stored = payments.findRoutedByMerchantReference(command.merchantReference()).orElseThrow();
        assertThat(stored.status()).isEqualTo(PaymentStatus.NOT_SENT);
        assertThat(attempts.attemptsOf(stored.id().value())).extracting(ProviderAttempt::provider,
                ProviderAttempt::status).containsExactly(tuple(ALPHA, AttemptStatus.NOT_SENT));

        CheckoutPaymentResult again = service.start(command);

        assertThat(again.payment().id()).isEqualTo(stored.id());
        assertThat(again.payment().provider()).isEqualTo(ALPHA);
        assertThat(again.payment().status()).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
    }

    @Test
    void aCheckoutNamingItsProviderIsNeverRouted() {
        alpha.willBeUnreachableWhenPreparing();

        assertThatThrownBy(() -> service.start(aCheckoutCommand().withProvider("alpha").build()))
                .isInstanceOf(ProviderUnavailableException.class);
        assertThat(beta.preparedCharges()).isEmpty();
    }

    @Test
    void aNamedAndARoutedCheckoutKeepTheirOwnKeys() {
        StartCheckoutPaymentCommand routed = routed();
        CheckoutPaymentResult first = service.start(routed);
        StartCheckoutPaymentCommand named = aCheckoutCommand().withProvider("alpha")
                .withMerchantReference(routed.merchantReference().value()).build();

        CheckoutPaymentResult other = service.start(named);

        assertThat(other).isInstanceOf(CheckoutPaymentResult.Created.class);
        assertThat(other.payment().id()).isNotEqualTo(first.payment().id());
    }

    @Test
    void aRouteNamingAnUnconfiguredProviderIsRefusedAtStartUp() {
        assertThatThrownBy(() -> service(Map.of(new Country("MEX"), List.of(ALPHA, ProviderId.of("gamma")))))
                .isInstanceOf(ProviderNotConfiguredException.class)
                .hasMessageContaining("the route of MEX names provider 'gamma'")
                .hasMessageContaining("[alpha, beta]");
    }

    @Test
    void withoutARouteACountryServedByTwoProvidersNeedsTheCheckoutToNameOne() {
        assertThatThrownBy(() -> service(Map.of()).start(routed()))
                .isInstanceOf(ProviderNotConfiguredException.class)
                .hasMessageContaining("names no provider and country MEX has no route");
        assertThat(alpha.preparedCharges()).isEmpty();
    }

    @Test
    void withoutARouteTheOneProviderConfiguredServesTheCheckoutUnderTheKeyOfANamedOne() {
        StartCheckoutPaymentService alphaOnly = new StartCheckoutPaymentService(new ProviderRegistry<>(
                "hosted checkout", List.of(alpha), HostedCheckoutProviderPort::providerId), payments, attempts, signer,
                MetricsPort.NONE, CheckoutRoutes.NONE, UUID::randomUUID, clock);
        StartCheckoutPaymentCommand unnamed = routed();
        CheckoutPaymentResult first = alphaOnly.start(unnamed);

        // The same request naming the provider, as it was sent before routes existed, is the same checkout.
        CheckoutPaymentResult named = alphaOnly.start(aCheckoutCommand().withProvider("alpha")
                .withMerchantReference(unnamed.merchantReference().value()).build());

        assertThat(first).isInstanceOf(CheckoutPaymentResult.Created.class);
        assertThat(first.payment().provider()).isEqualTo(ALPHA);
        assertThat(named).isInstanceOf(CheckoutPaymentResult.Replayed.class);
        assertThat(named.payment().id()).isEqualTo(first.payment().id());
        assertThat(alpha.chargeCalls()).hasSize(1);
    }
}
