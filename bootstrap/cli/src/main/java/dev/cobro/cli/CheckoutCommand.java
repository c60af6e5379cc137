package dev.cobro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cobro.application.port.in.CheckoutPaymentResult;
import dev.cobro.application.port.in.StartCheckoutPaymentCommand;
import dev.cobro.bootstrap.config.CobroConfiguration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cobro checkout --request-file F|-}: start a hosted-checkout payment and print it. */
@Command(name = "checkout", mixinStandardHelpOptions = true,
        description = {"Start a hosted-checkout payment (88Pay) and print it as JSON, with its checkout_url.",
                "The request is 88Pay's charge body (method_code, method_category, country, currency, amount, "
                        + "description, customer_id, notification_url, return_url) plus merchant_reference, the "
                        + "idempotency key: the same request again prints the stored payment (replayed).",
                "Without --provider or a \"provider\" field, Cobro routes the checkout: the providers of "
                        + "COBRO_ROUTES_<COUNTRY> in order, the next only when nothing reached the previous one."})
final class CheckoutCommand extends CliCommand {

    @Option(names = "--provider", paramLabel = "ID",
            description = "Hosted-checkout provider (88pay, mercadopago); default: the request's \"provider\", "
                    + "else routed by the checkout's country.")
    String provider;

    @Option(names = "--account", paramLabel = "ACCOUNT",
            description = "Provider account (e.g. col); default: the account configured for the checkout's country, else default.")
    String account;

    @Option(names = "--request-file", required = true, paramLabel = "FILE|-",
            description = "The request as JSON, or - to read it from stdin.")
    String requestFile;

    @Override
    protected int run(CliContext context) {
        JsonNode request = context.readJson(requestFile, "request");
        StartCheckoutPaymentCommand command = CheckoutRequest.parse(provider, request);
        CobroConfiguration config = context.configuration();
        if (account != null) {
            // An account names its provider when exactly one configured provider has it: "--account mex"
            // alone is 88Pay's mex merchant, as before a provider could be left out.
            command = new StartCheckoutPaymentCommand(command.isRouted()
                    ? dev.cobro.domain.shared.ProviderId.of(ProviderSetup.checkoutProviderOfAccount(config, account))
                    : command.provider(), dev.cobro.domain.shared.AccountId.of(account), command.merchantReference(),
                    command.details());
        }
        ProviderSetup.requireCheckoutProvider(config, command.isRouted() ? null : command.provider().value());
        try (CliContext.CobroSession session = context.openCobroWithConfiguredProviders()) {
            CheckoutPaymentResult result = session.cobro().checkoutPayments().start(command);
            if (result instanceof CheckoutPaymentResult.Replayed) {
                // A second run of the same file is easily taken for a new payment: say what it is.
                context.err().println("merchant_reference " + command.merchantReference().value() + " was sent before with "
                        + "this request: this is that payment (replayed), nothing was charged again; use another "
                        + "merchant_reference for a new payment");
            }
            context.printJson(JsonViews.checkout(result));
        }
        return ExitCodes.OK;
    }
}
