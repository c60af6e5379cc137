package dev.cobro.application.port.out;

import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.ProviderId;

import java.util.Map;
import java.util.Optional;

/**
 * A provider's own proof that a notification comes from it (layer 2 of ARCHITECTURE.md's
 * "Notifications: authenticity"): 88Pay sends {@code Authorization: Bearer <token encrypted with
 * the merchant's webhook secret>} that carries the notification's transaction id and amount. Cobro's
 * signed URL (layer 1) names the payment but can be read by the payer in the checkout link; this
 * proof is what stops the payer forging their own payment's notification. One adapter per account
 * (or one for every account of its provider) whose proof the host has configured; an account
 * without one is checked by layer 1 only.
 */
public interface NotificationAuthenticityPort {

    ProviderId providerId();

    /**
     * The account whose notifications this proof judges (each has its own secret); empty when it
     * judges every account of its provider that has no proof of its own.
     */
    default Optional<AccountId> account() {
        return Optional.empty();
    }

    /** Judges the proof carried by {@code headers} (names lower-case) against the parsed body. Never throws for what it was sent. */
    Proof verify(ParsedNotification notification, Map<String, String> headers);

    /**
     * The same, for a proof that also covers the URL the notification was received on (its query
     * string); the default judges the headers and body only.
     */
    default Proof verify(ParsedNotification notification, Map<String, String> headers, String url) {
        return verify(notification, headers);
    }

    /** The verdict: {@code problem} says why the proof does not hold, null when it does. */
    record Proof(String problem) {

        public static Proof holds() {
            return new Proof(null);
        }

        public static Proof fails(String problem) {
            return new Proof(java.util.Objects.requireNonNull(problem, "problem"));
        }

        public boolean isValid() {
            return problem == null;
        }
    }
}
