package dev.cobro.cli;

import dev.cobro.application.port.in.RecordPaymentNotificationCommand;
import dev.cobro.domain.payment.PaymentNotification;
import dev.cobro.domain.shared.ProviderId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code cobro notify --provider 88pay --body-file F|- [--url URL] [--header 'Name: value']...}:
 * feed a provider's notification as a host's webhook endpoint would, and print what Cobro made of
 * it. Whatever the body says, it is stored with its outcome (APPLIED, DUPLICATE, UNMATCHED, IGNORED,
 * REJECTED, UNVERIFIED, MISMATCHED): a recorded outcome, exit 0. Without {@code --url} (the URL it
 * was called on, which carries Cobro's signature) a notification is UNVERIFIED and moves nothing.
 */
@Command(name = "notify", mixinStandardHelpOptions = true,
        description = {"Feed a provider's notification (the webhook body, the URL it was posted to and its "
                + "headers) as a host would, and print the stored notification's outcome as JSON.",
                "Only a notification on Cobro's signed URL (--url, with cobro_pid and cobro_sig) moves a payment; "
                        + "with the 88Pay webhook secret configured, its bearer token (--header 'Authorization: "
                        + "Bearer ...') is required too."})
final class NotifyCommand extends CliCommand {

    @Option(names = "--provider", defaultValue = ProviderSetup.EIGHTY_EIGHT_PAY, paramLabel = "ID",
            description = "Provider that sent it (default: ${DEFAULT-VALUE}).")
    String provider;

    @Option(names = "--body-file", required = true, paramLabel = "FILE|-",
            description = "The notification body as received, or - to read it from stdin.")
    String bodyFile;

    @Option(names = "--url", paramLabel = "URL",
            description = "The URL the notification was posted to (or its query string), with Cobro's signature.")
    String url;

    @Option(names = "--header", paramLabel = "'Name: value'",
            description = "A header the notification came with (repeatable), e.g. 'Authorization: Bearer ...'.")
    List<String> headers = List.of();

    @Override
    protected int run(CliContext context) {
        Map<String, String> received = headers(headers);
        String body = context.readText(bodyFile, "notification body");
        ProviderId providerId = ProviderId.of(provider);
        ProviderSetup.requireCheckoutProvider(context.configuration(), provider);
        try (CliContext.CobroSession session = context.openCobroWithConfiguredProviders()) {
            PaymentNotification notification = session.cobro().notifications()
                    .record(new RecordPaymentNotificationCommand(providerId, url, body, received));
            String paymentStatus = notification.paymentId() == null ? null
                    : session.cobro().history().findById(notification.paymentId().value())
                    .map(r -> r.status().name()).orElse(null);
            context.printJson(JsonViews.notification(notification, paymentStatus));
        }
        return ExitCodes.OK;
    }

    /** 'Name: value' pairs; a malformed one is bad input, named without its value (it may be a token). */
    static Map<String, String> headers(List<String> given) {
        Map<String, String> parsed = new LinkedHashMap<>();
        parsed.put("content-type", "application/json");
        for (String header : given) {
            int colon = header == null ? -1 : header.indexOf(':');
            if (colon <= 0 || header.substring(0, colon).isBlank()) {
                throw CliFailure.badInput("--header must be 'Name: value'");
            }
            parsed.put(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
        }
        return parsed;
    }
}
