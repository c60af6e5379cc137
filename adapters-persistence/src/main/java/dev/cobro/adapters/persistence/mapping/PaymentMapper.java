package dev.cobro.adapters.persistence.mapping;

import dev.cobro.adapters.persistence.entity.NotificationEntity;
import dev.cobro.adapters.persistence.entity.PaymentEntity;
import dev.cobro.adapters.persistence.entity.RefundEntity;
import dev.cobro.domain.attempt.AttemptStatus;
import dev.cobro.domain.payment.PaymentId;
import dev.cobro.domain.payment.PaymentRefund;
import dev.cobro.domain.shared.Money;
import java.util.Currency;
import dev.cobro.domain.payment.CheckoutDetails;
import dev.cobro.domain.payment.PaymentFlag;
import dev.cobro.domain.payment.PaymentNotification;
import dev.cobro.domain.payment.PaymentSnapshot;
import dev.cobro.domain.payment.PaymentMethod;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.StatusChange;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;
import org.mapstruct.factory.Mappers;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Payments and notifications to rows and back, generated: a payment through its {@link PaymentSnapshot}. */
@Mapper(config = EntityMapping.class, imports = {PaymentFlag.class, PaymentMethod.class})
public interface PaymentMapper {

    PaymentMapper INSTANCE = Mappers.getMapper(PaymentMapper.class);

    /** The checkout's details are columns of the payment's own row, by their names. */
    @Mapping(target = ".", source = "details")
    @Mapping(target = "methodCode", source = "details.method.code")
    @Mapping(target = "methodCategory", source = "details.method.category")
    @Mapping(target = "echoMismatch", expression = "java(payment.flags().contains(PaymentFlag.ECHO_MISMATCH))")
    @Mapping(target = "lateNotification",
            expression = "java(payment.flags().contains(PaymentFlag.LATE_NOTIFICATION))")
    @Mapping(target = "routed", expression = "java(payment.flags().contains(PaymentFlag.ROUTED))")
    PaymentEntity toEntity(PaymentSnapshot payment);

    @Mapping(target = "details", source = "row")
    @Mapping(target = "flags", source = "row")
    PaymentSnapshot toSnapshot(PaymentEntity row, List<StatusChange<PaymentStatus>> statusChanges);

    @Mapping(target = "method", expression = "java(PaymentMethod.of(row.methodCode, row.methodCategory))")
    CheckoutDetails details(PaymentEntity row);

    default Set<PaymentFlag> flags(PaymentEntity row) {
        Set<PaymentFlag> flags = EnumSet.noneOf(PaymentFlag.class);
        if (row.echoMismatch) {
            flags.add(PaymentFlag.ECHO_MISMATCH);
        }
        if (row.lateNotification) {
            flags.add(PaymentFlag.LATE_NOTIFICATION);
        }
        if (row.routed) {
            flags.add(PaymentFlag.ROUTED);
        }
        return flags;
    }

    NotificationEntity toEntity(PaymentNotification notification);

    /** A refund's row: its status is its attempt's and is not kept here, its currency is the payment's. */
    @Mapping(target = "refundKey", source = "key")
    @Mapping(target = "fullRefund", source = "full")
    @Mapping(target = "amount", source = "amount.amount")
    RefundEntity toEntity(PaymentRefund refund);

    /**
     * A refund from its row, its attempt's status and the payment's currency. By hand: MapStruct takes
     * the refund's {@code resentAs} for a property to set.
     */
    default PaymentRefund toRefund(RefundEntity row, AttemptStatus status, Currency currency) {
        return new PaymentRefund(row.id, new PaymentId(row.paymentId), row.refundKey, Money.of(row.amount, currency),
                row.fullRefund, row.attemptId, status, row.createdAt);
    }

    PaymentNotification toNotification(NotificationEntity row);
}
