package dev.cobro.cli;

import dev.cobro.bootstrap.config.CobroConfiguration;

import static dev.cobro.bootstrap.config.CobroConfiguration.EP_API_KEY;
import static dev.cobro.bootstrap.config.CobroConfiguration.EP_BASE_URL;
import static dev.cobro.bootstrap.config.CobroConfiguration.EP_MERCHANT_ID;
import static dev.cobro.bootstrap.config.CobroConfiguration.PM_API_URL;
import static dev.cobro.bootstrap.config.CobroConfiguration.PM_AUTH_URL;
import static dev.cobro.bootstrap.config.CobroConfiguration.PM_CLIENT_ID;
import static dev.cobro.bootstrap.config.CobroConfiguration.PM_CLIENT_SECRET;

/**
 * Which providers the environment configures, checked before any database work so that a missing
 * provider is reported at once (exit 4) with the variables that would configure it.
 */
final class ProviderSetup {

    static final String EIGHTY_EIGHT_PAY = "88pay";
    static final String PAYME = "payme";
    static final String MERCADO_PAGO = "mercadopago";
    private static final String MERCADO_PAGO_VARIABLES = CobroConfiguration.MP_ACCESS_TOKEN;

    private static final String EIGHTY_EIGHT_PAY_VARIABLES = EP_BASE_URL + ", " + EP_API_KEY + " and " + EP_MERCHANT_ID;
    private static final String PAYME_VARIABLES = PM_AUTH_URL + ", " + PM_API_URL + ", " + PM_CLIENT_ID + " and "
            + PM_CLIENT_SECRET;

    private ProviderSetup() {
    }

    /**
     * Throws (exit 4) unless {@code provider} is a hosted-checkout provider that the environment
     * configures; {@code null} (a routed checkout) needs one at least.
     */
    static void requireCheckoutProvider(CobroConfiguration config, String provider) {
        if (provider == null) {
            if (!config.hasEightyEightPay() && !config.hasMercadoPago()) {
                throw notConfigured("a hosted-checkout provider (88Pay or Mercado Pago)", EIGHTY_EIGHT_PAY_VARIABLES
                        + ", or " + MERCADO_PAGO_VARIABLES);
            }
            return;
        }
        if (MERCADO_PAGO.equals(provider)) {
            if (!config.hasMercadoPago()) {
                throw notConfigured("Mercado Pago (provider mercadopago)", MERCADO_PAGO_VARIABLES);
            }
            return;
        }
        if (EIGHTY_EIGHT_PAY.equals(provider)) {
            if (!config.hasEightyEightPay()) {
                throw notConfigured("88Pay (provider 88pay)", EIGHTY_EIGHT_PAY_VARIABLES);
            }
            return;
        }
        throw CliFailure.configuration("no hosted-checkout provider '" + provider
                + "' is configured: the CLI knows 88pay (set " + EIGHTY_EIGHT_PAY_VARIABLES + ") and mercadopago (set "
                + MERCADO_PAGO_VARIABLES + ")");
    }

    /**
     * The one hosted-checkout provider the environment gives {@code account}; bad input (exit 2) when
     * none or both have it, since the checkout must then name its provider.
     */
    static String checkoutProviderOfAccount(CobroConfiguration config, String account) {
        boolean eightyEightPay = "default".equals(account) ? config.eightyEightPay() != null
                : config.eightyEightPayAccounts().containsKey(account);
        boolean mercadoPago = config.mercadoPagoAccounts().containsKey(account);
        if (eightyEightPay == mercadoPago) {
            throw dev.cobro.domain.shared.ValidationException.of("--account", (eightyEightPay
                    ? "is an account of both 88pay and mercadopago" : "is no configured hosted-checkout account")
                    + ": give --provider too", account);
        }
        return eightyEightPay ? EIGHTY_EIGHT_PAY : MERCADO_PAGO;
    }

    /** Throws (exit 4) unless {@code provider} is a card provider that the environment configures. */
    static void requireCardProvider(CobroConfiguration config, String provider) {
        if (PAYME.equals(provider)) {
            if (!config.hasPayme()) {
                throw notConfigured("Pay-me (provider payme)", PAYME_VARIABLES);
            }
            return;
        }
        throw CliFailure.configuration("no card-authorization provider '" + provider
                + "' is configured: the CLI knows payme (set " + PAYME_VARIABLES + ")");
    }

    static String allVariablesHint() {
        return "88pay is configured by " + EIGHTY_EIGHT_PAY_VARIABLES + "; mercadopago by " + MERCADO_PAGO_VARIABLES
                + "; payme by " + PAYME_VARIABLES
                + "; more accounts by the same names with the account after the provider (COBRO_88PAY_COL_BASE_URL,"
                + " ..., COBRO_88PAY_COL_COUNTRIES=COL; COBRO_PAYME_PE2_AUTH_URL, ...); routes of checkouts that name"
                + " no provider by COBRO_ROUTES_<COUNTRY>";
    }

    private static CliFailure notConfigured(String provider, String variables) {
        return CliFailure.configuration(provider + " is not configured: set " + variables
                + " (see 'cobro --help'; 'cobro sandbox' prints values for a local simulator)");
    }
}
