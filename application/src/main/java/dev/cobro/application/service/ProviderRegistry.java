package dev.cobro.application.service;

import dev.cobro.application.port.in.ProviderNotConfiguredException;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.ProviderId;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The adapters of one provider port, by (provider id, account id): one adapter instance per account,
 * each with its own credentials and token (ARCHITECTURE.md, Provider accounts). A provider or an account
 * not registered is simply absent.
 */
public final class ProviderRegistry<P> {

    /** One (provider, account). */
    public record Key(ProviderId provider, AccountId account) {
        @Override
        public String toString() {
            return provider + "/" + account;
        }
    }

    private final String role;
    private final Map<Key, P> adapters = new LinkedHashMap<>();

    /** Adapters of the default account only (one account per provider). */
    public ProviderRegistry(String role, Iterable<P> adapters, Function<P, ProviderId> idOf) {
        this(role, adapters, idOf, adapter -> AccountId.DEFAULT);
    }

    public ProviderRegistry(String role, Iterable<P> adapters, Function<P, ProviderId> idOf,
                            Function<P, AccountId> accountOf) {
        this.role = role;
        for (P adapter : adapters) {
            Key key = new Key(idOf.apply(adapter), accountOf.apply(adapter));
            if (this.adapters.putIfAbsent(key, adapter) != null) {
                throw new IllegalArgumentException("two " + role + " adapters claim provider " + key.provider()
                        + " account " + key.account());
            }
        }
    }

    /** The provider's default account. */
    public P get(ProviderId id) {
        return get(id, AccountId.DEFAULT);
    }

    public P get(ProviderId id, AccountId account) {
        P adapter = adapters.get(new Key(id, account));
        if (adapter == null) {
            boolean known = ids().contains(id);
            throw new ProviderNotConfiguredException("no " + role + " provider '" + id + "'"
                    + (known || !AccountId.DEFAULT.equals(account) ? " account '" + account + "'" : "")
                    + " is configured" + (adapters.isEmpty() ? "" : " (configured: " + adapters.keySet() + ")"));
        }
        return adapter;
    }

    /** The adapters of one provider, one per account, in the order they were given. */
    public List<P> accountsOf(ProviderId id) {
        List<P> found = new ArrayList<>();
        adapters.forEach((key, adapter) -> {
            if (key.provider().equals(id)) {
                found.add(adapter);
            }
        });
        return found;
    }

    public Set<ProviderId> ids() {
        Set<ProviderId> ids = new LinkedHashSet<>();
        adapters.keySet().forEach(key -> ids.add(key.provider()));
        return Set.copyOf(ids);
    }

    public Set<Key> keys() {
        return Set.copyOf(adapters.keySet());
    }
}
