package dev.cobro.application.port.out;

import dev.cobro.domain.payment.PaymentId;
import dev.cobro.domain.shared.Money;

import java.util.Objects;

/**
 * One refund for a provider to send.
 *
 * @param providerPaymentId the provider's id of the payment that settled the checkout
 * @param amount            what goes back to the customer
 * @param whole             true when it is the payment's whole amount (nothing refunded before)
 * @param idempotencyKey    the provider's idempotency key for it: the same on every send of this refund
 */
public record RefundCall(PaymentId paymentId, String providerPaymentId, Money amount, boolean whole,
                         String idempotencyKey) {

    public RefundCall {
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    }
}
