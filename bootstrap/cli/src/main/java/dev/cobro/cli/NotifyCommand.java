package dev.cobro.cli;

import dev.cobro.application.port.in.RecordPaymentNotificationCommand;
import dev.cobro.application.port.out.TransactionRecord;
import dev.cobro.domain.payment.PaymentNotification;
import dev.cobro.domain.shared.ProviderId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Map;

/**
 * {@code cobro notify --provider 88pay --body-file F|-}: feed a provider's notification as a host's
 * webhook endpoint would, and print what Cobro made of it. Whatever the body says, it is stored with
 * its outcome (APPLIED, DUPLICATE, UNMATCHED, IGNORED, REJECTED): a recorded outcome, exit 0.
 */
@Command(name = "notify", mixinStandardHelpOptions = true,
        description = {"Feed a provider's notification (the webhook body) as a host would, and print the stored "
                + "notification's outcome as JSON.",
                "The CLI cannot verify 88Pay's bearer token (its cipher is not published): use it for "
                        + "notifications you received yourself."})
final class NotifyCommand extends CliCommand {

    @Option(names = "--provider", defaultValue = ProviderSetup.EIGHTY_EIGHT_PAY, paramLabel = "ID",
            description = "Provider that sent it (default: ${DEFAULT-VALUE}).")
    String provider;

    @Option(names = "--body-file", required = true, paramLabel = "FILE|-",
            description = "The notification body as received, or - to read it from stdin.")
    String bodyFile;

    @Override
    protected int run(CliContext context) {
        String body = context.readText(bodyFile, "notification body");
        ProviderId providerId = ProviderId.of(provider);
        ProviderSetup.requireCheckoutProvider(context.configuration(), provider);
        try (CliContext.CobroSession session = context.openCobroWithConfiguredProviders()) {
            PaymentNotification notification = session.cobro().notifications()
                    .record(new RecordPaymentNotificationCommand(providerId, body,
                            Map.of("content-type", "application/json")));
            String paymentStatus = notification.paymentId() == null ? null
                    : session.cobro().history().findById(notification.paymentId().value())
                    .map(TransactionRecord::status).orElse(null);
            context.printJson(JsonViews.notification(notification, paymentStatus));
        }
        return ExitCodes.OK;
    }
}
