package dev.cobro.domain.payment;

import dev.cobro.domain.shared.Aggregate;
import dev.cobro.domain.shared.IllegalTransitionException;
import dev.cobro.domain.shared.Lifecycle;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.Money;
import dev.cobro.domain.shared.ProviderId;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

import static dev.cobro.domain.payment.PaymentStatus.*;

/**
 * One hosted-checkout payment (88Pay PAYIN). Created REQUESTED before the provider is called;
 * every later status comes through a method that checks the transition table.
 */
public final class Payment extends Aggregate<PaymentId, PaymentStatus> {

    private final MerchantReference merchantReference;
    private final CheckoutDetails details;
    private final Set<PaymentFlag> flags;
    private String providerSessionId;
    private String providerReference;
    private String checkoutUrl;
    /** The id of the key that signed the notification URL sent with the charge; null when unsigned or signed before ids. */
    private String notificationKeyId;
    /** What went back to the customer so far, in the payment's currency; never above its amount. */
    private Money refunded;
    /** The provider's id of the payment that settled the checkout (a refund names it); null when it has none. */
    private String providerPaymentId;

    private Payment(PaymentId id, ProviderId provider, AccountId account, MerchantReference merchantReference,
                    CheckoutDetails details,
                    String fingerprint, Instant createdAt, Lifecycle<PaymentStatus> lifecycle, Set<PaymentFlag> flags,
                    String providerSessionId, String providerReference, String checkoutUrl, long version) {
        super(id, provider, account, fingerprint, createdAt, lifecycle, SEND, version);
        this.merchantReference = Objects.requireNonNull(merchantReference, "merchantReference");
        this.details = Objects.requireNonNull(details, "details");
        this.flags = flags.isEmpty() ? EnumSet.noneOf(PaymentFlag.class) : EnumSet.copyOf(flags);
        this.providerSessionId = providerSessionId;
        this.providerReference = providerReference;
        this.checkoutUrl = checkoutUrl;
        this.refunded = Money.zero(details.money().currency());
    }

    /** A new payment, REQUESTED, not yet sent. {@code fingerprint} identifies the request for idempotency. */
    public static Payment request(PaymentId id, ProviderId provider, MerchantReference reference,
                                  CheckoutDetails details, String fingerprint, Clock clock) {
        return request(id, provider, AccountId.DEFAULT, reference, details, fingerprint, clock);
    }

    /** A new payment of one account of the provider, REQUESTED, not yet sent. */
    public static Payment request(PaymentId id, ProviderId provider, AccountId account, MerchantReference reference,
                                  CheckoutDetails details, String fingerprint, Clock clock) {
        Lifecycle<PaymentStatus> lifecycle = Lifecycle.start(TRANSITIONS, REQUESTED, "requested", clock);
        return new Payment(id, provider, account, reference, details, fingerprint, clock.instant(), lifecycle,
                EnumSet.noneOf(PaymentFlag.class), null, null, null, 0);
    }

    /**
     * A new payment whose checkout named no provider: Cobro chose {@code provider} and {@code account},
     * the first of the route of its country, and may move it on to the next ({@link #reroute}).
     */
    public static Payment route(PaymentId id, ProviderId provider, AccountId account, MerchantReference reference,
                                CheckoutDetails details, String fingerprint, Clock clock) {
        Payment payment = request(id, provider, account, reference, details, fingerprint, clock);
        payment.flags.add(PaymentFlag.ROUTED);
        return payment;
    }

    /** A payment as it was stored. */
    public static Payment restore(PaymentSnapshot s) {
        Payment payment = new Payment(s.id(), s.provider(), s.account(), s.merchantReference(), s.details(),
                s.fingerprint(), s.createdAt(), Lifecycle.restore(TRANSITIONS, s.status(), s.statusChanges(),
                s.updatedAt()), s.flags(), s.providerSessionId(), s.providerReference(), s.checkoutUrl(), s.version());
        payment.notificationKeyId = s.notificationKeyId();
        if (s.refundedAmount() != null) {
            payment.refunded = payment.checkedRefund(s.refundedAmount());
        }
        payment.providerPaymentId = s.providerPaymentId();
        return payment;
    }

