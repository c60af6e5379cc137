package dev.cobro.application.port.in;

/**
 * The answer to a checkout request. The payment's status says how it went (AWAITING_CUSTOMER with
 * its checkout URL, REJECTED, NOT_SENT, UNKNOWN); the type says whether this call sent it.
 */
public sealed interface CheckoutPaymentResult {

    PaymentView payment();

    /** This call recorded the payment and called the provider. */
    record Created(PaymentView payment) implements CheckoutPaymentResult {
    }

    /** The same request was made before: its stored result, and no provider call. */
    record Replayed(PaymentView payment) implements CheckoutPaymentResult {
    }

    /** The same request is still being sent by another call: ask again later. */
    record InProgress(PaymentView payment) implements CheckoutPaymentResult {
    }
}
