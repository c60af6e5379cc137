package dev.cobro.application.port.out;

import java.math.BigDecimal;

/**
 * How a hosted-checkout charge ended, as the adapter judged the provider's answer. Every outcome
 * names the provider session the charge last went out under ({@code sessionId}; a 401 re-sends it
 * under a fresh token and session), whatever the outcome: a notification is matched on it, so the
 * payment must keep that one, not the session it was prepared with. Null means the prepared one.
 */
public sealed interface ChargeOutcome {

    ProviderExchange exchange();

    /** The session the charge last went out under, or null when it is the prepared charge's. */
    String sessionId();

    /**
     * The checkout exists. {@code echoedAmount}/{@code echoedCurrency} are what the provider
     * echoed (null if it did not); the core compares them with the request and flags a mismatch.
     * {@code sessionId} is the session the charge was finally sent under (a 401 retry takes a new one).
     */
    record Accepted(String sessionId, String reference, String checkoutUrl, BigDecimal echoedAmount,
                    String echoedCurrency, ProviderExchange exchange) implements ChargeOutcome {

        /** The session names every payment of a token's window: never shown. */
        @Override
        public String toString() {
            return "Accepted[session=" + (sessionId == null ? "none" : "***") + ", reference=" + reference
                    + ", checkoutUrl=" + checkoutUrl + ", echoedAmount=" + echoedAmount + ", echoedCurrency="
                    + echoedCurrency + ", exchange=" + exchange + "]";
        }
    }

    /** The provider refused the request (400/404/422, a 200 with status Error, credentials refused). */
    record Rejected(String reason, ProviderExchange exchange, String sessionId) implements ChargeOutcome {

        public Rejected(String reason, ProviderExchange exchange) {
            this(reason, exchange, null);
        }

        @Override
        public String toString() {
            return "Rejected[" + reason + ", session=***]";
        }
    }

    /** Nothing was processed (connection refused, rate limited before processing): safe to send again. */
    record NotSent(String reason, ProviderExchange exchange, String sessionId) implements ChargeOutcome {

        public NotSent(String reason, ProviderExchange exchange) {
            this(reason, exchange, null);
        }

        @Override
        public String toString() {
            return "NotSent[" + reason + ", session=***]";
        }
    }

    /** No usable answer after sending (timeout, 5xx, a body that is not the documented JSON). */
    record Unknown(String reason, ProviderExchange exchange, String sessionId) implements ChargeOutcome {

        public Unknown(String reason, ProviderExchange exchange) {
            this(reason, exchange, null);
        }

        @Override
        public String toString() {
            return "Unknown[" + reason + ", session=***]";
        }
    }
}