    /** The payment's whole state, as a store keeps it and {@link #restore} takes it back. */
    public PaymentSnapshot snapshot() {
        return new PaymentSnapshot(id(), provider(), account(), merchantReference, details, fingerprint(), status(),
                flags, providerSessionId, providerReference, checkoutUrl, notificationKeyId, createdAt(), updatedAt(),
                statusChanges(), version(), refunded.amount(), providerPaymentId);
    }

    /**
     * The notification URL of the charge about to be sent is signed with this key (null: unsigned);
     * set before the write-ahead, so that the key a payment needs is known while it is open.
     */
    public void signNotificationsWith(String keyId) {
        if (status() != REQUESTED) {
            throw new IllegalStateException("payment " + id() + " is " + status() + ": its notification URL is sent");
        }
        this.notificationKeyId = keyId;
    }

    /** The 88Pay session (token) the charge is sent under; set before the write-ahead. */
    public void useSession(String sessionId) {
        if (status() != REQUESTED) {
            throw new IllegalStateException("payment " + id() + " is " + status() + ": its session is fixed");
        }
        this.providerSessionId = sessionId;
    }

    /** The provider accepted the charge and gave the customer's checkout link. */
    public void awaitCustomer(String sessionId, String reference, String checkoutUrl, boolean echoMismatch,
                              Clock clock) {
        lifecycle().move(AWAITING_CUSTOMER, echoMismatch ? "checkout created; provider echo differs from request"
                : "checkout created", clock);
        if (sessionId != null) {
            this.providerSessionId = sessionId;
        }
        this.providerReference = blankToNull(reference);
        this.checkoutUrl = checkoutUrl;
        if (echoMismatch) {
            flags.add(PaymentFlag.ECHO_MISMATCH);
        }
    }

    /** Sends again a payment that never reached the provider. */
    @Override
    public void retry(Clock clock) {
        super.retry(clock);
        this.providerSessionId = null;
    }

    /**
     * Sends a routed payment that never reached its provider through another provider (or the same one
     * again): only from NOT_SENT, so only when nothing was created anywhere; the payment is then that
     * provider's and account's, and the status change says which one it left.
     */
    public void reroute(ProviderId next, AccountId nextAccount, Clock clock) {
        Objects.requireNonNull(next, "next");
        Objects.requireNonNull(nextAccount, "nextAccount");
        if (!flags.contains(PaymentFlag.ROUTED)) {
            throw new IllegalStateException("payment " + id() + " named its provider: it is never routed to another");
        }
        String reason = next.equals(provider()) && nextAccount.equals(account())
                ? "sent again after nothing reached the provider"
                : "routed to " + next + " account " + nextAccount + " after nothing reached " + provider() + " account "
                + account();
        lifecycle().move(REQUESTED, reason, clock);
        serveThrough(next, nextAccount);
        this.providerSessionId = null;
    }

    /** Whether Cobro chose the payment's provider (the checkout named none). */
    public boolean isRouted() {
        return flags.contains(PaymentFlag.ROUTED);
    }

    /**
     * A provider notification settles the payment. SUCCEEDED after EXPIRED, FAILED or CANCELLED is
     * accepted and flagged late: the customer's money did arrive. Only a verified notification may
     * come here (ARCHITECTURE.md, "Notifications: authenticity").
     */
    public void settle(PaymentStatus outcome, String reason, Clock clock) {
        if (!SETTLED_BY_NOTIFICATION.contains(outcome)) {
            throw new IllegalTransitionException("payment", status(), outcome);
        }
        boolean late = outcome == SUCCEEDED && LATE_SUCCESS_FROM.contains(status());
        lifecycle().move(outcome, reason, clock);
        if (late) {
            flags.add(PaymentFlag.LATE_NOTIFICATION);
        }
    }

    /**
     * As {@link #settle(PaymentStatus, String, Clock)}, keeping the provider's id of the payment that
     * settled the checkout when it is SUCCEEDED: a provider that refunds by its own payment id needs it.
     */
    public void settle(PaymentStatus outcome, String providerPaymentId, String reason, Clock clock) {
        settle(outcome, reason, clock);
        if (outcome == SUCCEEDED && providerPaymentId != null && !providerPaymentId.isBlank()) {
            this.providerPaymentId = providerPaymentId;
        }
    }

