package dev.cobro.adapters.http.support;

import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.ProviderId;

import java.util.Objects;
import java.util.Optional;

/**
 * A notification proof bound to its provider and to one account of it, or to every account that has
 * no proof of its own: the identity the notification ports ask for, kept once for every provider's
 * proof.
 */
public abstract class AccountNotificationProof {

    private final ProviderId provider;
    private final AccountId account;

    /** {@code account}: the account whose secret the proof holds; null for every account. */
    protected AccountNotificationProof(ProviderId provider, AccountId account) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.account = account;
    }

    public final ProviderId providerId() {
        return provider;
    }

    /** The account whose notifications this proof judges; empty when it judges every account. */
    public final Optional<AccountId> account() {
        return Optional.ofNullable(account);
    }
}
