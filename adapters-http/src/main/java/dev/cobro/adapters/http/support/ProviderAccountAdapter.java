package dev.cobro.adapters.http.support;

import dev.cobro.domain.payment.Country;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.ProviderId;

import java.util.Objects;
import java.util.Set;

/**
 * An adapter bound to one account of its provider: which provider and account it speaks for, and the
 * countries whose checkouts it takes when they name no account, as the provider ports ask for them.
 * Every provider adapter is one, so the identity a router and a record read is kept in one place.
 */
public abstract class ProviderAccountAdapter {

    private final ProviderId provider;
    private final AccountId account;
    private final Set<Country> countries;

    /** An account that takes no checkout by country (a card authorization account). */
    protected ProviderAccountAdapter(ProviderId provider, AccountId account) {
        this(provider, account, Set.of());
    }

    /** {@code countries}: ISO alpha-3, may be empty. */
    protected ProviderAccountAdapter(ProviderId provider, AccountId account, Set<Country> countries) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.account = Objects.requireNonNull(account, "account");
        this.countries = Set.copyOf(countries);
    }

    public final ProviderId providerId() {
        return provider;
    }

    public final AccountId account() {
        return account;
    }

    public final Set<Country> countries() {
        return countries;
    }
}
