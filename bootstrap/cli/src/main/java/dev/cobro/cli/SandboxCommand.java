package dev.cobro.cli;

import dev.cobro.bootstrap.config.CobroConfiguration;
import dev.cobro.testkit.ProviderSandbox;
import dev.cobro.domain.shared.Violations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * {@code cobro sandbox}: both providers simulated on loopback, in the foreground until Ctrl-C. It
 * prints the variables that point the other commands at it; the credentials are the sandbox's own
 * defaults, not secrets of anyone's.
 */
@Command(name = "sandbox", mixinStandardHelpOptions = true,
        description = {"Run the provider sandbox (88Pay and Pay-me simulated on 127.0.0.1) until Ctrl-C.",
                "It prints the COBRO_* variables that point the other commands at it (sandbox credentials, not "
                        + "secrets), and the test cards: "
                        + ProviderSandbox.CARD_APPROVED_MASTERCARD + " approves, "
                        + ProviderSandbox.CARD_DECLINED + " declines 05."})
final class SandboxCommand extends CliCommand {

    @Option(names = "--port", defaultValue = "8088", paramLabel = "N",
            description = "Port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--latency-ms", defaultValue = "0", paramLabel = "MS",
            description = "Added to every provider answer (default: ${DEFAULT-VALUE}).")
    long latencyMs;

    @Override
    protected int run(CliContext context) {
        Violations v = new Violations();
        if (port < 0 || port > 65_535) {
            v.add("port", "must be 0 to 65535", Integer.toString(port));
        }
        if (latencyMs < 0) {
            v.add("latency-ms", "must not be negative", Long.toString(latencyMs));
        }
        v.throwIfAny();
        ProviderSandbox sandbox;
        try {
            sandbox = context.track(ProviderSandbox.builder().port(port).latency(Duration.ofMillis(latencyMs)).start());
        } catch (UncheckedIOException e) {
            throw CliFailure.infrastructure(e.getMessage() + " (is the port in use? try --port 0)", e);
        }
        PrintStream out = context.out();
        out.println("Cobro provider sandbox on " + sandbox.baseUrl() + " (Ctrl-C to stop)");
        out.println("# Point the other commands at it (sandbox credentials, not secrets):");
        out.println("export " + CobroConfiguration.EP_BASE_URL + "=" + sandbox.eightyEightPayBaseUrl());
        out.println("export " + CobroConfiguration.EP_API_KEY + "=" + ProviderSandbox.DEFAULT_88PAY_API_KEY);
        out.println("export " + CobroConfiguration.EP_MERCHANT_ID + "=" + ProviderSandbox.DEFAULT_88PAY_MERCHANT_ID);
        out.println("export " + CobroConfiguration.EP_WEBHOOK_SECRET + "=" + ProviderSandbox.DEFAULT_88PAY_WEBHOOK_SECRET);
        // The second merchant is the README's account "mex" (88Pay issues a merchant id per country).
        out.println("export COBRO_88PAY_MEX_BASE_URL=" + sandbox.eightyEightPayBaseUrl());
        out.println("export COBRO_88PAY_MEX_API_KEY=" + ProviderSandbox.DEFAULT_88PAY_MEX_API_KEY);
        out.println("export COBRO_88PAY_MEX_MERCHANT_ID=" + ProviderSandbox.DEFAULT_88PAY_MEX_MERCHANT_ID);
        out.println("export COBRO_88PAY_MEX_WEBHOOK_SECRET=" + ProviderSandbox.DEFAULT_88PAY_WEBHOOK_SECRET);
        out.println("export " + CobroConfiguration.PM_AUTH_URL + "=" + sandbox.paymeAuthUrl());
        out.println("export " + CobroConfiguration.PM_API_URL + "=" + sandbox.paymeApiUrl());
        out.println("export " + CobroConfiguration.PM_CLIENT_ID + "=" + ProviderSandbox.DEFAULT_PAYME_CLIENT_ID);
        out.println("export " + CobroConfiguration.PM_CLIENT_SECRET + "=" + ProviderSandbox.DEFAULT_PAYME_CLIENT_SECRET);
        out.println("# Test cards: " + ProviderSandbox.CARD_APPROVED_MASTERCARD + " and " + ProviderSandbox.CARD_APPROVED_VISA
                + " approve, " + ProviderSandbox.CARD_DECLINED + " declines 05, "
                + ProviderSandbox.CARD_INSUFFICIENT_FUNDS + " declines 51, " + ProviderSandbox.CARD_NO_ANSWER
                + " is never answered.");
        out.println("# A payment's notification: POST " + sandbox.eightyEightPayBaseUrl()
                + "/sandbox/notification {\"checkout_url\": ..., \"status\": \"COMPLETED\"} answers the webhook 88Pay"
                + " would send (url, authorization, body): hand it to `cobro notify`, as the README shows");
        out.flush();
        try {
            context.awaitStop();
        } catch (InterruptedException stopped) {
            // Being interrupted is being told to stop, as Ctrl-C is.
            Thread.currentThread().interrupt();
        } finally {
            sandbox.close();
        }
        return ExitCodes.OK;
    }
}
