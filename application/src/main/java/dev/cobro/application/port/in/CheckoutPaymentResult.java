package dev.cobro.application.port.in;

import dev.cobro.domain.shared.ProviderId;

import java.util.List;

/**
 * The answer to a checkout request. The payment's status says how it went (AWAITING_CUSTOMER with
 * its checkout URL, REJECTED, NOT_SENT, UNKNOWN); the type says whether this call sent it. The
 * payment's provider is the one that served it (for a routed checkout, the last one tried);
 * {@code triedProviders} lists every provider it was tried with, in order.
 */
public sealed interface CheckoutPaymentResult {

    PaymentView payment();

    /** The providers the payment was tried with, in order: one unless it was routed and fell back. */
    List<ProviderId> triedProviders();

    /** This call recorded the payment and called the provider (or, routed, the providers). */
    record Created(PaymentView payment, List<ProviderId> triedProviders) implements CheckoutPaymentResult {
        public Created {
            triedProviders = List.copyOf(triedProviders);
        }

        /** Tried with its own provider only. */
        public Created(PaymentView payment) {
            this(payment, List.of(payment.provider()));
        }
    }

    /** The same request was made before: its stored result, and no provider call. */
    record Replayed(PaymentView payment, List<ProviderId> triedProviders) implements CheckoutPaymentResult {
        public Replayed {
            triedProviders = List.copyOf(triedProviders);
        }

        /** Tried with its own provider only. */
        public Replayed(PaymentView payment) {
            this(payment, List.of(payment.provider()));
        }
    }

    /** The same request is still being sent by another call: ask again later. */
    record InProgress(PaymentView payment, List<ProviderId> triedProviders) implements CheckoutPaymentResult {
        public InProgress {
            triedProviders = List.copyOf(triedProviders);
        }

        /** Tried with its own provider only. */
        public InProgress(PaymentView payment) {
            this(payment, List.of(payment.provider()));
        }
    }
}
