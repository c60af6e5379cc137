package dev.cobro.application.service;

import dev.cobro.application.port.in.AggregateViews;
import dev.cobro.application.port.in.IdempotencyConflictException;
import dev.cobro.application.port.in.NotFoundException;
import dev.cobro.application.port.in.RefundPaymentCommand;
import dev.cobro.application.port.in.RefundPaymentUseCase;
import dev.cobro.application.port.in.RefundRefusedException;
import dev.cobro.application.port.in.RefundRefusedException.Reason;
import dev.cobro.application.port.in.RefundResult;
import dev.cobro.application.port.out.AttemptInProgressException;
import dev.cobro.application.port.out.AttemptLogPort;
import dev.cobro.application.port.out.ConcurrentUpdateException;
import dev.cobro.application.port.out.HostedCheckoutProviderPort;
import dev.cobro.application.port.out.MetricsPort;
import dev.cobro.application.port.out.PaymentStorePort;
import dev.cobro.application.port.out.PreparedCall;
import dev.cobro.application.port.out.ProviderOutcome;
import dev.cobro.application.port.out.RefundCall;
import dev.cobro.application.port.out.RefundLimitException;
import dev.cobro.application.port.out.RefundProviderPort;
import dev.cobro.domain.attempt.AttemptOperation;
import dev.cobro.domain.attempt.AttemptStatus;
import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.payment.Payment;
import dev.cobro.domain.payment.PaymentRefund;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.Money;
import dev.cobro.domain.shared.TransactionKind;
import dev.cobro.domain.shared.ValidationException;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A refund through the one write-ahead routine ({@link ProviderOperation}): its subject is the payment,
 * its attempt a REFUND, and its write-ahead also records the refund under its key. Two guards keep
 * the refunds of a payment within its amount whatever the number of instances: the write-ahead's
 * own (one unfinished call per payment, the payment's version), and the store's, which refuses a
 * refund that with what was refunded and what is still out would exceed the amount (the database
 * checks it under the payment's row lock). What is checked here first only makes the usual refusal
 * clear and cheap. A refund with no answer is UNKNOWN, never failed, and its amount stays counted
 * against what may still be refunded until it is known.
 */
public final class RefundPaymentService implements RefundPaymentUseCase {

    /** A notification racing the refund's outcome on the same payment: reload and write again. */
    private static final int RACE_TRIES = 3;

    private final ProviderRegistry<HostedCheckoutProviderPort> providers;
    private final PaymentStorePort payments;
    private final ProviderOperation operation;
    private final Supplier<UUID> ids;
    private final Clock clock;

    public RefundPaymentService(ProviderRegistry<HostedCheckoutProviderPort> providers, PaymentStorePort payments,
                                AttemptLogPort attempts, MetricsPort metrics, Supplier<UUID> ids, Clock clock) {
        this.providers = providers;
        this.payments = payments;
        this.operation = new ProviderOperation(attempts, metrics, ids, clock);
        this.ids = ids;
        this.clock = clock;
    }

    @Override
    public RefundResult refund(RefundPaymentCommand command) {
        for (int tries = 1; ; tries++) {
            Payment payment = payments.findById(command.paymentId())
                    .orElseThrow(() -> new NotFoundException("no payment " + command.paymentId()));
            HostedCheckoutProviderPort provider = providers.get(payment.provider(), payment.account());
            if (!(provider instanceof RefundProviderPort refunds)) {
                throw new RefundRefusedException(Reason.NOT_SUPPORTED, "provider " + payment.provider()
                        + " publishes no refund: payment " + payment.id() + " cannot be refunded through Cobro");
            }
            Money asked = command.amount() == null ? null : money(payment, command.amount());
            String key = command.key() != null ? command.key() : derivedKey(asked);
            if (!PaymentRefund.isKey(key)) {
                throw ValidationException.of("key", "must be 1 to " + PaymentRefund.MAX_KEY_LENGTH
                        + " letters, digits, '.', '_', ':' or '-'", key);
            }
            Optional<PaymentRefund> stored = payments.findRefund(payment.id(), key);
            try {
                if (stored.isPresent()) {
                    return fromRecord(refunds, payment, stored.get(), asked);
                }
                return send(refunds, payment, key, asked, null);
            } catch (ConcurrentUpdateException raced) {
                // The write-ahead lost to another write of the payment: judged again on what is stored now.
                if (raced instanceof AttemptInProgressException || tries >= RACE_TRIES) {
                    throw new RefundRefusedException(Reason.IN_PROGRESS, "another provider call of payment "
                            + payment.id() + " is still out; nothing was sent: try again once it has an outcome");
                }
            }
        }
    }

    /**
     * For the resolver: sends a refund recorded UNKNOWN once more, under its key and so under the same
     * provider idempotency key ({@link #idempotencyKey}), moved to a new attempt through the provider
     * operation. Safe only because the provider answers a repeated request under the same key with the
     * refund it made and makes none anew (Mercado Pago documents this for its refunds); a provider
     * implementing {@link RefundProviderPort} promises the same. The refund ends SUCCEEDED (the payment
     * moves), FAILED or REJECTED (its amount no longer counted), or UNKNOWN again. Answered
     * {@code replayed} when nothing was sent: another call of the payment is still out (its write-ahead
     * refused), or the refund is no longer UNKNOWN.
     */
    RefundResult resendUnknown(PaymentRefund unknown) {
        Payment payment = payments.findById(unknown.paymentId())
                .orElseThrow(() -> new NotFoundException("no payment " + unknown.paymentId()));
        if (unknown.status() != AttemptStatus.UNKNOWN) {
            return new RefundResult(AggregateViews.payment(payment), unknown, true, null);
        }
        HostedCheckoutProviderPort provider = providers.get(payment.provider(), payment.account());
        if (!(provider instanceof RefundProviderPort refunds)) {
            throw new RefundRefusedException(Reason.NOT_SUPPORTED, "provider " + payment.provider()
                    + " no longer refunds: refund " + unknown.key() + " of payment " + payment.id()
                    + " stays UNKNOWN");
        }
        return send(refunds, payment, unknown.key(), unknown.full() ? null : unknown.amount(), unknown);
    }

    /** A key's refund recorded already: the same request is answered from it, another is a conflict. */
    private RefundResult fromRecord(RefundProviderPort refunds, Payment payment, PaymentRefund stored, Money asked) {
        boolean same = asked == null ? stored.full() : !stored.full() && stored.amount().equals(asked);
        if (!same) {
            throw new IdempotencyConflictException("refund key " + stored.key() + " of payment " + payment.id()
                    + " was used for a refund of " + (stored.full() ? "everything that remained (" + stored.amount()
                    + ")" : stored.amount().toString()) + ", not of " + (asked == null ? "everything that remains"
                    : asked.toString()));
        }
        if (stored.status() == AttemptStatus.NOT_SENT) {
            // Nothing reached the provider: the one outcome the same key sends again.
            return send(refunds, payment, stored.key(), stored.amount(), stored);
        }
        return new RefundResult(AggregateViews.payment(payment), stored, true, null);
    }

    /**
     * One refund through the provider operation; {@code resent} is the stored refund sent again (NOT_SENT,
     * or UNKNOWN by the resolver; its amount as recorded, its own amount not counted twice), or null for
     * a new one.
     */
    private RefundResult send(RefundProviderPort refunds, Payment payment, String key, Money asked,
                              PaymentRefund resent) {
        if (!PaymentStatus.REFUNDABLE.contains(payment.status())) {
            throw new RefundRefusedException(Reason.NOT_REFUNDABLE, "payment " + payment.id() + " is "
                    + payment.status() + ": only a settled payment (SUCCEEDED or PARTIALLY_REFUNDED) is refunded");
        }
        if (payment.providerPaymentId() == null) {
            throw new RefundRefusedException(Reason.NOT_REFUNDABLE, "payment " + payment.id() + " names no "
                    + payment.provider() + " payment to refund: the notification that settled it carried none");
        }
        Money refundable = payment.refundable();
        for (PaymentRefund other : payments.refundsOf(payment.id())) {
            if (other.reserves() && (resent == null || !other.id().equals(resent.id()))) {
                refundable = Money.of(refundable.amount().subtract(other.amount().amount()).max(BigDecimal.ZERO),
                        refundable.currency());
            }
        }
        Money amount = resent != null ? resent.amount() : asked != null ? asked : refundable;
        if (amount.isZero() || amount.compareTo(refundable) > 0) {
            throw new RefundRefusedException(Reason.ABOVE_REFUNDABLE, "payment " + payment.id() + " of "
                    + payment.details().money() + " has " + refundable + " left to refund (" + payment.refunded()
                    + " refunded, the rest of it still out or unknown); a refund of " + amount + " is refused");
        }
        boolean whole = amount.equals(payment.details().money());
        RefundCall call = new RefundCall(payment.id(), payment.providerPaymentId(), amount, whole,
                idempotencyKey(payment, key));
        UUID refundId = resent != null ? resent.id() : ids.get();
        PaymentRefund[] written = new PaymentRefund[1];
        Payment[] current = {payment};
        ProviderOperation.Subject subject = new ProviderOperation.Subject(TransactionKind.CHECKOUT_PAYMENT,
                payment.id().value(), payment.provider(), payment.account(), "payment " + payment.id(),
                attempt -> {
                    throw new IllegalStateException("a refund's payment is stored already");
                },
                attempt -> {
                    if (attempt.status() == AttemptStatus.REQUESTED) {
                        written[0] = new PaymentRefund(refundId, payment.id(), key, amount, resent != null
                                ? resent.full() : asked == null, attempt.id(), AttemptStatus.REQUESTED,
                                resent != null ? resent.createdAt() : clock.instant());
                        payments.saveRefund(payment, written[0], resent == null, attempt);
                    } else {
                        current[0] = recordOutcome(current[0], attempt, amount, key);
                    }
                });
        ProviderOperation.Ran<String> ran;
        try {
            ran = operation.run(subject, false, AttemptOperation.REFUND, new ProviderOperation.Call<PreparedCall, String>(
                    () -> refunds.prepareRefund(call), prepared -> sent(refunds.refund(prepared), resent),
                    (prepared, outcome) -> {
                        // The payment moves when the outcome is recorded (recordOutcome), from what is stored then.
                    }));
        } catch (RefundLimitException beyond) {
            throw new RefundRefusedException(Reason.ABOVE_REFUNDABLE, beyond.getMessage());
        }
        if (ran instanceof ProviderOperation.Ran.Refused<String> refused) {
            Optional<PaymentRefund> raced = payments.findRefund(payment.id(), key);
            if (raced.isPresent() && (resent == null || raced.get().status() != AttemptStatus.NOT_SENT)) {
                // The same key's refund, written ahead by a racing request: answered from it.
                return fromRecord(refunds, payments.findById(payment.id()).orElseThrow(), raced.get(), asked);
            }
            throw refused.why();
        }
        ProviderOutcome<String> outcome = ((ProviderOperation.Ran.Sent<String>) ran).outcome();
        PaymentRefund recorded = new PaymentRefund(refundId, payment.id(), key, amount, written[0].full(),
                written[0].attemptId(), ((ProviderOperation.Ran.Sent<String>) ran).status(), written[0].createdAt());
        return new RefundResult(AggregateViews.payment(current[0]), recorded, false, outcome.reason());
    }

    /**
     * What a send ends as. A refund sent again after an UNKNOWN one that does not reach the provider
     * this time is still UNKNOWN, never NOT_SENT: the first send may have made it, so its amount stays
     * counted and the resolver sends it again.
     */
    private static ProviderOutcome<String> sent(ProviderOutcome<String> outcome, PaymentRefund resent) {
        if (resent != null && resent.status() == AttemptStatus.UNKNOWN
                && outcome instanceof ProviderOutcome.NotSent<String> not) {
            return ProviderOutcome.unknown("sent again, it did not reach the provider (" + not.reason()
                    + "), and the first send had no answer", not.exchange());
        }
        return outcome;
    }

    /**
     * Writes the finished attempt with the payment it moved. A refund that went through adds to what
     * was refunded: the payment's total becomes the larger of what it holds (a provider's report may
     * already count this refund) and what Cobro's own refunds add up to, so no refund is counted
     * twice. A notification saving the payment meanwhile is met by reloading it and writing again.
     */
    private Payment recordOutcome(Payment payment, ProviderAttempt attempt, Money amount, String key) {
        Payment current = payment;
        for (int tries = 1; ; tries++) {
            if (attempt.status() == AttemptStatus.SUCCEEDED) {
                Money byCobro = amount;
                for (PaymentRefund other : payments.refundsOf(current.id())) {
                    if (other.status() == AttemptStatus.SUCCEEDED && !other.attemptId().equals(attempt.id())) {
                        byCobro = Money.of(byCobro.amount().add(other.amount().amount()), amount.currency());
                    }
                }
                if (byCobro.compareTo(current.refunded()) > 0) {
                    current.reportRefunded(byCobro, "refunded " + amount + " under key " + key, clock);
                }
            }
            try {
                payments.save(current, attempt);
                return current;
            } catch (ConcurrentUpdateException raced) {
                if (raced instanceof AttemptInProgressException || tries >= RACE_TRIES) {
                    throw raced;
                }
                current = payments.findById(payment.id()).orElseThrow(() -> raced);
            }
        }
    }

    private static Money money(Payment payment, BigDecimal amount) {
        Money money;
        try {
            money = Money.of(amount, payment.details().money().currency());
        } catch (IllegalArgumentException e) {
            throw ValidationException.of("amount", e.getMessage(), null);
        }
        if (!money.isPositive()) {
            throw ValidationException.of("amount", "must be positive", money.amount().toPlainString());
        }
        return money;
    }

    /** The key of a request that names none: the same request derives the same key. */
    private static String derivedKey(Money asked) {
        return asked == null ? "full" : "amount-" + asked.amount().toPlainString();
    }

    /**
     * The provider's idempotency key of one refund: from the payment and Cobro's refund key, the same
     * on every send of that refund (never random), 49 characters.
     */
    static String idempotencyKey(Payment payment, String key) {
        return "cobro-refund-" + UUID.nameUUIDFromBytes((payment.id().value() + "/" + key)
                .getBytes(StandardCharsets.UTF_8));
    }
}
