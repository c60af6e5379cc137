package dev.cobro.application.service;

import dev.cobro.application.port.in.RecordPaymentNotificationCommand;
import dev.cobro.application.port.in.RecordPaymentNotificationUseCase;
import dev.cobro.application.port.out.ConcurrentUpdateException;
import dev.cobro.application.port.out.HostedCheckoutProviderPort;
import dev.cobro.application.port.out.NotificationAuthenticityPort;
import dev.cobro.application.port.out.ParsedNotification;
import dev.cobro.application.port.out.PaymentStorePort;
import dev.cobro.domain.payment.NotificationOutcome;
import dev.cobro.domain.payment.Payment;
import dev.cobro.domain.payment.PaymentNotification;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.ValidationException;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Matches a notification to one payment and settles it. The match is on the provider's reference
 * when it gave one, else on (session, amount compared numerically). Anything that does not apply
 * cleanly is stored with its outcome and changes nothing.
 */
public final class RecordPaymentNotificationService implements RecordPaymentNotificationUseCase {

    /** A resolver racing on the same payment: reload and judge again. */
    private static final int RACE_TRIES = 3;

    private final ProviderRegistry<HostedCheckoutProviderPort> providers;
    private final PaymentStorePort payments;
    private final NotificationAuthenticityPort authenticity;
    private final Supplier<UUID> ids;
    private final Clock clock;

    public RecordPaymentNotificationService(ProviderRegistry<HostedCheckoutProviderPort> providers,
                                            PaymentStorePort payments, NotificationAuthenticityPort authenticity,
                                            Supplier<UUID> ids, Clock clock) {
        this.providers = providers;
        this.payments = payments;
        this.authenticity = authenticity;
        this.ids = ids;
        this.clock = clock;
    }

    @Override
    public PaymentNotification record(RecordPaymentNotificationCommand command) {
        HostedCheckoutProviderPort provider = providers.get(command.provider());
        if (!authenticity.isAuthentic(command.provider(), command.body(), command.headers())) {
            return store(command, null, NotificationOutcome.REJECTED, null, "failed the authenticity check");
        }
        ParsedNotification parsed;
        try {
            parsed = provider.parseNotification(command.body());
        } catch (ValidationException unreadable) {
            return store(command, null, NotificationOutcome.IGNORED, null,
                    "not a notification Cobro can read: " + unreadable.getMessage());
        }
        for (int tries = 1; ; tries++) {
            try {
                return judge(command, parsed);
            } catch (ConcurrentUpdateException raced) {
                if (tries >= RACE_TRIES) {
                    throw raced;
                }
            }
        }
    }

    private PaymentNotification judge(RecordPaymentNotificationCommand command, ParsedNotification parsed) {
        List<Payment> candidates = candidates(command, parsed);
        if (candidates.isEmpty()) {
            return store(command, parsed, NotificationOutcome.UNMATCHED, null, "no payment matches it");
        }
        List<Payment> sameAmount = candidates.stream().filter(p -> sameMoney(p, parsed)).collect(Collectors.toList());
        if (sameAmount.isEmpty()) {
            Payment only = candidates.size() == 1 ? candidates.get(0) : null;
            return store(command, parsed, NotificationOutcome.REJECTED, only,
                    "amount " + parsed.amount() + (parsed.currency() != null ? " " + parsed.currency() : "")
                            + " differs from the payment's");
        }
        if (sameAmount.size() > 1) {
            return store(command, parsed, NotificationOutcome.UNMATCHED, null,
                    sameAmount.size() + " payments match it; none is changed");
        }
        Payment payment = sameAmount.get(0);
        PaymentStatus target = parsed.mappedStatus();
        if (target == null) {
            return store(command, parsed, NotificationOutcome.IGNORED, payment,
                    "status '" + parsed.rawStatus() + "' is not one Cobro knows; stored as received");
        }
        if (payment.status() == target) {
            return store(command, parsed, NotificationOutcome.DUPLICATE, payment, "already " + target);
        }
        if (!PaymentStatus.SETTLED_BY_NOTIFICATION.contains(target) || !payment.canMoveTo(target)) {
            return store(command, parsed, NotificationOutcome.IGNORED, payment,
                    "a " + payment.status() + " payment cannot become " + target);
        }
        payment.settle(target, "notified " + parsed.rawStatus(), clock);
        PaymentNotification notification = notification(command, parsed, NotificationOutcome.APPLIED, payment,
                "settled " + target);
        payments.recordNotification(notification, payment);
        return notification;
    }

    /**
     * Payments the notification may be about: by reference when there is one, else by session.
     * Open payments, and those it may already have settled (a repeat) or that expired (late).
     */
    private List<Payment> candidates(RecordPaymentNotificationCommand command, ParsedNotification parsed) {
        List<Payment> found = List.of();
        if (parsed.reference() != null && !parsed.reference().isBlank()) {
            found = payments.findByProviderReference(command.provider(), parsed.reference());
        }
        if (found.isEmpty() && parsed.sessionId() != null && !parsed.sessionId().isBlank()) {
            found = payments.findBySession(command.provider(), parsed.sessionId());
        }
        return found.stream()
                .filter(p -> p.status().isOpen() || p.status() == PaymentStatus.EXPIRED
                        || p.status() == parsed.mappedStatus())
                .collect(Collectors.toList());
    }

    private static boolean sameMoney(Payment payment, ParsedNotification parsed) {
        boolean amount = parsed.amount() == null
                || parsed.amount().compareTo(payment.details().money().amount()) == 0;
        boolean currency = parsed.currency() == null
                || parsed.currency().equals(payment.details().money().currency().getCurrencyCode());
        return amount && currency;
    }

    private PaymentNotification store(RecordPaymentNotificationCommand command, ParsedNotification parsed,
                                      NotificationOutcome outcome, Payment payment, String detail) {
        PaymentNotification notification = notification(command, parsed, outcome, payment, detail);
        payments.recordNotification(notification, null);
        return notification;
    }

    private PaymentNotification notification(RecordPaymentNotificationCommand command, ParsedNotification parsed,
                                             NotificationOutcome outcome, Payment payment, String detail) {
        return new PaymentNotification(ids.get(), command.provider(), clock.instant(),
                parsed == null ? null : parsed.sessionId(), parsed == null ? null : parsed.reference(),
                parsed == null ? null : parsed.rawStatus(), parsed == null ? null : parsed.mappedStatus(),
                parsed == null ? null : parsed.amount(), parsed == null ? null : parsed.currency(),
                command.body(), outcome, payment == null ? null : payment.id(), detail);
    }
}
