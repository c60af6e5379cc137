package dev.cobro.application.port.in;

/**
 * Refunds a settled checkout payment, in whole or in part, as a recorded provider call under its own
 * idempotency key: a repeated request under the same key sends nothing and answers the recorded
 * refund. The refunds of a payment never add up to more than its amount.
 */
public interface RefundPaymentUseCase {

    /**
     * @throws NotFoundException             when no payment has the id
     * @throws RefundRefusedException        when the payment cannot be refunded so (see its reason); nothing is sent
     * @throws IdempotencyConflictException  when the key was used for a refund of another amount
     * @throws dev.cobro.domain.shared.ValidationException for an amount the payment's currency cannot hold
     */
    RefundResult refund(RefundPaymentCommand command);
}
