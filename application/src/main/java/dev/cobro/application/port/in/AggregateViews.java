package dev.cobro.application.port.in;

import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.authorization.Authorization;
import dev.cobro.domain.payment.Payment;

import java.util.List;

/**
 * How the core shows an aggregate outside itself: as a read-only view taken now. The aggregates stay
 * inside the core (their transitions and saved versions are the use cases' to drive); a result, a
 * history record and a card provider's call carry these views instead. Nothing a host is handed names
 * this class.
 */
public final class AggregateViews {

    private AggregateViews() {
    }

    public static PaymentView payment(Payment payment) {
        return new PaymentView(payment.id(), payment.provider(), payment.account(), payment.merchantReference(),
                payment.details(), payment.status(), payment.flags(), payment.providerReference(),
                payment.checkoutUrl(), payment.notificationKeyId(), payment.createdAt(), payment.updatedAt(),
                payment.statusChanges(), payment.refunded());
    }

    public static AuthorizationView authorization(Authorization authorization) {
        return new AuthorizationView(authorization.id(), authorization.provider(), authorization.account(),
                authorization.operationNumber(), authorization.details(), authorization.status(),
                authorization.response(), authorization.failedReversals(), authorization.createdAt(),
                authorization.updatedAt(), authorization.statusChanges());
    }

    public static AttemptView attempt(ProviderAttempt attempt) {
        return new AttemptView(attempt.id(), attempt.subjectKind(), attempt.subjectId(), attempt.provider(),
                attempt.account(), attempt.operation(), attempt.number(), attempt.startedAt(), attempt.request(),
                attempt.status(), attempt.finishedAt(), attempt.httpStatus(), attempt.providerCode(),
                attempt.providerMessage(), attempt.response());
    }

    public static List<AttemptView> attempts(List<ProviderAttempt> attempts) {
        return attempts.stream().map(AggregateViews::attempt).toList();
    }
}
