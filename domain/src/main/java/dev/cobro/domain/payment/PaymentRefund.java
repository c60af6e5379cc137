package dev.cobro.domain.payment;

import dev.cobro.domain.attempt.AttemptStatus;
import dev.cobro.domain.shared.Chars;
import dev.cobro.domain.shared.Money;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One refund of a payment, as it is recorded: under its key (unique per payment: a repeated request
 * under the same key is the same refund), its amount, whether it was asked as the whole rest, and
 * the provider attempt that carries it. Its status is its attempt's: REQUESTED while the call is
 * out, then SUCCEEDED, REJECTED, FAILED, NOT_SENT or UNKNOWN. Immutable.
 *
 * @param full      true when no amount was asked: everything that remained
 * @param attemptId the attempt that sends it (a refund that was NOT_SENT goes out again under a new one)
 * @param status    its attempt's status as last read; REQUESTED for one not yet sent
 */
public record PaymentRefund(UUID id, PaymentId paymentId, String key, Money amount, boolean full, UUID attemptId,
                            AttemptStatus status, Instant createdAt) {

    /** The most characters a refund key has; letters, digits and {@code . _ : -}. */
    public static final int MAX_KEY_LENGTH = 64;

    public PaymentRefund {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(attemptId, "attemptId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        if (!isKey(key)) {
            throw new IllegalArgumentException("a refund key is 1 to " + MAX_KEY_LENGTH
                    + " letters, digits, '.', '_', ':' or '-'");
        }
        if (!amount.isPositive()) {
            throw new IllegalArgumentException("a refund's amount must be positive");
        }
    }

    /**
     * {@code [A-Za-z0-9._:-]{1,MAX_KEY_LENGTH}}, by hand: it is checked on every construction, on the request
     * path, where a regular expression's matcher costs more than the rest of the constructor.
     */
    public static boolean isKey(String key) {
        return key != null && Chars.isRepeat(key, 1, MAX_KEY_LENGTH, c -> Chars.isAlnum(c) || "._:-".indexOf(c) >= 0);
    }

    /** The same refund sent again (after NOT_SENT) under a new attempt. */
    public PaymentRefund resentAs(UUID attempt) {
        return new PaymentRefund(id, paymentId, key, amount, full, attempt, AttemptStatus.REQUESTED, createdAt);
    }

    /** Its amount counts against what may still be refunded: sent and not known to have failed. */
    public boolean reserves() {
        return status == AttemptStatus.REQUESTED || status == AttemptStatus.UNKNOWN;
    }
}
