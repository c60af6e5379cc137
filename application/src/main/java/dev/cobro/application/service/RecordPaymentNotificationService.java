package dev.cobro.application.service;

import dev.cobro.application.port.in.RecordPaymentNotificationCommand;
import dev.cobro.application.port.in.RecordPaymentNotificationUseCase;
import dev.cobro.application.port.out.ConcurrentUpdateException;
import dev.cobro.application.port.out.HostedCheckoutProviderPort;
import dev.cobro.application.port.out.NotificationAuthenticityPort;
import dev.cobro.application.port.out.ParsedNotification;
import dev.cobro.application.port.out.PaymentStorePort;
import dev.cobro.application.port.out.ProviderUnavailableException;
import dev.cobro.application.port.in.ProviderNotConfiguredException;
import dev.cobro.application.port.out.StoreRefusedValueException;
import dev.cobro.domain.payment.NotificationOutcome;
import dev.cobro.domain.payment.Payment;
import dev.cobro.domain.payment.PaymentId;
import dev.cobro.domain.payment.PaymentNotification;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.Money;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.ValidationException;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Judges a notification (ARCHITECTURE.md, "Notifications: authenticity") and settles the payment it
 * names. Nothing unverified changes anything:
 * <ol>
 * <li>Cobro's signature on the URL it was called on ({@link NotificationSigner}) names the payment;
 *     missing or wrong: UNVERIFIED.</li>
 * <li>The provider's own proof ({@link NotificationAuthenticityPort}, 88Pay's bearer token), when
 *     the host configured one for the provider; missing or wrong: UNVERIFIED.</li>
 * <li>The body must match the named payment (session or reference, and the amount, required);
 *     else MISMATCHED.</li>
 * </ol>
 * A host that verifies upstream may accept unverified notifications (never the default): then a
 * notification without a good signature falls back to matching on reference, else (session,
 * amount) among the open payments, and an ambiguous match is UNMATCHED. Every notification is
 * stored with its outcome; none throws for what the provider (or a forger) sent.
 * <p>
 * What is read and kept is bounded: a body over the size limit is not parsed at all; what is kept
 * of a notification that is not proven (UNVERIFIED) is an excerpt of its body, with the body's
 * length and SHA-256; a value the database refuses (SQLSTATE class 22) is stored without the values
 * read from the body rather than lost.
 */
public final class RecordPaymentNotificationService implements RecordPaymentNotificationUseCase {

    /** A resolver racing on the same payment: reload and judge again. */
    private static final int RACE_TRIES = 3;
    /** The body size limit unless the host sets another: a genuine notification is a few hundred bytes. */
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;
    /** What is kept of an unproven notification's body: enough for a whole genuine one, never more. */
    public static final int EXCERPT_CHARACTERS = 4096;

    private final ProviderRegistry<HostedCheckoutProviderPort> providers;
    private final PaymentStorePort payments;
    private final NotificationSigner signer;
    /** The proofs by provider and account; under a null account, the proof of every account without its own. */
    private final Map<ProviderId, Map<AccountId, NotificationAuthenticityPort>> proofs = new HashMap<>();
    private final boolean acceptUnverified;
    private final Supplier<UUID> ids;
    private final Clock clock;
    private final int maxBodyBytes;

    /**
     * @param proofs           the providers' own proofs the host configured: at most one per (provider,
     *                         account), and at most one per provider for every account
     * @param acceptUnverified the explicit opt-out for hosts that verify upstream; never the default
     */
    public RecordPaymentNotificationService(ProviderRegistry<HostedCheckoutProviderPort> providers,
                                            PaymentStorePort payments, NotificationSigner signer,
                                            List<NotificationAuthenticityPort> proofs, boolean acceptUnverified,
                                            Supplier<UUID> ids, Clock clock) {
        this(providers, payments, signer, proofs, acceptUnverified, ids, clock, DEFAULT_MAX_BODY_BYTES);
    }

