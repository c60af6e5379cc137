package dev.cobro.cli;

import dev.cobro.application.port.in.ResolutionReport;
import dev.cobro.application.port.in.ResolveUnknownOutcomesCommand;
import dev.cobro.application.service.ResolverSettings;
import dev.cobro.bootstrap.config.CobroConfiguration;
import dev.cobro.domain.shared.Violations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;

/** {@code cobro resolve-unknown}: run the resolver once (a host runs it on a schedule) and print what changed. */
@Command(name = "resolve-unknown", mixinStandardHelpOptions = true,
        description = "Run the resolver once: close attempts left without an outcome, reverse authorizations left "
                + "UNKNOWN, resend unanswered reversals, expire old checkouts. Prints the changes as JSON.")
final class ResolveUnknownCommand extends CliCommand {

    @Option(names = "--limit", paramLabel = "N",
            description = "At most N items of each kind in this run (default: 500).")
    Integer limit;

    @Option(names = "--reversal-delay-seconds", paramLabel = "S",
            description = "Reverse UNKNOWN authorizations (and resend unanswered reversals) once they are S seconds "
                    + "old (default: 60).")
    Long reversalDelaySeconds;

    @Override
    protected int run(CliContext context) {
        Violations v = new Violations();
        if (limit != null && limit < 1) {
            v.add("limit", "must be at least 1", limit.toString());
        }
        if (reversalDelaySeconds != null && reversalDelaySeconds < 0) {
            v.add("reversal-delay-seconds", "must not be negative", reversalDelaySeconds.toString());
        }
        v.throwIfAny();
        ResolveUnknownOutcomesCommand command = limit == null ? ResolveUnknownOutcomesCommand.DEFAULT
                : new ResolveUnknownOutcomesCommand(limit);
        ResolverSettings defaults = ResolverSettings.DEFAULTS;
        ResolverSettings settings = reversalDelaySeconds == null ? defaults
                : new ResolverSettings(Duration.ofSeconds(reversalDelaySeconds), defaults.staleAttemptAge(),
                defaults.maxReversals(), defaults.checkoutLifetime());
        CobroConfiguration config = context.configuration();
        try (CliContext.CobroSession session = context.openCobro(builder -> config.configure(builder)
                .resolverSettings(settings), config.hasEightyEightPay() || config.hasPayme())) {
            ResolutionReport report = session.cobro().resolver().resolve(command);
            context.printJson(JsonViews.resolution(report));
        }
        return ExitCodes.OK;
    }
}
