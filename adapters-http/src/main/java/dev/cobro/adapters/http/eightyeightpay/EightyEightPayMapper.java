package dev.cobro.adapters.http.eightyeightpay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cobro.application.port.out.CheckoutCharge;
import dev.cobro.application.port.out.CheckoutCreated;
import dev.cobro.application.port.out.ParsedNotification;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.Money;
import dev.cobro.domain.shared.ValidationException;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;
import org.mapstruct.Named;

import java.math.BigDecimal;

/** 88Pay's wire DTOs to and from Cobro's port types. */
@Mapper
interface EightyEightPayMapper {

    /**
     * The seed's body: {@code flow} is always PAYIN (PAYOUT needs KYC and has no published
     * endpoint); {@code notification_url} is the host's URL with Cobro's signature of the payment.
     */
    @Mapping(target = "flow", constant = "PAYIN")
    @Mapping(target = "methodCode", source = "details.method.code")
    @Mapping(target = "methodCategory", source = "details.method.category")
    @Mapping(target = "country", source = "details.country.alpha3")
    @Mapping(target = "currency", source = "details.money.currency.currencyCode")
    @Mapping(target = "amount", source = "details.money.amount")
    @Mapping(target = "description", source = "details.description.value")
    @Mapping(target = "customerId", source = "details.customerId.value")
    @Mapping(target = "notificationUrl", source = "notificationUrl")
    @Mapping(target = "returnUrl", source = "details.returnUrl.value")
    ChargeRequest toRequest(CheckoutCharge charge);

    /** {@code reference} "may be empty initially": empty means none yet. */
    @Mapping(target = "reference", source = "reference", qualifiedByName = "blankToNull")
    @Mapping(target = "checkoutUrl", source = "urlCheckout")
    @Mapping(target = "echoedAmount", source = "amount")
    @Mapping(target = "echoedCurrency", source = "currency", qualifiedByName = "blankToNull")
    CheckoutCreated toCreated(ChargeData data);

    /** {@code transaction_id} is the {@code session_id} of the token the charge was sent under. */
    @Mapping(target = "sessionId", source = "transactionId", qualifiedByName = "blankToNull")
    @Mapping(target = "reference", source = "reference", qualifiedByName = "blankToNull")
    @Mapping(target = "rawStatus", source = "transactionStatus")
    @Mapping(target = "mappedStatus", source = "transactionStatus", qualifiedByName = "paymentStatus")
    @Mapping(target = "amount", source = "amount", qualifiedByName = "amount")
    @Mapping(target = "currency", source = "currency", qualifiedByName = "blankToNull")
    ParsedNotification toParsed(NotificationMessage message);

    @Named("blankToNull")
    default String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    @Named("paymentStatus")
    default PaymentStatus paymentStatus(String raw) {
        return EightyEightPayStatuses.of(raw);
    }

    /**
     * {@code transaction_amount} is a string ("50000"), {@code totalAmount} a number (53.75): both exact,
     * and both held to Money's bounds before anything else reads them (an exponent such as
     * {@code 1e-1000000} is refused here, not expanded by a comparison or by the database).
     */
    @Named("amount")
    default BigDecimal amount(JsonNode amount) {
        if (amount == null || amount.isNull()) {
            return null;
        }
        BigDecimal value;
        if (amount.isNumber()) {
            value = amount.decimalValue();
        } else if (amount.isTextual() && !amount.asText().isBlank()) {
            try {
                value = Money.parseAmount(amount.asText());
            } catch (IllegalArgumentException e) {
                throw ValidationException.of("transaction_amount", "must be a decimal number", null);
            }
        } else {
            throw ValidationException.of("transaction_amount", "must be a decimal number", null);
        }
        try {
            return Money.boundedAmount(value);
        } catch (IllegalArgumentException e) {
            // Money's message shows the value in its short form.
            throw ValidationException.of("transaction_amount", "is out of range: " + e.getMessage(), null);
        }
    }
}
