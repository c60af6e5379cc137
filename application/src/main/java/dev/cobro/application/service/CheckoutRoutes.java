package dev.cobro.application.service;

import dev.cobro.domain.payment.Country;
import dev.cobro.domain.shared.ProviderId;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The ordered hosted-checkout providers of each country, for checkouts that name no provider: Cobro
 * tries the first, and the next only while nothing reached the previous one. Each route lists a
 * provider once and has at least one; a country without a route has none here.
 */
public record CheckoutRoutes(Map<Country, List<ProviderId>> byCountry) {

    /** No route: every checkout names its provider, or its country has a single provider. */
    public static final CheckoutRoutes NONE = new CheckoutRoutes(Map.of());

    public CheckoutRoutes {
        Map<Country, List<ProviderId>> copy = new LinkedHashMap<>();
        Objects.requireNonNull(byCountry, "byCountry").forEach((country, providers) -> {
            Objects.requireNonNull(country, "country");
            if (providers == null || providers.isEmpty()) {
                throw new IllegalArgumentException("the route of " + country + " lists no provider");
            }
            if (new LinkedHashSet<>(providers).size() != providers.size()) {
                throw new IllegalArgumentException("the route of " + country + " lists a provider twice: " + providers);
            }
            copy.put(country, List.copyOf(providers));
        });
        byCountry = Collections.unmodifiableMap(copy);
    }

    /** The route of {@code country}, or null when it has none. */
    public List<ProviderId> of(Country country) {
        return byCountry.get(country);
    }

    /** Every route, in order of configuration, as {@code MEX=[88pay, other]}. */
    @Override
    public String toString() {
        return byCountry.toString();
    }
}
