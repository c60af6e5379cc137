package dev.cobro.cli;

import dev.cobro.adapters.http.support.Redaction;
import dev.cobro.application.port.in.IdempotencyConflictException;
import dev.cobro.application.port.in.NotFoundException;
import dev.cobro.application.port.in.ProviderNotConfiguredException;
import dev.cobro.application.port.in.RefundRefusedException;
import dev.cobro.application.port.out.ConcurrentUpdateException;
import dev.cobro.application.port.out.DuplicateKeyException;
import dev.cobro.application.port.out.ProviderConfigurationException;
import dev.cobro.application.port.out.ProviderUnavailableException;
import dev.cobro.application.port.out.StoreUnavailableException;
import dev.cobro.bootstrap.config.ConfigurationException;
import dev.cobro.cli.embedded.EmbeddedDatabase;
import dev.cobro.domain.shared.IllegalTransitionException;
import dev.cobro.domain.shared.ValidationException;
import dev.cobro.domain.shared.Violation;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Turns what a command threw into one clear message on stderr and its exit code. The stack trace
 * is for {@code --verbose} only; every message passes the card-number scrub on its way out.
 */
final class Failures {

    private Failures() {
    }

    static int report(Throwable failure, CliContext context) {
        PrintStream err = context.err();
        int code = exitCode(failure);
        err.println("error: " + safe(message(failure)));
        if (context.verbose()) {
            StringWriter trace = new StringWriter();
            failure.printStackTrace(new PrintWriter(trace));
            err.print(safe(trace.toString()));
        } else if (code == ExitCodes.INTERNAL) {
            err.println("(this looks like a bug in Cobro; run again with --verbose for the stack trace)");
        }
        return code;
    }

    /** No card number and no JDBC URL parameters (they may carry a password) leave through a message. */
    static String safe(String message) {
        return Redaction.scrubText(message.replaceAll("(jdbc:[a-z]+:[^\\s?'\")]*)\\?[^\\s'\")]*", "$1?…"));
    }

    static int exitCode(Throwable failure) {
        if (failure instanceof CliFailure cli) {
            return cli.exitCode();
        }
        if (failure instanceof ValidationException || failure instanceof NotFoundException) {
            return ExitCodes.BAD_INPUT;
        }
        if (failure instanceof RefundRefusedException refused) {
            // A provider without refunds never refunds: asking is bad input. The rest depend on the payment's state.
            return refused.reason() == RefundRefusedException.Reason.NOT_SUPPORTED ? ExitCodes.BAD_INPUT
                    : ExitCodes.CONFLICT;
        }
        if (failure instanceof IdempotencyConflictException || failure instanceof IllegalTransitionException
                || failure instanceof ConcurrentUpdateException || failure instanceof DuplicateKeyException) {
            return ExitCodes.CONFLICT;
        }
        if (failure instanceof ConfigurationException || failure instanceof ProviderConfigurationException
                || failure instanceof ProviderNotConfiguredException) {
            return ExitCodes.CONFIGURATION;
        }
        if (failure instanceof StoreUnavailableException || failure instanceof ProviderUnavailableException
                || failure instanceof EmbeddedDatabase.HomeInUseException || failure instanceof UncheckedIOException) {
            return ExitCodes.INFRASTRUCTURE;
        }
        return ExitCodes.INTERNAL;
    }

    static String message(Throwable failure) {
        if (failure instanceof ValidationException invalid) {
            return listed("invalid input", invalid.violations().stream().map(Violation::toString).toList());
        }
        if (failure instanceof ConfigurationException config) {
            return listed("configuration", config.problems());
        }
        if (failure instanceof ProviderNotConfiguredException notConfigured) {
            return "configuration: " + notConfigured.getMessage() + "; " + ProviderSetup.allVariablesHint();
        }
        if (failure instanceof ProviderConfigurationException refused) {
            return "configuration: " + refused.getMessage()
                    + " (check the provider's COBRO_* variables: credentials and URLs of one environment)";
        }
        if (failure instanceof IdempotencyConflictException || failure instanceof IllegalTransitionException
                || failure instanceof ConcurrentUpdateException || failure instanceof DuplicateKeyException) {
            return "conflict: " + failure.getMessage();
        }
        if (failure instanceof RefundRefusedException refused) {
            return (refused.reason() == RefundRefusedException.Reason.NOT_SUPPORTED ? "not supported: "
                    : "refused: ") + refused.getMessage();
        }
        if (failure instanceof StoreUnavailableException || failure instanceof ProviderUnavailableException) {
            return "unavailable: " + failure.getMessage();
        }
        if (failure instanceof CliFailure || failure instanceof NotFoundException
                || failure instanceof EmbeddedDatabase.HomeInUseException) {
            return failure.getMessage();
        }
        if (failure instanceof UncheckedIOException io) {
            return "unavailable: " + io.getMessage();
        }
        return "internal error: " + failure.getClass().getSimpleName()
                + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    }

    /** One line per problem, so that a long list stays readable. */
    private static String listed(String what, List<String> problems) {
        StringBuilder text = new StringBuilder(what).append(", ").append(problems.size())
                .append(problems.size() == 1 ? " problem:" : " problems:");
        problems.forEach(p -> text.append(System.lineSeparator()).append("  - ").append(p));
        return text.toString();
    }
}
