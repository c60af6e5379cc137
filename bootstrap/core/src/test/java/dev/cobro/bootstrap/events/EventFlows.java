package dev.cobro.bootstrap.events;

import dev.cobro.adapters.http.eightyeightpay.EightyEightPaySettings;
import dev.cobro.adapters.http.payme.PaymeSettings;
import dev.cobro.adapters.http.support.HttpTimeouts;
import dev.cobro.application.port.in.AuthorizationResult;
import dev.cobro.application.port.in.CheckoutPaymentResult;
import dev.cobro.application.port.in.RecordPaymentNotificationCommand;
import dev.cobro.application.port.in.ResolveUnknownOutcomesCommand;
import dev.cobro.application.port.in.ReverseAuthorizationCommand;
import dev.cobro.application.service.ResolverSettings;
import dev.cobro.bootstrap.Cobro;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.testkit.ProviderSandbox;
import dev.cobro.testkit.SandboxNotification;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.cobro.application.fakes.CardAuthorizationBuilder.aCardAuthorization;
import static dev.cobro.application.fakes.CheckoutCommandBuilder.aCheckoutCommand;

/**
 * The flows whose outcome events the tests check: a checkout settled by its notification, an
 * approved and a declined authorization, a reversal, and a checkout the resolver expires (the
 * resolver settings below expire every checkout still waiting). Each returns its subject's id.
 */
final class EventFlows {

    /** Expires every open checkout at once; reverses nothing and closes no attempt within the tests. */
    static final ResolverSettings EXPIRE_AT_ONCE =
            new ResolverSettings(Duration.ofHours(1), Duration.ofHours(1), 5, Duration.ZERO);

    private EventFlows() {
    }

    static Cobro.Builder cobroOn(ProviderSandbox sandbox) {
        return Cobro.builder()
                .eightyEightPay(EightyEightPaySettings.defaults(sandbox.eightyEightPayBaseUrl(),
                        ProviderSandbox.DEFAULT_88PAY_API_KEY, ProviderSandbox.DEFAULT_88PAY_MERCHANT_ID))
                .payme(PaymeSettings.defaults(sandbox.paymeAuthUrl(), sandbox.paymeApiUrl(),
                                ProviderSandbox.DEFAULT_PAYME_CLIENT_ID, ProviderSandbox.DEFAULT_PAYME_CLIENT_SECRET)
                        // Generous for a loaded machine; still well short of the no-answer hold (30 s) of the tests.
                        .withTimeouts(new HttpTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10))))
                .resolverSettings(EXPIRE_AT_ONCE);
    }

    /** The subjects of one run of every flow, by what happened to them. */
    record Subjects(UUID paid, UUID approvedThenReversed, UUID declined, UUID expired) {
        List<UUID> all() {
            return List.of(paid, approvedThenReversed, declined, expired);
        }
    }

    static Subjects runAll(Cobro cobro, ProviderSandbox sandbox) {
        String paidReference = "ev-paid-" + UUID.randomUUID();
        CheckoutPaymentResult paid = cobro.checkoutPayments().start(aCheckoutCommand()
                .withMerchantReference(paidReference).withAmount("101.00").build());
        // The sandbox's webhook as it would arrive: Cobro's signed URL, the body and 88Pay's bearer.
        SandboxNotification webhook = sandbox.notification(paid.payment().checkoutUrl(), "COMPLETED");
        cobro.notifications().record(new RecordPaymentNotificationCommand(ProviderId.EIGHTY_EIGHT_PAY,
                webhook.url(), webhook.body(), webhook.headers()));

        AuthorizationResult approved = cobro.cardAuthorizations().authorize(aCardAuthorization()
                .withCard(ProviderSandbox.CARD_APPROVED_VISA, "1230", "123").build());
        AuthorizationResult declined = cobro.cardAuthorizations().authorize(aCardAuthorization()
                .withCard(ProviderSandbox.CARD_DECLINED, "1230", "123").build());
        cobro.reversals().reverse(new ReverseAuthorizationCommand(approved.authorization().id()));

        CheckoutPaymentResult waiting = cobro.checkoutPayments().start(aCheckoutCommand()
                .withMerchantReference("ev-expired-" + UUID.randomUUID()).withAmount("102.00").build());
        cobro.resolver().resolve(ResolveUnknownOutcomesCommand.DEFAULT);

        return new Subjects(paid.payment().id().value(), approved.authorization().id().value(),
                declined.authorization().id().value(), waiting.payment().id().value());
    }

    /** Runs {@code deliverPending()} until a run delivers nothing more. */
    static int deliverAll(Cobro cobro) {
        int delivered = 0;
        for (int runs = 0; runs < 100; runs++) {
            int now = cobro.events().deliverPending().delivered();
            if (now == 0) {
                return delivered;
            }
            delivered += now;
        }
        throw new AssertionError("still delivering after 100 runs");
    }

    static <T> List<T> copy(List<T> list) {
        synchronized (list) {
            return new ArrayList<>(list);
        }
    }
}
