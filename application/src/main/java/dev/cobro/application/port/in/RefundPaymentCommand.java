package dev.cobro.application.port.in;

import dev.cobro.domain.payment.PaymentId;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A refund of a payment.
 *
 * @param amount what goes back to the customer; null for everything that remains
 * @param key    the refund's idempotency key (1 to 64 letters, digits, {@code . _ : -}); null derives
 *               it from the request: {@code full} for everything that remains, {@code amount-<amount>}
 *               for an amount, so that a repeated request is never a second refund (two refunds of
 *               one amount need keys of their own)
 */
public record RefundPaymentCommand(PaymentId paymentId, BigDecimal amount, String key) {

    public RefundPaymentCommand {
        Objects.requireNonNull(paymentId, "paymentId");
    }
}
