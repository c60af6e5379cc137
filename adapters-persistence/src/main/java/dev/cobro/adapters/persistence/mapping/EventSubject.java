package dev.cobro.adapters.persistence.mapping;

import dev.cobro.domain.authorization.Authorization;
import dev.cobro.domain.payment.Payment;
import dev.cobro.domain.shared.TransactionKind;

import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What every cobro.outcome_event row of one subject carries besides its change. Every status_change
 * row is written through {@link dev.cobro.adapters.persistence.write.WriteBatch#statusChanges}, which adds its event
 * ({@link StatusChangeMapper#toEvent}) to the same transaction, so every change has its event and no
 * caller has to remember it.
 */
public record EventSubject(TransactionKind kind, UUID id, String provider, String account, String reference, String flags) {

    public static EventSubject of(Payment payment) {
        return new EventSubject(TransactionKind.CHECKOUT_PAYMENT, payment.id().value(), payment.provider().value(),
                payment.account().value(), payment.merchantReference().value(),
                payment.flags().isEmpty() ? ""
                        : payment.flags().stream().map(Enum::name).sorted().collect(Collectors.joining(",")));
    }

    public static EventSubject of(Authorization authorization) {
        return new EventSubject(TransactionKind.CARD_AUTHORIZATION, authorization.id().value(),
                authorization.provider().value(), authorization.account().value(),
                authorization.operationNumber().value(), "");
    }
}
