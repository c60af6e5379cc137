package dev.cobro.application.port.out;

import java.math.BigDecimal;

/**
 * What a hosted-checkout provider answers when the checkout exists: its reference, the page the
 * customer pays on, and the amount and currency it echoed (null when it echoed none). The core
 * compares the echo with the request and flags a mismatch; it never trusts it blindly. The provider
 * session the charge went out under is the prepared charge's ({@link PreparedCharge#sessionId()}).
 */
public record CheckoutCreated(String reference, String checkoutUrl, BigDecimal echoedAmount, String echoedCurrency) {
}
