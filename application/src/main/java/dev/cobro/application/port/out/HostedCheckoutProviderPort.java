package dev.cobro.application.port.out;

import dev.cobro.domain.payment.Country;
import dev.cobro.domain.payment.PaymentId;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.ProviderId;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A hosted-checkout provider (88Pay first): the customer pays on the provider's page, and a
 * notification later settles the payment.
 */
public interface HostedCheckoutProviderPort {

    ProviderId providerId();

    /** The provider account this adapter instance serves (its own credentials and token). */
    default AccountId account() {
        return AccountId.DEFAULT;
    }

    /** The countries (ISO alpha-3) whose checkouts go through this account when they name none. */
    default Set<Country> countries() {
        return Set.of();
    }

    /**
     * Builds the charge and its redacted body before anything is recorded; may obtain a provider
     * session, which the charges of its window share (notifications name their payment by Cobro's
     * signed URL, so a shared session is no ambiguity). Throws {@link ProviderUnavailableException} when the provider cannot be reached to
     * prepare (nothing is recorded then) and {@link ProviderConfigurationException} when it refuses
     * the credentials.
     */
    PreparedCharge prepareCharge(CheckoutCharge charge);

    /**
     * Sends a prepared charge. Never throws for a provider's answer: every answer is an outcome. The
     * session it last went out under is then {@code prepared.sessionId()}.
     */
    ProviderOutcome<CheckoutCreated> charge(PreparedCharge prepared);

    /**
     * Reads a notification body. Throws {@link dev.cobro.domain.shared.ValidationException} when it is
     * not a notification of this provider at all.
     */
    ParsedNotification parseNotification(String body);

    /**
     * The notification body as it may be stored: what it carries that names a provider session
     * (88Pay's {@code transaction_id}) masked, since the session is kept only in its column.
     */
    default String redactedNotificationBody(String body) {
        return body;
    }

    /**
     * Confirms a notification whose authenticity already holds (Cobro's signed URL and the provider's
     * own proof): a provider whose notifications only name what changed answers what its API says
     * about it, and only that counts. {@code url} is the URL the notification was received on, with
     * its query. The default trusts the proven body as it is. Throws
     * {@link ProviderUnavailableException} when the provider cannot be asked: nothing changes then.
     */
    default ParsedNotification confirm(ParsedNotification notification, String url) {
        return notification;
    }

    /**
     * Asks the provider's API about the payments made on a checkout that stayed open with no
     * notification (a lost webhook, a creation whose answer was lost): each read as {@link #confirm}
     * reads one, newest first, so that it is judged exactly as a confirmed notification would be. An
     * empty list: the provider has no payment of the checkout. The default, {@link Optional#empty()}:
     * this provider cannot be asked, and the checkout waits for its notification or its expiry. Throws
     * {@link ProviderUnavailableException} when the provider could not be asked: nothing changes then.
     *
     * @param payment           Cobro's payment of the checkout
     * @param providerReference the provider's reference of the checkout, or null when its creation
     *                          went unanswered
     */
    default Optional<List<ParsedNotification>> lookup(PaymentId payment, String providerReference) {
        return Optional.empty();
    }
}
