package dev.cobro.application.fakes;

import dev.cobro.application.port.in.StartCheckoutPaymentCommand;

import java.math.BigDecimal;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code aCheckoutCommand().withAmount("100.00").build()}: a valid 88Pay checkout request (the
 * seed's fields) unless a test changes a field. Each builder gets its own merchant reference.
 */
public final class CheckoutCommandBuilder {

    private static final AtomicLong REFERENCES = new AtomicLong();

    private String provider = "88pay";
    private String merchantReference = "order-" + REFERENCES.incrementAndGet();
    private String customerId = "cust-42";
    private String amount = "100.00";
    private String currency = "MXN";
    private String country = "MEX";
    private String methodCode = "CARDS";
    private String methodCategory = "CARD";
    private String description = "Order at the test shop";
    private String notificationUrl = "https://shop.example/cobro/notify";
    private String returnUrl = "https://shop.example/thanks";

    private CheckoutCommandBuilder() {
    }

    public static CheckoutCommandBuilder aCheckoutCommand() {
        return new CheckoutCommandBuilder();
    }

    public CheckoutCommandBuilder withProvider(String provider) {
        this.provider = provider;
        return this;
    }

    public CheckoutCommandBuilder withMerchantReference(String merchantReference) {
        this.merchantReference = merchantReference;
        return this;
    }

    public CheckoutCommandBuilder withCustomerId(String customerId) {
        this.customerId = customerId;
        return this;
    }

    public CheckoutCommandBuilder withAmount(String amount) {
        this.amount = amount;
        return this;
    }

    public CheckoutCommandBuilder withCurrency(String currency) {
        this.currency = currency;
        return this;
    }

    public CheckoutCommandBuilder withCountry(String country) {
        this.country = country;
        return this;
    }

    public CheckoutCommandBuilder withMethod(String code, String category) {
        this.methodCode = code;
        this.methodCategory = category;
        return this;
    }

    public CheckoutCommandBuilder withDescription(String description) {
        this.description = description;
        return this;
    }

    public CheckoutCommandBuilder withNotificationUrl(String notificationUrl) {
        this.notificationUrl = notificationUrl;
        return this;
    }

    public CheckoutCommandBuilder withReturnUrl(String returnUrl) {
        this.returnUrl = returnUrl;
        return this;
    }

    /** Validates as the command's own factory does: one {@code ValidationException} naming every bad field. */
    public StartCheckoutPaymentCommand build() {
        return StartCheckoutPaymentCommand.builder()
                .provider(provider)
                .merchantReference(merchantReference)
                .customerId(customerId)
                .amount(amount == null ? null : new BigDecimal(amount))
                .currency(currency)
                .country(country)
                .method(methodCode, methodCategory)
                .description(description)
                .notificationUrl(notificationUrl)
                .returnUrl(returnUrl)
                .build();
    }
}
