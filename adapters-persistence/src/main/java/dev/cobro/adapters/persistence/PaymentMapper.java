package dev.cobro.adapters.persistence;

import dev.cobro.domain.payment.CheckoutDetails;
import dev.cobro.domain.payment.Country;
import dev.cobro.domain.payment.CustomerId;
import dev.cobro.domain.payment.MerchantReference;
import dev.cobro.domain.payment.Payment;
import dev.cobro.domain.payment.PaymentFlag;
import dev.cobro.domain.payment.PaymentId;
import dev.cobro.domain.payment.PaymentMethod;
import dev.cobro.domain.payment.PaymentNotification;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.Description;
import dev.cobro.domain.shared.HttpUrl;
import dev.cobro.domain.shared.Money;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.ProviderId;
import org.mapstruct.BeanMapping;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;
import org.mapstruct.MappingTarget;
import org.mapstruct.ReportingPolicy;
import org.mapstruct.factory.Mappers;

import java.util.Currency;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Payments and notifications to rows and back. Payments are rebuilt through {@link Payment#restore}. */
@Mapper(unmappedTargetPolicy = ReportingPolicy.ERROR, imports = {TimestampColumns.class, ProviderId.class, PaymentId.class})
interface PaymentMapper {

    PaymentMapper INSTANCE = Mappers.getMapper(PaymentMapper.class);

    /** The columns of what was asked: written once, with the write-ahead. */
    @BeanMapping(unmappedTargetPolicy = ReportingPolicy.IGNORE)
    @Mapping(target = "customerId", source = "customerId.value")
    @Mapping(target = "amount", source = "money.amount")
    @Mapping(target = "currency", source = "money.currency.currencyCode")
    @Mapping(target = "country", source = "country.alpha3")
    @Mapping(target = "methodCode", source = "method.code")
    @Mapping(target = "methodCategory", source = "method.category")
    @Mapping(target = "description", source = "description.value")
    @Mapping(target = "notificationUrl", source = "notificationUrl.value")
    @Mapping(target = "returnUrl", source = "returnUrl.value")
    void writeDetails(CheckoutDetails details, @MappingTarget PaymentEntity entity);

    @Mapping(target = "provider", source = "provider.value")
    @Mapping(target = "receivedAt", expression = "java(TimestampColumns.micros(notification.receivedAt()))")
    @Mapping(target = "paymentId", source = "paymentId.value")
    NotificationEntity toEntity(PaymentNotification notification);

    @Mapping(target = "provider", expression = "java(ProviderId.of(entity.provider))")
    @Mapping(target = "paymentId", expression = "java(entity.paymentId == null ? null : new PaymentId(entity.paymentId))")
    PaymentNotification toNotification(NotificationEntity entity);

    default PaymentEntity toNewEntity(Payment payment) {
        PaymentEntity e = new PaymentEntity();
        e.id = payment.id().value();
        e.provider = payment.provider().value();
        e.account = payment.account().value();
        e.merchantReference = payment.merchantReference().value();
        e.fingerprint = payment.fingerprint();
        e.createdAt = TimestampColumns.micros(payment.createdAt());
        e.version = payment.version();
        writeDetails(payment.details(), e);
        writeState(payment, e);
        return e;
    }

    /** What a payment may change after its write-ahead. */
    default void writeState(Payment payment, PaymentEntity e) {
        e.status = payment.status().name();
        e.echoMismatch = payment.flags().contains(PaymentFlag.ECHO_MISMATCH);
        e.lateNotification = payment.flags().contains(PaymentFlag.LATE_NOTIFICATION);
        e.providerSessionId = payment.providerSessionId();
        e.providerReference = payment.providerReference();
        e.checkoutUrl = payment.checkoutUrl();
        e.notificationKeyId = payment.notificationKeyId();
        e.updatedAt = TimestampColumns.micros(payment.updatedAt());
    }

    default Payment restore(PaymentEntity e, List<StatusChangeEntity> changes) {
        CheckoutDetails details = new CheckoutDetails(new CustomerId(e.customerId),
                Money.of(e.amount, Currency.getInstance(e.currency)), new Country(e.country),
                PaymentMethod.of(e.methodCode, e.methodCategory), new Description(e.description),
                new HttpUrl(e.notificationUrl), new HttpUrl(e.returnUrl));
        Set<PaymentFlag> flags = EnumSet.noneOf(PaymentFlag.class);
        if (e.echoMismatch) {
            flags.add(PaymentFlag.ECHO_MISMATCH);
        }
        if (e.lateNotification) {
            flags.add(PaymentFlag.LATE_NOTIFICATION);
        }
        return Payment.restore(new PaymentId(e.id), ProviderId.of(e.provider), AccountId.of(e.account),
                new MerchantReference(e.merchantReference),
                details, e.fingerprint, PaymentStatus.valueOf(e.status), flags, e.providerSessionId,
                e.providerReference, e.checkoutUrl, e.notificationKeyId, e.createdAt, e.updatedAt,
                StatusChangeMapper.INSTANCE.restore(changes, PaymentStatus::valueOf), e.version);
    }
}
