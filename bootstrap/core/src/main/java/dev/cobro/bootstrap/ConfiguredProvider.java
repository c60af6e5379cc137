package dev.cobro.bootstrap;

import dev.cobro.domain.payment.Country;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.ProviderId;

import java.util.Objects;
import java.util.Set;

/**
 * One provider account a Cobro serves, as a host may inspect it (a start-up check, an admin page):
 * which provider, which of its accounts, the countries it serves (hosted checkout) and what it does.
 *
 * @param countries the countries whose checkouts go through this account when they name none; empty
 *                  for a card provider and for an account that serves only checkouts naming it
 */
public record ConfiguredProvider(ProviderId provider, AccountId account, Set<Country> countries,
                                 Capability capability) {

    public ConfiguredProvider {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(capability, "capability");
        countries = Set.copyOf(countries);
    }

    /** What a provider account does for Cobro. */
    public enum Capability {
        /** Hosted checkout: {@link Cobro#checkoutPayments()} and {@link Cobro#notifications()}. */
        HOSTED_CHECKOUT,
        /** Card authorization: {@link Cobro#cardAuthorizations()} and {@link Cobro#reversals()}. */
        CARD_AUTHORIZATION
    }
}
