package dev.cobro.application.service;

import dev.cobro.application.fakes.ControllableClock;
import dev.cobro.application.fakes.FakeCardProvider;
import dev.cobro.application.fakes.FakeCheckoutProvider;
import dev.cobro.application.fakes.InMemoryAttemptLog;
import dev.cobro.application.fakes.InMemoryAuthorizationStore;
import dev.cobro.application.fakes.InMemoryPaymentStore;
import dev.cobro.application.fakes.InMemoryTransactionHistory;
import dev.cobro.application.fakes.SequenceOperationNumbers;
import dev.cobro.application.fakes.TestCards;
import dev.cobro.application.port.out.CardAuthorizationProviderPort;
import dev.cobro.application.port.out.HostedCheckoutProviderPort;
import dev.cobro.application.port.out.NotificationAuthenticityPort;
import dev.cobro.domain.payment.Payment;
import dev.cobro.domain.shared.ProviderId;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/** The application services wired to the in-memory fakes, one fresh set per test. */
final class ServiceFixture {

    static final ResolverSettings SETTINGS =
            new ResolverSettings(Duration.ofMinutes(1), Duration.ofMinutes(5), 3, Duration.ofHours(72));

    final ControllableClock clock = new ControllableClock();
    final Supplier<UUID> ids = UUID::randomUUID;
    final InMemoryAttemptLog attempts = new InMemoryAttemptLog();
    final InMemoryPaymentStore payments = new InMemoryPaymentStore(attempts);
    final InMemoryAuthorizationStore authorizations = new InMemoryAuthorizationStore(attempts);
    final InMemoryTransactionHistory history = new InMemoryTransactionHistory(payments, authorizations);
    final SequenceOperationNumbers operationNumbers = new SequenceOperationNumbers();
    /** The key Cobro signs notification URLs with in these tests. */
    static final byte[] SIGNING_KEY = "cobro-test-notification-signing-key".getBytes(StandardCharsets.UTF_8);
    final NotificationSigner signer = new NotificationSigner((provider, account) ->
            NotificationSigner.KeyRing.single(SIGNING_KEY));
    final TokenHasher tokenHasher = new TokenHasher(TestCards.TOKEN_HASH_KEY);
    final FakeCheckoutProvider checkout = new FakeCheckoutProvider(ProviderId.EIGHTY_EIGHT_PAY, payments, attempts);
    final FakeCardProvider cards = new FakeCardProvider(ProviderId.PAYME, authorizations, attempts);

    final ProviderRegistry<HostedCheckoutProviderPort> checkoutProviders =
            new ProviderRegistry<>("hosted checkout", List.of(checkout), HostedCheckoutProviderPort::providerId);
    final ProviderRegistry<CardAuthorizationProviderPort> cardProviders =
            new ProviderRegistry<>("card", List.of(cards), CardAuthorizationProviderPort::providerId);

    final StartCheckoutPaymentService startCheckout =
            new StartCheckoutPaymentService(checkoutProviders, payments, attempts, signer, ids, clock);
    /** The default: unverified notifications change nothing; no provider proof configured. */
    final RecordPaymentNotificationService recordNotification = recording(List.of(), false);
    final AuthorizeCardService authorizeCard = new AuthorizeCardService(cardProviders, authorizations, attempts,
            operationNumbers, tokenHasher, ids, clock);
    final ReverseAuthorizationService reverseAuthorization =
            new ReverseAuthorizationService(cardProviders, authorizations, attempts, ids, clock);
    final ResolveUnknownOutcomesService resolver = new ResolveUnknownOutcomesService(cardProviders, payments,
            authorizations, attempts, SETTINGS, ids, clock);
    final QueryTransactionHistoryService queryHistory = new QueryTransactionHistoryService(history);

    /** The notification use case with the providers' proofs given and unverified notifications accepted or not. */
    RecordPaymentNotificationService recording(List<NotificationAuthenticityPort> proofs, boolean acceptUnverified) {
        return new RecordPaymentNotificationService(checkoutProviders, payments, signer, proofs, acceptUnverified, ids,
                clock);
    }

    /** The URL 88Pay calls for {@code payment}: the one the charge carried. */
    String notificationUrlOf(Payment payment) {
        return signer.signedUrl(payment.details().notificationUrl().value(), payment.provider(),
                dev.cobro.domain.shared.AccountId.DEFAULT.value(), payment.id());
    }
}
