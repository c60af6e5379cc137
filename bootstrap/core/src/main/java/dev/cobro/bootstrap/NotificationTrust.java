package dev.cobro.bootstrap;

import dev.cobro.adapters.http.eightyeightpay.EightyEightPayNotificationAuthenticityAdapter;
import dev.cobro.adapters.http.mercadopago.MercadoPagoCheckoutAdapter;
import dev.cobro.adapters.http.mercadopago.MercadoPagoNotificationAuthenticityAdapter;
import dev.cobro.application.port.out.NotificationAuthenticityPort;
import dev.cobro.application.service.NotificationSigner;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.ProviderId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How one Cobro tells a genuine notification: the key rings of its own signature on the notification
 * URLs it sends (layer 1) and the providers' proofs on what they send (layer 2), from its settings.
 */
final class NotificationTrust {

    /** Under Cobro's name: a host filters and reads start-up warnings by the facade's logger. */
    private static final Logger LOG = LoggerFactory.getLogger(Cobro.class);

    private NotificationTrust() {
    }

    /**
     * Each 88Pay account's webhook secret proves that account's notifications only (a token another
     * account's secret opens proves nothing). A host's own proof replaces the secret's for what it
     * covers: its account, or every account of its provider.
     */
    static List<NotificationAuthenticityPort> proofs(Cobro.Builder b, Clock clock) {
        List<NotificationAuthenticityPort> proofs = new ArrayList<>(b.authenticity);
        b.eightyEightPayAccounts.forEach((account, settings) -> {
            if (settings.settings().webhookSecret() != null && proofFor(proofs, account) == null) {
                proofs.add(new EightyEightPayNotificationAuthenticityAdapter(account,
                        settings.settings().webhookSecret(), clock));
            }
        });
        b.mercadoPagoAccounts.forEach((account, settings) -> {
            if (settings.settings().webhookSecret() != null
                    && proofFor(proofs, MercadoPagoCheckoutAdapter.PROVIDER, account) == null) {
                proofs.add(new MercadoPagoNotificationAuthenticityAdapter(account,
                        settings.settings().webhookSecret(), clock));
            }
        });
        return proofs;
    }

    /** The proof that judges an 88Pay account's notifications: its own, else its provider's for every account. */
    static NotificationAuthenticityPort proofFor(List<NotificationAuthenticityPort> proofs, AccountId account) {
        return proofFor(proofs, ProviderId.EIGHTY_EIGHT_PAY, account);
    }

    /** The proof that judges a provider account's notifications: its own, else its provider's for every account. */
    static NotificationAuthenticityPort proofFor(List<NotificationAuthenticityPort> proofs, ProviderId provider,
                                                 AccountId account) {
        NotificationAuthenticityPort everyAccount = null;
        for (NotificationAuthenticityPort proof : proofs) {
            if (proof.providerId().equals(provider)) {
                if (proof.account().isEmpty()) {
                    everyAccount = proof;
                } else if (proof.account().get().equals(account)) {
                    return proof;
                }
            }
        }
        return everyAccount;
    }

