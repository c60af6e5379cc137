package dev.cobro.application.port.in;

/**
 * The janitor: closes attempts left REQUESTED by a process that died or could not write the
 * outcome (they become UNKNOWN), reverses authorizations left UNKNOWN (the timeout reversal card
 * networks use) and resends reversals that got no answer, marks NEEDS_REVIEW after too many
 * failed reversals, and expires checkout payments past their lifetime.
 */
public interface ResolveUnknownOutcomesUseCase {

    ResolutionReport resolve(ResolveUnknownOutcomesCommand command);
}
