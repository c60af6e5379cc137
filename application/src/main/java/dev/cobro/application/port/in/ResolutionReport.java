package dev.cobro.application.port.in;

import dev.cobro.domain.shared.TransactionKind;

import java.util.List;
import java.util.UUID;

/** What one resolver run changed. */
public record ResolutionReport(List<Change> changes) {

    public ResolutionReport {
        changes = List.copyOf(changes);
    }

    /** One transaction settled (or one attempt closed): {@code from} and {@code to} are statuses. */
    public record Change(UUID id, TransactionKind kind, String from, String to, String reason) {
    }
}
