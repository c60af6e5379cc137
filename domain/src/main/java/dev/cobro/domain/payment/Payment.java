package dev.cobro.domain.payment;

import dev.cobro.domain.shared.IllegalTransitionException;
import dev.cobro.domain.shared.Lifecycle;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.StatusChange;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import static dev.cobro.domain.payment.PaymentStatus.*;

/**
 * One hosted-checkout payment (88Pay PAYIN). Created REQUESTED before the provider is called;
 * every later status comes through a method that checks the transition table.
 */
public final class Payment {

    private final PaymentId id;
    /** The provider and account serving the payment: a routed payment moves on while nothing reached them. */
    private ProviderId provider;
    private AccountId account;
    private final MerchantReference merchantReference;
    private final CheckoutDetails details;
    private final String fingerprint;
    private final Instant createdAt;
    private final Lifecycle<PaymentStatus> lifecycle;
    private final Set<PaymentFlag> flags;
    private String providerSessionId;
    private String providerReference;
    private String checkoutUrl;
    /** The id of the key that signed the notification URL sent with the charge; null when unsigned or signed before ids. */
    private String notificationKeyId;
    private long version;

    private Payment(PaymentId id, ProviderId provider, AccountId account, MerchantReference merchantReference,
                    CheckoutDetails details,
                    String fingerprint, Instant createdAt, Lifecycle<PaymentStatus> lifecycle, Set<PaymentFlag> flags,
                    String providerSessionId, String providerReference, String checkoutUrl, long version) {
        this.id = Objects.requireNonNull(id, "id");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.account = Objects.requireNonNull(account, "account");
        this.merchantReference = Objects.requireNonNull(merchantReference, "merchantReference");
        this.details = Objects.requireNonNull(details, "details");
        this.fingerprint = Objects.requireNonNull(fingerprint, "fingerprint");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.lifecycle = lifecycle;
        this.flags = flags.isEmpty() ? EnumSet.noneOf(PaymentFlag.class) : EnumSet.copyOf(flags);
        this.providerSessionId = providerSessionId;
        this.providerReference = providerReference;
        this.checkoutUrl = checkoutUrl;
        this.version = version;
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
        return payment;
    }

    /** The payment's whole state, as a store keeps it and {@link #restore} takes it back. */
    public PaymentSnapshot snapshot() {
        return new PaymentSnapshot(id, provider, account, merchantReference, details, fingerprint, status(), flags,
                providerSessionId, providerReference, checkoutUrl, notificationKeyId, createdAt, updatedAt(),
                statusChanges(), version);
    }

    /**
     * The notification URL of the charge about to be sent is signed with this key (null: unsigned);
     * set before the write-ahead, so that the key a payment needs is known while it is open.
     */
    public void signNotificationsWith(String keyId) {
        if (status() != REQUESTED) {
            throw new IllegalStateException("payment " + id + " is " + status() + ": its notification URL is sent");
        }
        this.notificationKeyId = keyId;
    }

    /** The 88Pay session (token) the charge is sent under; set before the write-ahead. */
    public void useSession(String sessionId) {
        if (status() != REQUESTED) {
            throw new IllegalStateException("payment " + id + " is " + status() + ": its session is fixed");
        }
        this.providerSessionId = sessionId;
    }

    /** The provider accepted the charge and gave the customer's checkout link. */
    public void awaitCustomer(String sessionId, String reference, String checkoutUrl, boolean echoMismatch,
                              Clock clock) {
        lifecycle.move(AWAITING_CUSTOMER, echoMismatch ? "checkout created; provider echo differs from request"
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

    /** The provider refused the request (validation, 4xx). */
    public void reject(String reason, Clock clock) {
        lifecycle.move(REJECTED, reason, clock);
    }

    /** Nothing reached the provider; the same key may send again. */
    public void notSent(String reason, Clock clock) {
        lifecycle.move(NOT_SENT, reason, clock);
    }

    /** No answer (timeout, 5xx after sending): resolved later, never guessed. */
    public void unknown(String reason, Clock clock) {
        lifecycle.move(UNKNOWN, reason, clock);
    }

    /** Sends again a payment that never reached the provider. */
    public void retry(Clock clock) {
        lifecycle.move(REQUESTED, "sent again after nothing reached the provider", clock);
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
            throw new IllegalStateException("payment " + id + " named its provider: it is never routed to another");
        }
        String reason = next.equals(provider) && nextAccount.equals(account)
                ? "sent again after nothing reached the provider"
                : "routed to " + next + " account " + nextAccount + " after nothing reached " + provider + " account "
                + account;
        lifecycle.move(REQUESTED, reason, clock);
        this.provider = next;
        this.account = nextAccount;
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
        lifecycle.move(outcome, reason, clock);
        if (late) {
            flags.add(PaymentFlag.LATE_NOTIFICATION);
        }
    }

    /** The checkout lifetime passed with no notification. */
    public void expire(String reason, Clock clock) {
        lifecycle.move(EXPIRED, reason, clock);
    }

    public boolean canMoveTo(PaymentStatus target) {
        return lifecycle.allows(target);
    }

    /** Called by a store once the payment is saved: the version the next save must match. */
    public void markSaved(long savedVersion) {
        this.version = savedVersion;
        lifecycle.markSaved();
    }

    public PaymentId id() {
        return id;
    }

    public ProviderId provider() {
        return provider;
    }

    /** The provider account the payment was sent through. */
    public AccountId account() {
        return account;
    }

    public MerchantReference merchantReference() {
        return merchantReference;
    }

    public CheckoutDetails details() {
        return details;
    }

    public String fingerprint() {
        return fingerprint;
    }

    public PaymentStatus status() {
        return lifecycle.status();
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

    /** The id of the key that signed the notification URL sent with the charge; null when unsigned or unknown. */
    public String notificationKeyId() {
        return notificationKeyId;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return lifecycle.updatedAt();
    }

    public List<StatusChange<PaymentStatus>> statusChanges() {
        return lifecycle.changes();
    }

    /**
     * How many of {@link #statusChanges()} were stored when this was loaded or last saved; a store
     * appends the ones after it.
     */
    public int savedStatusChangeCount() {
        return lifecycle.savedCount();
    }

    public long version() {
        return version;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Override
    public String toString() {
        return "Payment[" + id + " " + provider + " " + merchantReference + " " + details.money() + " " + status() + "]";
    }
}
