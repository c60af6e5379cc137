package dev.cobro.application.port.in;

import dev.cobro.application.port.out.TransactionStatus;
import dev.cobro.domain.shared.TransactionKind;

import java.util.List;
import java.util.UUID;

/**
 * What one resolver run changed, and what it could not settle. Each item is handled on its own: a
 * lost race or a store error on one item is a {@link Problem} here, and the run goes on.
 * {@code skipped}: another instance was sweeping the same database, so this run did nothing.
 */
public record ResolutionReport(List<Change> changes, List<Problem> problems, boolean skipped) {

    public ResolutionReport {
        changes = List.copyOf(changes);
        problems = List.copyOf(problems);
    }

    public ResolutionReport(List<Change> changes) {
        this(changes, List.of(), false);
    }

    /** The run that found another sweep of the same database under way. */
    public static ResolutionReport skippedWhileAnotherSweepRuns() {
        return new ResolutionReport(List.of(), List.of(), true);
    }

    /** One transaction settled (or one attempt closed): {@code from} and {@code to} are statuses. */
    public record Change(UUID id, TransactionKind kind, TransactionStatus from, TransactionStatus to, String reason) {
    }

    /** One item left for a later run: why, in words with no secret. */
    public record Problem(UUID id, TransactionKind kind, String reason) {
    }
}
