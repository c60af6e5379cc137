package dev.cobro.adapters.http.payme;

import dev.cobro.application.fakes.InMemoryAttemptLog;
import dev.cobro.application.fakes.InMemoryAuthorizationStore;
import dev.cobro.application.fakes.InMemoryPaymentStore;
import dev.cobro.application.port.in.AuthorizationResult;
import dev.cobro.application.port.in.AuthorizeCardCommand;
import dev.cobro.application.port.in.ResolutionReport;
import dev.cobro.application.port.in.ResolveUnknownOutcomesCommand;
import dev.cobro.application.port.out.CardAuthorizationProviderPort;
import dev.cobro.application.service.AuthorizeCardService;
import dev.cobro.application.service.ProviderRegistry;
import dev.cobro.application.service.ResolveUnknownOutcomesService;
import dev.cobro.application.service.ResolverSettings;
import dev.cobro.application.service.TokenHasher;
import dev.cobro.domain.attempt.AttemptOperation;
import dev.cobro.domain.attempt.AttemptStatus;
import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.authorization.AuthorizationStatus;
import dev.cobro.domain.authorization.Channel;
import dev.cobro.domain.authorization.OperationNumber;
import dev.cobro.domain.shared.Description;
import dev.cobro.domain.shared.Money;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.application.port.out.TransactionStatus;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A charge that times out after sending is UNKNOWN, and the real resolver reverses it: the
 * timeout reversal card networks use, through the application's own services.
 */
class PaymeTimeoutReversalIT extends PaymeHttpFixture {

    @Test
    void anAuthorizationThatTimesOutIsUnknownAndThenReversedByTheResolver() {
        stubToken(accessToken(1), 86400);
        payme.stubFor(charge().willReturn(json(200, approvedResponse()).withFixedDelay(NO_ANSWER_MS)));
        payme.stubFor(reversalOf("123456").willReturn(json(200, reversedResponse("123456"))));
        PaymeCardAuthorizationAdapter adapter = new PaymeCardAuthorizationAdapter(settings(IMPATIENT), clock);
        ProviderRegistry<CardAuthorizationProviderPort> providers = new ProviderRegistry<>("card authorization",
                List.of(adapter), CardAuthorizationProviderPort::providerId);
        InMemoryAuthorizationStore store = new InMemoryAuthorizationStore();
        InMemoryAttemptLog attemptLog = store.attemptLog();
        AuthorizeCardService authorizeCard = new AuthorizeCardService(providers, store, attemptLog,
                () -> OperationNumber.of(999), new TokenHasher("a test key of 32 bytes, no more.".getBytes(
                StandardCharsets.UTF_8)), UUID::randomUUID, clock);
        // No checkout payments here: the resolver has none to expire, only the Pay-me authorization.
        ResolveUnknownOutcomesService resolver = new ResolveUnknownOutcomesService(providers,
                new InMemoryPaymentStore(attemptLog), store, attemptLog, new ResolverSettings(Duration.ZERO, Duration.ofMinutes(5), 5, Duration.ofHours(72)),
                UUID::randomUUID, clock);

        AuthorizationResult result = authorizeCard.authorize(new AuthorizeCardCommand(ProviderId.PAYME,
                new OperationNumber("123456"), Channel.ECOMMERCE, Money.of("10.00", "PEN"),
                AuthorizeCardCommand.CardData.card(PaymeTestData.SEED_PAN, PaymeTestData.SEED_EXPIRY,
                        PaymeTestData.SEED_CARD_CVV),
                PaymeTestData.seedCardHolder(), PaymeTestData.seedBilling(), null,
                new Description("Descripcion de la transaccion"), PaymeTestData.seedAdditionalFields(), null));

        assertThat(result.authorization().status()).isEqualTo(AuthorizationStatus.UNKNOWN);
        List<ProviderAttempt> afterTimeout = attemptLog.attemptsOf(result.authorization().id().value());
        assertThat(afterTimeout).singleElement().satisfies(attempt -> {
            assertThat(attempt.status()).isEqualTo(AttemptStatus.UNKNOWN);
            assertThat(attempt.request()).contains("485951******0051").doesNotContain(PaymeTestData.SEED_PAN);
        });

        clock.advance(Duration.ofSeconds(1));
        ResolutionReport report = resolver.resolve(ResolveUnknownOutcomesCommand.DEFAULT);

        assertThat(store.findById(result.authorization().id())).get()
                .satisfies(a -> assertThat(a.status()).isEqualTo(AuthorizationStatus.REVERSED));
        assertThat(report.changes()).singleElement().satisfies(change -> {
            assertThat(change.from()).isEqualTo(TransactionStatus.UNKNOWN);
            assertThat(change.to()).isEqualTo(TransactionStatus.REVERSED);
        });
        List<ProviderAttempt> attempts = attemptLog.attemptsOf(result.authorization().id().value());
        assertThat(attempts).extracting(ProviderAttempt::operation, ProviderAttempt::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple(AttemptOperation.AUTHORIZE, AttemptStatus.UNKNOWN),
                org.assertj.core.groups.Tuple.tuple(AttemptOperation.REVERSE, AttemptStatus.SUCCEEDED));
        assertThat(attempts.get(1).request()).isEqualTo("DELETE /charges/123456");
        payme.verify(1, postRequestedFor(urlEqualTo(CHARGES_PATH)));
        payme.verify(1, deleteRequestedFor(urlEqualTo(CHARGES_PATH + "/123456")));
    }
}
