package dev.cobro.domain.payment;

import dev.cobro.domain.shared.ProviderId;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A provider's notification as Cobro received and judged it. It is stored whatever its outcome,
 * with the raw body, so that nothing a provider said is lost.
 *
 * @param sessionId    88Pay {@code transaction_id} / {@code transactionId}: the token's session
 * @param reference    the provider's reference of the payment, when it gave one
 * @param rawStatus    the status as the provider spelled it
 * @param mappedStatus the payment status it means, or null when Cobro does not know it
 * @param amount       the amount as the provider sent it, compared numerically
 * @param body         what is kept of the body: the whole (redacted) body of a notification that was
 *                     proven, else an excerpt of it
 * @param paymentId    the payment it matched, or null
 * @param bodyLength   the body's length in UTF-8 bytes as received, or null when not known (older rows)
 * @param bodySha256   the SHA-256 of the body as received, in lower-case hex, or null when not known:
 *                     with the length it identifies a body whose stored form is only an excerpt
 */
public record PaymentNotification(UUID id, ProviderId provider, Instant receivedAt, String sessionId, String reference,
                                  String rawStatus, PaymentStatus mappedStatus, BigDecimal amount, String currency,
                                  String body, NotificationOutcome outcome, PaymentId paymentId, String detail,
                                  Long bodyLength, String bodySha256) {

    public PaymentNotification {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(outcome, "outcome");
    }

    /** A notification whose body is kept whole and not otherwise described. */
    public PaymentNotification(UUID id, ProviderId provider, Instant receivedAt, String sessionId, String reference,
                               String rawStatus, PaymentStatus mappedStatus, BigDecimal amount, String currency,
                               String body, NotificationOutcome outcome, PaymentId paymentId, String detail) {
        this(id, provider, receivedAt, sessionId, reference, rawStatus, mappedStatus, amount, currency, body, outcome,
                paymentId, detail, null, null);
    }

    /** The session id names every payment of a token's window: it is never shown, nor is the raw body that carries it. */
    @Override
    public String toString() {
        return "PaymentNotification[" + id + " " + provider + " " + outcome + (paymentId == null ? "" : " payment " + paymentId)
                + (rawStatus == null ? "" : " status " + rawStatus) + (amount == null ? "" : " amount " + amount)
                + (currency == null ? "" : " " + currency) + "]";
    }
}