    /**
     * @param maxBodyBytes the largest body, in UTF-8 bytes, that is parsed; a larger one is stored
     *                     as an excerpt and changes nothing
     */
    public RecordPaymentNotificationService(ProviderRegistry<HostedCheckoutProviderPort> providers,
                                            PaymentStorePort payments, NotificationSigner signer,
                                            List<NotificationAuthenticityPort> proofs, boolean acceptUnverified,
                                            Supplier<UUID> ids, Clock clock, int maxBodyBytes) {
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("the notification body size limit must be positive, not "
                    + maxBodyBytes);
        }
        this.maxBodyBytes = maxBodyBytes;
        this.providers = Objects.requireNonNull(providers, "providers");
        this.payments = Objects.requireNonNull(payments, "payments");
        this.signer = Objects.requireNonNull(signer, "signer");
        for (NotificationAuthenticityPort proof : proofs) {
            AccountId account = proof.account().orElse(null);
            if (this.proofs.computeIfAbsent(proof.providerId(), p -> new HashMap<>()).putIfAbsent(account, proof)
                    != null) {
                throw new IllegalArgumentException("two notification proofs for provider " + proof.providerId()
                        + (account == null ? "" : " account " + account));
            }
        }
        this.acceptUnverified = acceptUnverified;
        this.ids = Objects.requireNonNull(ids, "ids");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public PaymentNotification record(RecordPaymentNotificationCommand given) {
        // Every account of a provider reads its notifications alike: any of them parses the body.
        List<HostedCheckoutProviderPort> accounts = providers.accountsOf(given.provider());
        HostedCheckoutProviderPort provider = accounts.isEmpty() ? providers.get(given.provider()) : accounts.get(0);
        NotificationBody.Facts facts = NotificationBody.facts(given.body());
        boolean tooLarge = facts.length() > maxBodyBytes;
        ParsedNotification parsed = null;
        String unreadable = null;
        if (tooLarge) {
            unreadable = "its body of " + facts.length() + " bytes is larger than the limit of " + maxBodyBytes
                    + " bytes and is not read";
        } else {
            try {
                parsed = provider.parseNotification(given.body());
            } catch (ValidationException e) {
                unreadable = e.getMessage();
            }
        }
        // From here on the body is the one stored: the session it names lives only in its column. A
        // body over the limit is redacted from its excerpt only, so its size costs nothing more.
        Received command = new Received(given.provider(), given.url(), provider.redactedNotificationBody(
                tooLarge ? NotificationBody.excerpt(given.body(), EXCERPT_CHARACTERS) : given.body()),
                given.headers(), facts);
        // Checked with the key of the account of the payment cobro_pid names (ARCHITECTURE.md, Provider
        // accounts): a URL signed for one account cannot settle another account's payment.
        ProviderId providerId = command.provider();
        NotificationSigner.Verdict signature = signer.verify(providerId, paymentId -> payments.findById(paymentId)
                .filter(p -> p.provider().equals(providerId))
                .map(p -> p.account().value()), command.url());
        if (!signature.isSigned() && !acceptUnverified) {
            return store(command, parsed, NotificationOutcome.UNVERIFIED, null, signature.problem()
                    + (parsed == null ? "; and " + unreadable : "") + "; nothing changes");
        }
        if (parsed == null) {
            return store(command, null, NotificationOutcome.IGNORED, null,
                    "not a notification Cobro can read: " + unreadable);
        }
        String unproven = providerProofProblem(command, parsed, signature);
        if (unproven != null && !acceptUnverified) {
            return store(command, parsed, NotificationOutcome.UNVERIFIED, null, unproven
                    + (signature.isSigned() ? " (signed for payment " + signature.paymentId() + ")" : "")
                    + "; nothing changes");
        }
        String accepted = signature.isSigned() && unproven == null ? ""
                : " (accepted unverified: " + (signature.isSigned() ? unproven : signature.problem()) + ")";
        for (int tries = 1; ; tries++) {
            try {
                return signature.isSigned() ? judgeSigned(command, parsed, signature.paymentId(), accepted)
                        : judgeUnsigned(command, parsed, accepted, provider);
            } catch (ConcurrentUpdateException raced) {
                if (tries >= RACE_TRIES) {
                    throw raced;
                }
            }
        }
    }

