package dev.cobro.application.port.in;

import dev.cobro.domain.payment.CheckoutDetails;
import dev.cobro.domain.payment.Country;
import dev.cobro.domain.payment.CustomerId;
import dev.cobro.domain.payment.MerchantReference;
import dev.cobro.domain.payment.PaymentMethod;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.Description;
import dev.cobro.domain.shared.HttpUrl;
import dev.cobro.domain.shared.Money;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.Violations;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Start a hosted-checkout payment. {@code merchantReference} is the idempotency key (with the provider
 * and the account). {@code account} may be null: the payment then goes through the provider's account
 * configured for its country, else the {@code default} account.
 */
public record StartCheckoutPaymentCommand(ProviderId provider, AccountId account, MerchantReference merchantReference,
                                          CheckoutDetails details) {

    public StartCheckoutPaymentCommand {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(merchantReference, "merchantReference");
        Objects.requireNonNull(details, "details");
    }

    /** A checkout that names no account: routed by its country. */
    public StartCheckoutPaymentCommand(ProviderId provider, MerchantReference merchantReference,
                                       CheckoutDetails details) {
        this(provider, null, merchantReference, details);
    }

    /** The same checkout through the named account. */
    public StartCheckoutPaymentCommand withAccount(AccountId account) {
        return new StartCheckoutPaymentCommand(provider, account, merchantReference, details);
    }

    /**
     * Builds the command from the seed's charge fields as plain values, checking every one and
     * throwing ONE {@link dev.cobro.domain.shared.ValidationException} that lists all violations.
     */
    public static StartCheckoutPaymentCommand of(String provider, String merchantReference, String customerId,
                                                 BigDecimal amount, String currency, String country,
                                                 String methodCode, String methodCategory, String description,
                                                 String notificationUrl, String returnUrl) {
        Violations v = new Violations();
        // These value objects name their own field already; a parent name would double it.
        ProviderId providerId = v.field("", () -> ProviderId.of(provider));
        MerchantReference reference = v.field("", () -> new MerchantReference(merchantReference));
        CustomerId customer = v.field("", () -> new CustomerId(customerId));
        Money money = v.field("amount", () -> {
            if (amount == null) {
                throw new IllegalArgumentException("is required");
            }
            return Money.of(amount, Money.parseCurrency(currency));
        });
        Country countryCode = v.field("", () -> new Country(country));
        PaymentMethod method = v.field("", () -> PaymentMethod.of(methodCode, methodCategory));
        Description text = v.field("", () -> new Description(description));
        HttpUrl notify = v.field("", () -> HttpUrl.of("notification_url", notificationUrl));
        HttpUrl back = v.field("", () -> HttpUrl.of("return_url", returnUrl));
        if (v.isEmpty()) {
            CheckoutDetails details = v.field("", () -> new CheckoutDetails(customer, money, countryCode, method, text,
                    notify, back));
            v.throwIfAny();
            return new StartCheckoutPaymentCommand(providerId, reference, details);
        }
        v.throwIfAny();
        throw new IllegalStateException("unreachable");
    }
}
