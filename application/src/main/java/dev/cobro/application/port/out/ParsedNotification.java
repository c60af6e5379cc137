package dev.cobro.application.port.out;

import dev.cobro.domain.payment.PaymentStatus;

import java.math.BigDecimal;

/**
 * A provider's notification in provider-neutral form.
 *
 * @param sessionId    the session (88Pay {@code transaction_id}) or null; never shown by {@link #toString()}
 * @param reference    the provider's reference of the payment, or null when it gave none
 * @param rawStatus    the status as the provider spelled it
 * @param mappedStatus what it means for a payment, or null when the status is not one Cobro knows
 * @param amount       the amount the provider notified (compared numerically), or null
 * @param currency     ISO 4217 alphabetic code, or null when the notification carries none
 * @param refundedAmount what the provider says was refunded of the payment in all, or null when it
 *                     says nothing of refunds
 */
public record ParsedNotification(String sessionId, String reference, String rawStatus, PaymentStatus mappedStatus,
                                 BigDecimal amount, String currency, BigDecimal refundedAmount) {

    /** A notification that says nothing of refunds. */
    public ParsedNotification(String sessionId, String reference, String rawStatus, PaymentStatus mappedStatus,
                              BigDecimal amount, String currency) {
        this(sessionId, reference, rawStatus, mappedStatus, amount, currency, null);
    }

    /** The session names every payment of a token's 50 s window: whoever reads it could forge their notifications. */
    @Override
    public String toString() {
        return "ParsedNotification[session=" + (sessionId == null ? "none" : "***") + ", reference=" + reference
                + ", status=" + rawStatus + ", amount=" + amount + ", currency=" + currency
                + (refundedAmount == null ? "" : ", refunded=" + refundedAmount) + "]";
    }
}
