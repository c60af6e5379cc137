package dev.cobro.adapters.persistence;

import dev.cobro.application.port.out.CardAuthorizationProviderPort;
import dev.cobro.application.port.out.HostedCheckoutProviderPort;
import dev.cobro.application.service.AuthorizeCardService;
import dev.cobro.application.service.NotificationSigner;
import dev.cobro.application.service.ProviderRegistry;
import dev.cobro.application.service.ReverseAuthorizationService;
import dev.cobro.application.service.StartCheckoutPaymentService;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** The real application services, wired as bootstrap would, on one CobroPersistence. */
final class Services {

    static final NotificationSigner SIGNER = new NotificationSigner((provider, account) ->
            NotificationSigner.KeyRing.single("persistence-test-signing-key-0123"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)));

    private Services() {
    }

    static StartCheckoutPaymentService checkout(CobroPersistence p, HostedCheckoutProviderPort provider, Clock clock) {
        return new StartCheckoutPaymentService(new ProviderRegistry<>("hosted checkout", List.of(provider),
                HostedCheckoutProviderPort::providerId), p.payments(), p.attempts(), SIGNER, UUID::randomUUID, clock);
    }

    static AuthorizeCardService authorize(CobroPersistence p, CardAuthorizationProviderPort provider, Clock clock) {
        return new AuthorizeCardService(cards(provider), p.authorizations(), p.attempts(), p.operationNumbers(),
                TestData.HASHER, UUID::randomUUID, clock);
    }

    static ReverseAuthorizationService reverse(CobroPersistence p, CardAuthorizationProviderPort provider, Clock clock) {
        return new ReverseAuthorizationService(cards(provider), p.authorizations(), p.attempts(), UUID::randomUUID,
                clock);
    }

    private static ProviderRegistry<CardAuthorizationProviderPort> cards(CardAuthorizationProviderPort provider) {
        return new ProviderRegistry<>("card authorization", List.of(provider), CardAuthorizationProviderPort::providerId);
    }
}