    /**
     * The provider's own proof, chosen by the account of the payment the signature names (each account
     * has its own secret; another account's proves nothing): null when it holds or there is none.
     * Without a signature (only when unverified notifications are accepted) the account is unknown and
     * only a proof for every account of the provider is asked.
     */
    private String providerProofProblem(Received command, ParsedNotification parsed,
                                        NotificationSigner.Verdict signature) {
        Map<AccountId, NotificationAuthenticityPort> ofProvider = proofs.get(command.provider());
        if (ofProvider == null) {
            return null;
        }
        NotificationAuthenticityPort proof = signature.isSigned()
                ? ofProvider.getOrDefault(AccountId.of(signature.account()), ofProvider.get(null))
                : ofProvider.get(null);
        if (proof == null) {
            return null;
        }
        NotificationAuthenticityPort.Proof verdict = proof.verify(parsed, command.headers(), command.url());
        return verdict.isValid() ? null : verdict.problem();
    }

    /** A good signature pins the notification to one payment: the body must be about that payment. */
    private PaymentNotification judgeSigned(Received command, ParsedNotification parsed,
                                            PaymentId paymentId, String accepted) {
        Optional<Payment> found = payments.findById(paymentId);
        if (found.isEmpty() || !found.get().provider().equals(command.provider())) {
            return store(command, parsed, NotificationOutcome.UNMATCHED, null,
                    "the signed payment " + paymentId + " is not a payment of " + command.provider() + accepted);
        }
        Payment payment = found.get();
        ParsedNotification confirmed;
        try {
            // Asked only now, after both proofs hold: a forged notification costs no provider call.
            confirmed = providers.get(payment.provider(), payment.account()).confirm(parsed, command.url());
        } catch (ProviderUnavailableException | ProviderNotConfiguredException unconfirmed) {
            return store(command, parsed, NotificationOutcome.IGNORED, payment, "it could not be confirmed with "
                    + command.provider() + " (" + unconfirmed.getMessage() + "); nothing changes" + accepted);
        }
        parsed = confirmed;
        String mismatch = mismatch(payment, parsed);
        if (mismatch != null) {
            return store(command, parsed, NotificationOutcome.MISMATCHED, payment, mismatch
                    + "; nothing changes" + accepted);
        }
        return settle(command, parsed, payment, accepted);
    }

    /** Why the body is not about {@code payment}, or null when it is. */
    static String mismatch(Payment payment, ParsedNotification parsed) {
        boolean sameSession = parsed.sessionId() != null && parsed.sessionId().equals(payment.providerSessionId());
        boolean sameReference = parsed.reference() != null && parsed.reference().equals(payment.providerReference());
        if (!sameSession && !sameReference) {
            // Neither value is quoted: the session is a secret.
            return "its transaction id or reference is not the signed payment's";
        }
        if (parsed.amount() == null) {
            return "it carries no amount; a signed notification must carry the payment's";
        }
        if (!payment.details().money().sameAmountAs(parsed.amount())) {
            return "amount " + parsed.amount() + " differs from the signed payment's";
        }
        if (parsed.currency() != null
                && !parsed.currency().equals(payment.details().money().currency().getCurrencyCode())) {
            return "currency " + parsed.currency() + " differs from the signed payment's";
        }
        return null;
    }

    /**
     * The fallback for a notification without a good signature, reached only when the host accepts
     * unverified notifications: by reference when there is one, else (session, amount).
     */
    private PaymentNotification judgeUnsigned(Received command, ParsedNotification received,
                                              String accepted, HostedCheckoutProviderPort provider) {
        ParsedNotification parsed;
        try {
            // No signed payment names the account: the adapter that read the body asks with its own credentials.
            parsed = provider.confirm(received, command.url());
        } catch (ProviderUnavailableException unconfirmed) {
            return store(command, received, NotificationOutcome.IGNORED, null, "it could not be confirmed with "
                    + command.provider() + " (" + unconfirmed.getMessage() + "); nothing changes" + accepted);
        }
        if (parsed.amount() == null) {
            return store(command, parsed, NotificationOutcome.UNMATCHED, null,
                    "it carries no amount and no Cobro signature: no payment can be told from it" + accepted);
        }
        List<Payment> candidates = candidates(command, parsed);
        if (candidates.isEmpty()) {
            return store(command, parsed, NotificationOutcome.UNMATCHED, null, "no payment matches it" + accepted);
        }
        List<Payment> sameAmount = candidates.stream().filter(p -> sameMoney(p, parsed)).collect(Collectors.toList());
        if (sameAmount.isEmpty()) {
            Payment only = candidates.size() == 1 ? candidates.get(0) : null;
            return store(command, parsed, NotificationOutcome.REJECTED, only,
                    "amount " + parsed.amount() + (parsed.currency() != null ? " " + parsed.currency() : "")
                            + " differs from the payment's" + accepted);
        }
        if (sameAmount.size() > 1) {
            return store(command, parsed, NotificationOutcome.UNMATCHED, null,
                    sameAmount.size() + " payments match it; none is changed" + accepted);
        }
        return settle(command, parsed, sameAmount.get(0), accepted);
    }

