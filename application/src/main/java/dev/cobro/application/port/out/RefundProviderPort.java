package dev.cobro.application.port.out;

/**
 * A provider that refunds a settled checkout payment: the adapter of a hosted-checkout provider that
 * publishes refunds implements this beside {@link HostedCheckoutProviderPort}. A provider whose
 * adapter does not implement it has no refunds, and a refund of its payment is refused before
 * anything is recorded.
 */
public interface RefundProviderPort {

    /** Builds the refund and its redacted form before anything is recorded. */
    PreparedCall prepareRefund(RefundCall refund);

    /**
     * Sends a prepared refund. Never throws for a provider's answer: every answer is an outcome
     * (a refund the provider refuses is {@code Rejected} or {@code Declined}; no answer after
     * sending is {@code Unknown}). What a made refund carries is the provider's refund id, or null.
     */
    ProviderOutcome<String> refund(PreparedCall prepared);
}
