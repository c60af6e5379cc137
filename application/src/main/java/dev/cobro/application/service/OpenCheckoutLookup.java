package dev.cobro.application.service;

import dev.cobro.application.port.in.ProviderNotConfiguredException;
import dev.cobro.application.port.out.CheckoutCharge;
import dev.cobro.application.port.out.CheckoutCreated;
import dev.cobro.application.port.out.HostedCheckoutProviderPort;
import dev.cobro.application.port.out.ParsedNotification;
import dev.cobro.application.port.out.PaymentStorePort;
import dev.cobro.application.port.out.PreparedCharge;
import dev.cobro.application.port.out.ProviderOutcome;
import dev.cobro.domain.attempt.AttemptOperation;
import dev.cobro.domain.payment.Payment;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.TransactionKind;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The resolver's question about a checkout that stayed open with no notification: what does the
 * provider say about its payments ({@link HostedCheckoutProviderPort#lookup})? Only a provider that
 * can be asked is asked; the others' checkouts wait for their notification or their expiry. What the
 * provider answers is judged as a confirmed notification is: a payment that settles the checkout must
 * be this checkout's, for its amount and currency, else nothing moves; a SUCCEEDED reading wins over
 * any other (the money arrived); a reading that leaves the checkout open (a rejected try, a pending
 * payment) changes nothing.
 * <p>
 * A checkout whose creation went unanswered (UNKNOWN) and of which the provider knows no payment is
 * sent again, under the same idempotency key and with the very request of its first send, through
 * the provider operation (a recorded attempt): the provider answers the checkout its first send made,
 * or makes the one it never made.
 */
final class OpenCheckoutLookup {

    /** What came of one checkout: the reason of its change, or why it is left, or neither. */
    record Looked(String change, String problem) {

        static final Looked NOTHING = new Looked(null, null);

        static Looked changed(String reason) {
            return new Looked(reason, null);
        }

        static Looked left(String why) {
            return new Looked(null, why);
        }
    }

    private final ProviderRegistry<HostedCheckoutProviderPort> providers;
    private final PaymentStorePort payments;
    private final ProviderOperation operation;
    private final NotificationSigner signer;
    private final Duration checkoutLifetime;
    private final Clock clock;

    /** @param checkoutLifetime past it a checkout is not sent again: its page would be expired, it expires instead */
    OpenCheckoutLookup(ProviderRegistry<HostedCheckoutProviderPort> providers, PaymentStorePort payments,
                       ProviderOperation operation, NotificationSigner signer, Duration checkoutLifetime, Clock clock) {
        this.providers = Objects.requireNonNull(providers, "providers");
        this.payments = Objects.requireNonNull(payments, "payments");
        this.operation = Objects.requireNonNull(operation, "operation");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.checkoutLifetime = Objects.requireNonNull(checkoutLifetime, "checkoutLifetime");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Whether a checkout open since {@code openSince} is asked about in the run at {@code now}: first
     * once it has been open for {@code delay}, then each time its age doubles (delay, 2·delay,
     * 4·delay, ...), in the first run at or after each of those marks. {@code previousRun} is when the
     * previous run of this process looked; null on its first run, which asks about every checkout
     * past the delay (its marks may have fallen while no run looked).
     */
    static boolean due(Instant openSince, Instant now, Duration delay, Instant previousRun) {
        if (Duration.between(openSince, now).compareTo(delay) < 0) {
            return false;
        }
        if (previousRun == null || delay.isZero()) {
            return true;
        }
        Duration mark = delay;
        while (!openSince.plus(mark.multipliedBy(2)).isAfter(now)) {
            mark = mark.multipliedBy(2);
        }
        return openSince.plus(mark).isAfter(previousRun);
    }

    /** Asks about one open checkout and moves it as the answer says. */
    Looked lookUp(Payment payment) {
        HostedCheckoutProviderPort provider;
        try {
            provider = providers.get(payment.provider(), payment.account());
        } catch (ProviderNotConfiguredException gone) {
            // Not configured here: it cannot be asked from this instance.
            return Looked.NOTHING;
        }
        Optional<List<ParsedNotification>> asked = provider.lookup(payment.id(), payment.providerReference());
        if (asked.isEmpty()) {
            return Looked.NOTHING;
        }
        List<ParsedNotification> found = asked.get();
        Optional<ParsedNotification> settling = found.stream()
                .filter(p -> p.mappedStatus() == PaymentStatus.SUCCEEDED).findFirst()
                .or(() -> found.stream().filter(p -> p.mappedStatus() != null
                        && PaymentStatus.SETTLED_BY_NOTIFICATION.contains(p.mappedStatus())).findFirst());
        if (settling.isPresent()) {
            return settle(payment, settling.get());
        }
        boolean payable = payment.createdAt().plus(checkoutLifetime).isAfter(clock.instant());
        if (found.isEmpty() && payment.status() == PaymentStatus.UNKNOWN && payable) {
            return sendAgain(provider, payment);
        }
        // A rejected or cancelled try, a pending payment: the customer may still pay; it stays open.
        return Looked.NOTHING;
    }

    private Looked settle(Payment payment, ParsedNotification read) {
        String paid = payment.provider() + " payment " + read.reference() + " " + read.rawStatus();
        String mismatch = RecordPaymentNotificationService.mismatch(payment, read);
        if (mismatch != null) {
            return Looked.left("the provider's " + paid + " was not taken: " + mismatch.replace("signed payment",
                    "checkout") + "; nothing changes");
        }
        PaymentStatus target = read.mappedStatus();
        if (!payment.canMoveTo(target)) {
            return Looked.left("a " + payment.status() + " payment cannot become " + target + " (" + paid + ")");
        }
        String reason = "no notification came; the provider's API says " + paid;
        // The payment read is what a refund names, as for a settling notification.
        payment.settle(target, read.reference(), reason, clock);
        payments.save(payment, null);
        return Looked.changed(reason);
    }

    /**
     * Sends the checkout's creation again. This relies on a checkout alone (a hosted page, a provider's
     * "preference") moving no money: the provider knows no payment of it, and no customer can have paid a checkout
     * whose URL no one received, so sending the same request again under the same idempotency key can
     * make at most the checkout the first send may have made, never a second charge. The request is
     * the first one byte for byte (same payment, same request time, the URL signed with the same key
     * while the ring holds it), so a provider that honours the key answers the first checkout.
     */
    private Looked sendAgain(HostedCheckoutProviderPort provider, Payment payment) {
        NotificationSigner.Signed signed = signer.signAgain(payment.details().notificationUrl().value(),
                payment.provider(), payment.account().value(), payment.id(), payment.notificationKeyId());
        CheckoutCharge charge = new CheckoutCharge(payment.id(), payment.merchantReference(), payment.details(),
                signed.url(), payment.createdAt());
        // A stored payment, sent again: never inserted (isNew is false), saved with its new attempt.
        ProviderOperation.Subject subject = ProviderOperation.Subject.of(TransactionKind.CHECKOUT_PAYMENT, payment,
                payment.id().value(), "payment " + payment.id(), payments);
        ProviderOperation.Ran<CheckoutCreated> ran = operation.run(subject, false, AttemptOperation.CHARGE,
                new ProviderOperation.Call<>(() -> prepare(provider, payment, charge), provider::charge,
                        (prepared, outcome) -> moveAs(payment, prepared, outcome)));
        if (ran instanceof ProviderOperation.Ran.Refused<CheckoutCreated>) {
            return Looked.left("another call of this payment is under way; left to it");
        }
        ProviderOutcome<CheckoutCreated> outcome = ((ProviderOperation.Ran.Sent<CheckoutCreated>) ran).outcome();
        if (payment.status() == PaymentStatus.AWAITING_CUSTOMER) {
            return Looked.changed("its creation went unanswered and the provider knows no payment of it: sent again"
                    + " under the same idempotency key, the checkout exists");
        }
        return Looked.left("its creation went unanswered and the provider knows no payment of it: sent again under"
                + " the same idempotency key, it stays UNKNOWN (" + outcome.reason() + ")");
    }

    /** The charge as first sent: a provider whose request would go out under another session is not sent again. */
    private static PreparedCharge prepare(HostedCheckoutProviderPort provider, Payment payment, CheckoutCharge charge) {
        PreparedCharge prepared = provider.prepareCharge(charge);
        if (!Objects.equals(prepared.sessionId(), payment.providerSessionId())) {
            // The session is not quoted: it is a secret.
            throw new IllegalStateException("the checkout of payment " + payment.id() + " would go out under another"
                    + " provider session than its first send; it is not sent again");
        }
        return prepared;
    }

    /**
     * Only an answered checkout moves the payment (UNKNOWN to AWAITING_CUSTOMER). Any other answer says
     * nothing about what the first send did, so the payment stays UNKNOWN for its expiry or a notification.
     */
    private void moveAs(Payment payment, PreparedCharge prepared, ProviderOutcome<CheckoutCreated> outcome) {
        if (outcome instanceof ProviderOutcome.Succeeded<CheckoutCreated> created) {
            CheckoutCreated checkout = created.answer();
            payment.awaitCustomer(prepared.sessionId(), checkout.reference(), checkout.checkoutUrl(),
                    StartCheckoutPaymentService.echoDiffers(payment, checkout), clock);
        }
    }
}