    private PaymentNotification settle(Received command, ParsedNotification parsed,
                                       Payment payment, String accepted) {
        PaymentStatus target = parsed.mappedStatus();
        if (target == null) {
            return store(command, parsed, NotificationOutcome.IGNORED, payment,
                    "status '" + parsed.rawStatus() + "' is not one Cobro knows; stored as received" + accepted);
        }
        if (PaymentStatus.AFTER_SUCCESS.contains(target)) {
            return settleAfterSuccess(command, parsed, payment, accepted);
        }
        if (payment.status() == target) {
            return store(command, parsed, NotificationOutcome.DUPLICATE, payment, "already " + target + accepted);
        }
        if (!PaymentStatus.SETTLED_BY_NOTIFICATION.contains(target) || !payment.canMoveTo(target)) {
            return store(command, parsed, NotificationOutcome.IGNORED, payment,
                    "a " + payment.status() + " payment cannot become " + target + accepted);
        }
        payment.settle(target, parsed.reference(), "notified " + parsed.rawStatus() + accepted, clock);
        PaymentNotification notification = notification(command, parsed, NotificationOutcome.APPLIED, payment,
                "settled " + target + accepted);
        payments.recordNotification(notification, payment);
        return notification;
    }

    /**
     * A refund or chargeback the provider reports of the payment that settled the checkout: the
     * refunded total is the provider's own figure (it counts refunds made outside Cobro too), and what
     * Cobro knows is never lowered. A checkout still open is settled first: its money did arrive.
     */
    private PaymentNotification settleAfterSuccess(Received command, ParsedNotification parsed, Payment payment,
                                                   String accepted) {
        PaymentStatus target = parsed.mappedStatus();
        if (payment.providerPaymentId() != null && !payment.providerPaymentId().equals(parsed.reference())) {
            return store(command, parsed, NotificationOutcome.IGNORED, payment, "it reports " + target
                    + " of another payment of the checkout than the one that settled it" + accepted);
        }
        Money money = payment.details().money();
        Money refunded = null;
        if (target != PaymentStatus.CHARGED_BACK) {
            BigDecimal total = target == PaymentStatus.REFUNDED ? money.amount() : parsed.refundedAmount();
            try {
                refunded = Money.of(total, money.currency());
            } catch (IllegalArgumentException unreadable) {
                return store(command, parsed, NotificationOutcome.MISMATCHED, payment, "its refunded amount is not"
                        + " one of " + money.currency() + " (" + unreadable.getMessage() + "); nothing changes" + accepted);
            }
            if (refunded.compareTo(money) > 0) {
                return store(command, parsed, NotificationOutcome.MISMATCHED, payment, "refunded amount " + refunded
                        + " is above the payment's " + money + "; nothing changes" + accepted);
            }
            if (PaymentStatus.AFTER_SUCCESS.contains(payment.status()) && refunded.compareTo(payment.refunded()) <= 0) {
                return store(command, parsed, NotificationOutcome.DUPLICATE, payment, "already " + payment.status()
                        + " with " + payment.refunded() + " refunded" + accepted);
            }
        } else if (payment.status() == target) {
            return store(command, parsed, NotificationOutcome.DUPLICATE, payment, "already " + target + accepted);
        }
        boolean settles = payment.canMoveTo(PaymentStatus.SUCCEEDED);
        if (!settles && !PaymentStatus.REFUNDABLE.contains(payment.status())) {
            return store(command, parsed, NotificationOutcome.IGNORED, payment,
                    "a " + payment.status() + " payment cannot become " + target + accepted);
        }
        String reason = "notified " + parsed.rawStatus() + (refunded == null ? "" : ", " + refunded + " refunded")
                + accepted;
        if (settles) {
            payment.settle(PaymentStatus.SUCCEEDED, parsed.reference(), reason + " (its payment arrived first)", clock);
        }
        if (refunded == null) {
            payment.chargeBack(reason, clock);
        } else {
            payment.reportRefunded(refunded, reason, clock);
        }
        PaymentNotification notification = notification(command, parsed, NotificationOutcome.APPLIED, payment,
                "moved to " + payment.status() + accepted);
        payments.recordNotification(notification, payment);
        return notification;
    }

