package dev.cobro.application.port.out;

/** The provider refused Cobro's credentials or configuration (a bad key, a missing scope). Messages name the merchant or client id, never a secret. */
public class ProviderConfigurationException extends RuntimeException {

    public ProviderConfigurationException(String message) {
        super(message);
    }

    public ProviderConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