    /**
     * A refund of {@code amount} went through: it adds to what was refunded, and the payment is
     * REFUNDED once nothing is left, else PARTIALLY_REFUNDED (again, for a further refund).
     *
     * @throws IllegalArgumentException when it is not a positive amount of the payment's currency or
     *                                  would refund more than the amount
     */
    public void refund(Money amount, String reason, Clock clock) {
        if (amount == null || !amount.isPositive()) {
            throw new IllegalArgumentException("a refund of payment " + id() + " must be a positive amount");
        }
        Money total = checkedRefund(refunded.amount().add(sameCurrency(amount).amount()));
        moveToRefunded(total, reason, clock);
    }

    /**
     * The provider reports that {@code total} has been refunded in all (its own figure, which counts
     * refunds made outside Cobro too): REFUNDED when it is the whole amount, else PARTIALLY_REFUNDED.
     * What Cobro already knows is never lowered. Throws {@link IllegalTransitionException} when the
     * payment cannot move so, and {@link IllegalArgumentException} for a total above the amount.
     */
    public void reportRefunded(Money total, String reason, Clock clock) {
        Money checked = checkedRefund(sameCurrency(total).amount());
        if (checked.compareTo(refunded) <= 0 && status() != SUCCEEDED) {
            throw new IllegalTransitionException("payment", status(), PARTIALLY_REFUNDED);
        }
        moveToRefunded(checked.compareTo(refunded) > 0 ? checked : refunded, reason, clock);
    }

    /** The customer's bank took the money back. */
    public void chargeBack(String reason, Clock clock) {
        lifecycle().move(CHARGED_BACK, reason, clock);
    }

    private void moveToRefunded(Money total, String reason, Clock clock) {
        PaymentStatus target = total.equals(details.money()) ? REFUNDED : PARTIALLY_REFUNDED;
        lifecycle().move(target, reason, clock);
        this.refunded = total;
    }

    /** What may still be refunded: the amount less what was refunded. */
    public Money refundable() {
        return Money.of(details.money().amount().subtract(refunded.amount()), details.money().currency());
    }

    private Money sameCurrency(Money amount) {
        if (!amount.currency().equals(details.money().currency())) {
            throw new IllegalArgumentException("a refund of payment " + id() + " is in " + details.money().currency()
                    + ", not " + amount.currency());
        }
        return amount;
    }

    /** A refunded total as Money of the payment's currency, never above the amount. */
    private Money checkedRefund(java.math.BigDecimal total) {
        Money money = Money.of(total, details.money().currency());
        if (money.compareTo(details.money()) > 0) {
            throw new IllegalArgumentException("payment " + id() + " of " + details.money() + " cannot have "
                    + money + " refunded");
        }
        return money;
    }

    /** The checkout lifetime passed with no notification. */
    public void expire(String reason, Clock clock) {
        lifecycle().move(EXPIRED, reason, clock);
    }

    public MerchantReference merchantReference() {
        return merchantReference;
    }

    public CheckoutDetails details() {
        return details;
    }

    public Set<PaymentFlag> flags() {
        return Set.copyOf(flags);
    }

    public String providerSessionId() {
        return providerSessionId;
    }

    public String providerReference() {
        return providerReference;
    }

    public String checkoutUrl() {
        return checkoutUrl;
    }

    /** What went back to the customer so far (zero when nothing did). */
    public Money refunded() {
        return refunded;
    }

    /** The provider's id of the payment that settled the checkout, or null when it has none. */
    public String providerPaymentId() {
        return providerPaymentId;
    }

    /** The id of the key that signed the notification URL sent with the charge; null when unsigned or unknown. */
    public String notificationKeyId() {
        return notificationKeyId;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Override
    public String toString() {
        return "Payment[" + id() + " " + provider() + " " + merchantReference + " " + details.money() + " " + status() + "]";
    }
}
