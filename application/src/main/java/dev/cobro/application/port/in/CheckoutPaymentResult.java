package dev.cobro.application.port.in;

import dev.cobro.domain.payment.Payment;

/**
 * The answer to a checkout request. The payment's status says how it went (AWAITING_CUSTOMER with
 * its checkout URL, REJECTED, NOT_SENT, UNKNOWN); the type says whether this call sent it.
 */
public sealed interface CheckoutPaymentResult {

    Payment payment();

    /** This call recorded the payment and called the provider. */
    record Created(Payment payment) implements CheckoutPaymentResult {
    }

    /** The same request was made before: its stored result, and no provider call. */
    record Replayed(Payment payment) implements CheckoutPaymentResult {
    }

    /** The same request is still being sent by another call: ask again later. */
    record InProgress(Payment payment) implements CheckoutPaymentResult {
    }
}
