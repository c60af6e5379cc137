package dev.cobro.application.port.in;

/** Reverse an AUTHORIZED (or UNKNOWN) authorization; each reversal is its own recorded attempt. */
public interface ReverseAuthorizationUseCase {

    /**
     * Throws {@link NotFoundException} for an unknown id and
     * {@link dev.cobro.domain.shared.IllegalTransitionException} when the status cannot be reversed.
     */
    ReversalResult reverse(ReverseAuthorizationCommand command);
}
