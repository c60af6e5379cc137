package dev.cobro.adapters.http.support;

import dev.cobro.application.port.out.MetricsPort;
import dev.cobro.application.port.out.ProviderConfigurationException;
import dev.cobro.domain.shared.ProviderId;

import java.util.function.Supplier;

/**
 * Counts one token request sent to a provider by its outcome (ARCHITECTURE.md, {@code cobro.provider.tokens}):
 * {@code issued}; {@code rate_limited} (the provider's 429: {@code request} returned null);
 * {@code refused} (credentials refused); {@code failed} (anything else).
 */
public final class TokenRequests {

    private TokenRequests() {
    }

    public static <T> T counted(MetricsPort metrics, ProviderId provider, String account, Supplier<T> request) {
        String outcome = "failed";
        try {
            T token = request.get();
            outcome = token == null ? "rate_limited" : "issued";
            return token;
        } catch (ProviderConfigurationException refused) {
            outcome = "refused";
            throw refused;
        } finally {
            metrics.tokenRequest(provider, account, outcome);
        }
    }
}
