package dev.cobro.application.port.out;

/**
 * What came back from a provider, for the attempt row: HTTP status (null when nothing came back),
 * the provider's own code and message, and the redacted response body.
 */
public record ProviderExchange(Integer httpStatus, String providerCode, String providerMessage,
                               String redactedResponse) {

    public static ProviderExchange nothing() {
        return new ProviderExchange(null, null, null, null);
    }
}
