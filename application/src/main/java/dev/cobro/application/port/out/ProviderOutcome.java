package dev.cobro.application.port.out;

/**
 * How one provider call ended, as its adapter judged the answer: the one outcome type of every
 * provider operation (charge, authorize, reverse, and whatever the next provider adds). {@code S} is
 * what an answered call carries for the core: a created checkout ({@link CheckoutCreated}), a card
 * authorization's response, nothing ({@link Void}) for a reversal. Every outcome keeps its
 * {@link ProviderExchange} for the attempt row; the core maps the outcome to the attempt's status
 * in one place, so an adapter only says which of these five it saw.
 *
 * @param <S> what an answered call carries
 */
public sealed interface ProviderOutcome<S> {

    /** What came back, for the attempt row (status, provider code and message, redacted body). */
    ProviderExchange exchange();

    /** Why the call ended this way, secret-free; null for a success. */
    String reason();

    static <S> ProviderOutcome<S> succeeded(S answer, ProviderExchange exchange) {
        return new Succeeded<>(answer, exchange);
    }

    static <S> ProviderOutcome<S> declined(S answer, String reason, ProviderExchange exchange) {
        return new Declined<>(answer, reason, exchange);
    }

    static <S> ProviderOutcome<S> rejected(String reason, ProviderExchange exchange) {
        return new Rejected<>(reason, exchange);
    }

    static <S> ProviderOutcome<S> notSent(String reason, ProviderExchange exchange) {
        return new NotSent<>(reason, exchange);
    }

    static <S> ProviderOutcome<S> unknown(String reason, ProviderExchange exchange) {
        return new Unknown<>(reason, exchange);
    }

    /** The provider processed the call and did what was asked (checkout created, card approved, reversed). */
    record Succeeded<S>(S answer, ProviderExchange exchange) implements ProviderOutcome<S> {

        @Override
        public String reason() {
            return null;
        }
    }

    /**
     * The provider processed the call and said no: a card decline, a reversal that failed (Pay-me's
     * code 01). A normal outcome, not an error. {@code answer} is what the decline carries (an
     * authorization's response codes), or null when the exchange says it all.
     */
    record Declined<S>(S answer, String reason, ProviderExchange exchange) implements ProviderOutcome<S> {
    }

    /** The provider refused the request before processing it (validation, 4xx, credentials refused). */
    record Rejected<S>(String reason, ProviderExchange exchange) implements ProviderOutcome<S> {
    }

    /** Nothing reached the provider, or it processed nothing (a 429): the same key may send again. */
    record NotSent<S>(String reason, ProviderExchange exchange) implements ProviderOutcome<S> {
    }

    /**
     * No usable answer after sending (a timeout, a 5xx, an unreadable body, an answer that does not
     * echo the request): the provider may have processed it; the resolver settles it, never a guess.
     */
    record Unknown<S>(String reason, ProviderExchange exchange) implements ProviderOutcome<S> {
    }
}