    /**
     * Layer 1's key rings (README, Notifications). Each (provider, account) verifies
     * with the configured keys ({@link Cobro.Builder#notificationSigningKeys}, then the single
     * {@link Cobro.Builder#notificationSigningKey}) followed, for an 88Pay account, by the keys derived from
     * its API key and its previous API keys, so that every instance with the same credentials signs
     * alike and a switch from derived to configured keys loses no open payment. The first key signs:
     * the first configured one, else the one derived from the current API key. A provider account
     * with none sends its notification URL unsigned, and its notifications change nothing unless
     * unverified ones are accepted.
     */
    static NotificationSigner.Keys signingKeys(Cobro.Builder b) {
        List<NotificationSigner.Key> configured = new ArrayList<>(b.notificationSigningKeys);
        if (b.notificationSigningKey != null) {
            configured.add(NotificationSigner.Key.fingerprinted(b.notificationSigningKey));
        }
        NotificationSigner.KeyRing configuredRing = configured.isEmpty() ? null
                : NotificationSigner.KeyRing.of(configured);
        // Derived once per account at build (two HMACs a key), not on every checkout and notification.
        Map<AccountId, NotificationSigner.KeyRing> eightyEightPay = new LinkedHashMap<>();
        b.eightyEightPayAccounts.forEach((account, settings) -> {
            List<NotificationSigner.Key> ring = new ArrayList<>(configured);
            List<String> apiKeys = new ArrayList<>();
            apiKeys.add(settings.settings().apiKey());
            apiKeys.addAll(settings.settings().previousApiKeys());
            // Each account derives from its own API keys: one account's URL never verifies for another.
            apiKeys.forEach(apiKey -> ring.add(NotificationSigner.Key.fingerprinted(NotificationSigner.derivedKey(
                    apiKey, ProviderId.EIGHTY_EIGHT_PAY, account.value()))));
            eightyEightPay.put(account, NotificationSigner.KeyRing.of(ring));
        });
        // A Mercado Pago account derives its key from its access token, as an 88Pay account from its API key.
        Map<AccountId, NotificationSigner.KeyRing> mercadoPago = new LinkedHashMap<>();
        b.mercadoPagoAccounts.forEach((account, settings) -> {
            List<NotificationSigner.Key> ring = new ArrayList<>(configured);
            ring.add(NotificationSigner.Key.fingerprinted(NotificationSigner.derivedKey(
                    settings.settings().accessToken(), MercadoPagoCheckoutAdapter.PROVIDER, account.value())));
            mercadoPago.put(account, NotificationSigner.KeyRing.of(ring));
        });
        return (provider, account) -> {
            if (ProviderId.EIGHTY_EIGHT_PAY.equals(provider)) {
                NotificationSigner.KeyRing ring = eightyEightPay.get(AccountId.of(account));
                if (ring != null) {
                    return ring;
                }
            }
            if (MercadoPagoCheckoutAdapter.PROVIDER.equals(provider)) {
                NotificationSigner.KeyRing ring = mercadoPago.get(AccountId.of(account));
                if (ring != null) {
                    return ring;
                }
            }
            return configuredRing;
        };
    }

    static void warnAboutUnverifiedNotifications(Cobro.Builder b, List<NotificationAuthenticityPort> proofs) {
        if (b.acceptUnverifiedNotifications) {
            LOG.warn("acceptUnverifiedNotifications(): notifications without Cobro's signature or the provider's "
                    + "proof are matched and applied; the host must verify them before it calls Cobro");
            return;
        }
        // Named one by one: with several accounts, one without a secret is easily missed.
        b.eightyEightPayAccounts.keySet().stream().filter(account -> proofFor(proofs, account) == null)
                .forEach(account -> LOG.warn("88Pay account {}: its notifications are checked by Cobro's signed"
                        + " notification URL only: a payer who reads the checkout link could forge their own payment's"
                        + " notification; configure the account's 88Pay webhook secret"
                        + " (EightyEightPaySettings.withWebhookSecret, {})", account,
                        AccountId.DEFAULT.equals(account) ? "COBRO_88PAY_WEBHOOK_SECRET"
                                : "COBRO_88PAY_" + account.value().toUpperCase(java.util.Locale.ROOT)
                                + "_WEBHOOK_SECRET"));
        b.mercadoPagoAccounts.keySet().stream()
                .filter(account -> proofFor(proofs, MercadoPagoCheckoutAdapter.PROVIDER, account) == null)
                .forEach(account -> LOG.warn("Mercado Pago account {}: its notifications are checked by Cobro's signed"
                        + " notification URL only; configure the account's webhook secret so that x-signature is"
                        + " required (MercadoPagoSettings.withWebhookSecret, {})", account,
                        AccountId.DEFAULT.equals(account) ? "COBRO_MERCADOPAGO_WEBHOOK_SECRET"
                                : "COBRO_MERCADOPAGO_" + account.value().toUpperCase(java.util.Locale.ROOT)
                                + "_WEBHOOK_SECRET"));
    }
}
