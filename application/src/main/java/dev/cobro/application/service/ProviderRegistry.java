package dev.cobro.application.service;

import dev.cobro.application.port.in.ProviderNotConfiguredException;
import dev.cobro.domain.shared.ProviderId;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** The adapters of one provider port, by provider id. A provider not registered is simply absent. */
public final class ProviderRegistry<P> {

    private final String role;
    private final Map<ProviderId, P> adapters = new LinkedHashMap<>();

    public ProviderRegistry(String role, Iterable<P> adapters, Function<P, ProviderId> idOf) {
        this.role = role;
        for (P adapter : adapters) {
            ProviderId id = idOf.apply(adapter);
            if (this.adapters.putIfAbsent(id, adapter) != null) {
                throw new IllegalArgumentException("two " + role + " adapters claim provider id " + id);
            }
        }
    }

    public P get(ProviderId id) {
        P adapter = adapters.get(id);
        if (adapter == null) {
            throw new ProviderNotConfiguredException("no " + role + " provider '" + id + "' is configured"
                    + (adapters.isEmpty() ? "" : " (configured: " + adapters.keySet() + ")"));
        }
        return adapter;
    }

    public Set<ProviderId> ids() {
        return Set.copyOf(adapters.keySet());
    }
}
