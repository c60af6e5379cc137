package dev.cobro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cobro.application.port.in.AuthorizationResult;
import dev.cobro.application.port.in.AuthorizeCardCommand;
import dev.cobro.bootstrap.config.CobroConfiguration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Clock;

/**
 * {@code cobro authorize --request-file F|-}: authorize a card and print the outcome. The card data
 * comes only from the file or stdin; a decline is an outcome (exit 0), with its response code.
 */
@Command(name = "authorize", mixinStandardHelpOptions = true,
        description = {"Authorize a card payment (Pay-me) and print the outcome as JSON (AUTHORIZED, DECLINED "
                + "with its response code, REJECTED, NOT_SENT or UNKNOWN).",
                "The request is Pay-me's authorize body as-is (amount in five-decimal units, numeric currency, "
                        + "payment_method.card[0] or token[0], card_holder[0], address.billing), plus an optional "
                        + "customer_id. Without transaction.meta.internal_operation_number Cobro takes the next "
                        + "number of its sequence. Card data is read from the file or stdin only, never from an "
                        + "argument."})
final class AuthorizeCommand extends CliCommand {

    @Option(names = "--provider", defaultValue = ProviderSetup.PAYME, paramLabel = "ID",
            description = "Card-authorization provider (default: ${DEFAULT-VALUE}).")
    String provider;

    @Option(names = "--account", paramLabel = "ACCOUNT",
            description = "Provider account (merchant) to authorize through (default: default).")
    String account;

    @Option(names = "--request-file", required = true, paramLabel = "FILE|-",
            description = "The request as JSON, or - to read it from stdin.")
    String requestFile;

    @Override
    protected int run(CliContext context) {
        JsonNode request = context.readJson(requestFile, "request");
        AuthorizeCardCommand command = AuthorizeRequest.parse(provider, request, Clock.systemUTC());
        if (account != null) {
            command = command.withAccount(dev.cobro.domain.shared.AccountId.of(account));
        }
        CobroConfiguration config = context.configuration();
        ProviderSetup.requireCardProvider(config, provider);
        try (CliContext.CobroSession session = context.openCobroWithConfiguredProviders()) {
            AuthorizationResult result = session.cobro().cardAuthorizations().authorize(command);
            context.printJson(JsonViews.authorization(result));
        }
        return ExitCodes.OK;
    }
}
