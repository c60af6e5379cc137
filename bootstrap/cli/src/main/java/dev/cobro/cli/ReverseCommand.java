package dev.cobro.cli;

import dev.cobro.application.port.in.ReversalResult;
import dev.cobro.application.port.in.ReverseAuthorizationCommand;
import dev.cobro.application.port.out.TransactionRecord;
import dev.cobro.bootstrap.config.CobroConfiguration;
import dev.cobro.domain.authorization.AuthorizationId;
import dev.cobro.domain.shared.TransactionKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cobro reverse --id ID}: reverse a card authorization by Cobro's id. A reversal the provider
 * refuses (Pay-me code 01) is a recorded outcome (exit 0); reversing what cannot be reversed (a
 * DECLINED authorization) is a conflict (exit 3).
 */
@Command(name = "reverse", mixinStandardHelpOptions = true,
        description = "Reverse a card authorization (Cobro's id, as 'authorize' and 'history' print it) and print "
                + "the outcome as JSON; a refused reversal adds the provider's code and message.")
final class ReverseCommand extends CliCommand {

    @Option(names = "--id", required = true, paramLabel = "ID", description = "Cobro's authorization id (a UUID).")
    String id;

    @Override
    protected int run(CliContext context) {
        AuthorizationId authorizationId = AuthorizationId.of(id);
        CobroConfiguration config = context.configuration();
        try (CliContext.CobroSession session = context.openCobroWithConfiguredProviders()) {
            TransactionRecord record = session.transaction(authorizationId.value(), TransactionKind.CARD_AUTHORIZATION,
                    "authorization", "only a card authorization can be reversed");
            ProviderSetup.requireCardProvider(config, record.provider().value());
            ReversalResult result = session.cobro().reversals().reverse(new ReverseAuthorizationCommand(authorizationId));
            context.printJson(JsonViews.reversal(result));
        }
        return ExitCodes.OK;
    }
}
