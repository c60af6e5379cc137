package dev.cobro.application.port.in;

/** Take a hosted-checkout payment: the provider returns a checkout URL for the customer. */
public interface StartCheckoutPaymentUseCase {

    /**
     * Records the payment and its attempt, then calls the provider, then records the outcome.
     * Throws {@link IdempotencyConflictException} when the merchant reference was used with other
     * parameters, {@link dev.cobro.domain.shared.ValidationException} for bad input.
     */
    CheckoutPaymentResult start(StartCheckoutPaymentCommand command);
}
