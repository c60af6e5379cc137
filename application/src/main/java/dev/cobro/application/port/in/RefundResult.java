package dev.cobro.application.port.in;

import dev.cobro.domain.payment.PaymentRefund;

/**
 * How a refund went: the payment as it is now, the refund as recorded (its status is its attempt's:
 * SUCCEEDED, REJECTED, FAILED, NOT_SENT, UNKNOWN, or REQUESTED while another call of it is still out).
 *
 * @param replayed true when the key's refund was recorded already and nothing was sent now
 * @param reason   why it did not succeed, as the provider or the transport said; null otherwise
 */
public record RefundResult(PaymentView payment, PaymentRefund refund, boolean replayed, String reason) {
}