    /**
     * Payments the notification may be about: by reference when there is one, else by session.
     * Open payments, those it may already have settled (a repeat), and those a late success still
     * moves.
     */
    private List<Payment> candidates(Received command, ParsedNotification parsed) {
        List<Payment> found = List.of();
        if (parsed.reference() != null && !parsed.reference().isBlank()) {
            found = payments.findByProviderReference(command.provider(), parsed.reference());
        }
        if (found.isEmpty() && parsed.sessionId() != null && !parsed.sessionId().isBlank()) {
            found = payments.findBySession(command.provider(), parsed.sessionId());
        }
        return found.stream()
                .filter(p -> p.status().isOpen() || p.status() == parsed.mappedStatus()
                        || (parsed.mappedStatus() == PaymentStatus.SUCCEEDED
                        && PaymentStatus.LATE_SUCCESS_FROM.contains(p.status()))
                        || (PaymentStatus.AFTER_SUCCESS.contains(parsed.mappedStatus())
                        && PaymentStatus.REFUNDABLE.contains(p.status())))
                .collect(Collectors.toList());
    }

    /** A notification that states no currency is judged on its amount alone. */
    private static boolean sameMoney(Payment payment, ParsedNotification parsed) {
        Money money = payment.details().money();
        return parsed.currency() == null ? money.sameAmountAs(parsed.amount())
                : money.sameAs(parsed.amount(), parsed.currency());
    }

    private PaymentNotification store(Received command, ParsedNotification parsed,
                                      NotificationOutcome outcome, Payment payment, String detail) {
        PaymentNotification notification = notification(command, parsed, outcome, payment, detail);
        try {
            payments.recordNotification(notification, null);
        } catch (StoreRefusedValueException refused) {
            if (parsed == null) {
                throw refused;
            }
            // A value read from the body that the database cannot hold: the notification is kept without
            // the values, as one Cobro could not read, rather than lost or answered as an outage.
            notification = notification(command, null, outcome, payment, detail
                    + "; the database refused a value read from its body, so none is kept");
            payments.recordNotification(notification, null);
        }
        return notification;
    }

    private PaymentNotification notification(Received command, ParsedNotification parsed,
                                             NotificationOutcome outcome, Payment payment, String detail) {
        return new PaymentNotification(ids.get(), command.provider(), clock.instant(),
                parsed == null ? null : parsed.sessionId(), parsed == null ? null : parsed.reference(),
                parsed == null ? null : parsed.rawStatus(), parsed == null ? null : parsed.mappedStatus(),
                parsed == null ? null : parsed.amount(), parsed == null ? null : parsed.currency(),
                outcome == NotificationOutcome.UNVERIFIED || command.facts().length() > maxBodyBytes
                        ? NotificationBody.excerpt(command.body(), EXCERPT_CHARACTERS) : command.body(),
                outcome, payment == null ? null : payment.id(), detail, command.facts().length(),
                command.facts().sha256());
    }

    /**
     * The notification as it is judged and stored: the given command with the body already redacted
     * (an excerpt of it when the body is over the limit), and the facts of the body as received.
     */
    private record Received(ProviderId provider, String url, String body, Map<String, String> headers,
                            NotificationBody.Facts facts) {

        /** The URL names a payment and the headers carry a bearer token: neither is shown. */
        @Override
        public String toString() {
            return "Received[" + provider + ", " + facts.length() + " bytes, headers " + headers.keySet() + "]";
        }
    }
}
