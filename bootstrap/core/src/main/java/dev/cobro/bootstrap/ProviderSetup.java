package dev.cobro.bootstrap;

import dev.cobro.adapters.http.eightyeightpay.EightyEightPayCheckoutAdapter;
import dev.cobro.adapters.http.mercadopago.MercadoPagoCheckoutAdapter;
import dev.cobro.adapters.http.payme.PaymeCardAuthorizationAdapter;
import dev.cobro.adapters.persistence.CobroPersistence;
import dev.cobro.application.port.out.CardAuthorizationProviderPort;
import dev.cobro.application.port.out.HostedCheckoutProviderPort;
import dev.cobro.application.port.out.MetricsPort;
import dev.cobro.application.service.ProviderRegistry;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The provider adapters of one Cobro, built from its settings and registered by (provider, account):
 * one adapter per account, with its own credentials and one token per (provider, account) for every
 * instance on the database. The provider operation times every call.
 */
final class ProviderSetup {

    final ProviderRegistry<HostedCheckoutProviderPort> checkout;
    final ProviderRegistry<CardAuthorizationProviderPort> cards;
    private final List<ConfiguredProvider> configured;

    ProviderSetup(Cobro.Builder b, CobroPersistence persistence, Clock clock, MetricsPort metrics) {
        List<HostedCheckoutProviderPort> checkoutAdapters = new ArrayList<>();
        b.eightyEightPayAccounts.forEach((account, settings) -> checkoutAdapters.add(new EightyEightPayCheckoutAdapter(
                account, settings.countries(), settings.settings(), persistence.tokenLedger(),
                persistence.tokenStore(), clock, metrics)));
        // The preference is payable for as long as Cobro keeps the checkout open.
        b.mercadoPagoAccounts.forEach((account, settings) -> checkoutAdapters.add(new MercadoPagoCheckoutAdapter(
                account, settings.countries(), settings.settings(), b.resolverSettings.checkoutLifetime(), clock)));
        checkoutAdapters.addAll(b.extraCheckoutProviders);
        List<CardAuthorizationProviderPort> cardAdapters = new ArrayList<>();
        b.paymeAccounts.forEach((account, settings) -> cardAdapters.add(new PaymeCardAuthorizationAdapter(account,
                settings, clock, metrics)));
        cardAdapters.addAll(b.extraCardProviders);

        List<ConfiguredProvider> configured = new ArrayList<>();
        checkoutAdapters.forEach(p -> configured.add(new ConfiguredProvider(p.providerId(), p.account(),
                p.countries(), ConfiguredProvider.Capability.HOSTED_CHECKOUT)));
        cardAdapters.forEach(p -> configured.add(new ConfiguredProvider(p.providerId(), p.account(),
                java.util.Set.of(), ConfiguredProvider.Capability.CARD_AUTHORIZATION)));
        this.configured = List.copyOf(configured);

        this.checkout = new ProviderRegistry<>("hosted-checkout",
                List.copyOf(checkoutAdapters),
                HostedCheckoutProviderPort::providerId, HostedCheckoutProviderPort::account);
        this.cards = new ProviderRegistry<>("card-authorization",
                List.copyOf(cardAdapters),
                CardAuthorizationProviderPort::providerId, CardAuthorizationProviderPort::account);
    }

    /** Every configured provider account, hosted-checkout ones first, each in the order it was configured. */
    List<ConfiguredProvider> configured() {
        return configured;
    }

    /** Each provider's account names, sorted: what health reports. */
    Map<String, List<String>> accountsByProvider() {
        Map<String, List<String>> providers = new LinkedHashMap<>();
        for (ProviderRegistry<?> registry : List.of(checkout, cards)) {
            for (ProviderRegistry.Key key : registry.keys()) {
                providers.computeIfAbsent(key.provider().value(), id -> new ArrayList<>()).add(key.account().value());
            }
        }
        providers.replaceAll((id, accounts) -> accounts.stream().sorted().toList());
        return providers;
    }
}
