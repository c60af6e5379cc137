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
import dev.cobro.domain.shared.ValidationException;
import dev.cobro.domain.shared.Violations;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Start a hosted-checkout payment. {@code merchantReference} is the idempotency key (with the provider
 * and the account). {@code account} may be null: the payment then goes through the provider's account
 * configured for its country, else the {@code default} account. {@code provider} may be null too (and
 * then {@code account} is): Cobro routes the checkout, trying the providers configured for its country
 * in order, and the merchant reference alone is its key among routed checkouts.
 */
public record StartCheckoutPaymentCommand(ProviderId provider, AccountId account, MerchantReference merchantReference,
                                          CheckoutDetails details) {

    public StartCheckoutPaymentCommand {
        if (provider == null && account != null) {
            throw ValidationException.of("provider", "is required when an account is named", null);
        }
        Objects.requireNonNull(merchantReference, "merchantReference");
        Objects.requireNonNull(details, "details");
    }

    /** A checkout that names no account: routed by its country. */
    public StartCheckoutPaymentCommand(ProviderId provider, MerchantReference merchantReference,
                                       CheckoutDetails details) {
        this(provider, null, merchantReference, details);
    }

    /** A checkout that names no provider: Cobro routes it by its country. */
    public static StartCheckoutPaymentCommand routed(MerchantReference merchantReference, CheckoutDetails details) {
        return new StartCheckoutPaymentCommand(null, null, merchantReference, details);
    }

    /** Whether Cobro chooses the provider (the checkout names none). */
    public boolean isRouted() {
        return provider == null;
    }

    /** The same checkout through the named account. */
    public StartCheckoutPaymentCommand withAccount(AccountId account) {
        return new StartCheckoutPaymentCommand(provider, account, merchantReference, details);
    }

    /**
     * {@code StartCheckoutPaymentCommand.builder().provider("88pay").merchantReference("order-1001")...build()}:
     * the seed's charge fields as plain values, one named setter each, so two Strings cannot swap places.
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Collects the seed's charge fields as plain values. {@link #build()} checks every one and throws
     * ONE {@link dev.cobro.domain.shared.ValidationException} naming every missing value ("is
     * required") and every invalid one, by its seed field name. Only {@code provider} (routed) and
     * {@code account} may be left out; an account needs its provider.
     */
    public static final class Builder {

        private String provider;
        private String account;
        private String merchantReference;
        private String customerId;
        private BigDecimal amount;
        private String currency;
        private String country;
        private String methodCode;
        private String methodCategory;
        private String description;
        private String notificationUrl;
        private String returnUrl;

        private Builder() {
        }

        /**
         * {@code 88pay} or another configured hosted-checkout provider's id. Left out, Cobro routes the
         * checkout through the providers configured for its country.
         */
        public Builder provider(String provider) {
            this.provider = provider;
            return this;
        }

        /** The provider account to go through; when left out, the country's account, else {@code default}. */
        public Builder account(String account) {
            this.account = account;
            return this;
        }

        /** The idempotency key (with the provider and the account). Required. */
        public Builder merchantReference(String merchantReference) {
            this.merchantReference = merchantReference;
            return this;
        }

        /** Required. */
        public Builder customerId(String customerId) {
            this.customerId = customerId;
            return this;
        }

        /** Exact, in the currency's units; more decimals than the currency allows is an error. Required. */
        public Builder amount(BigDecimal amount) {
            this.amount = amount;
            return this;
        }

        /** ISO 4217 alphabetic code ({@code MXN}). Required. */
        public Builder currency(String currency) {
            this.currency = currency;
            return this;
        }

        /** ISO 3166-1 alpha-3 ({@code MEX}). Required. */
        public Builder country(String country) {
            this.country = country;
            return this;
        }

        /** 88Pay's {@code method_code} and {@code method_category} ({@code "CARDS", "CARD"}). Both required. */
        public Builder method(String code, String category) {
            this.methodCode = code;
            this.methodCategory = category;
            return this;
        }

        /** Required. */
        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /** Where the provider notifies the outcome: an absolute http(s) URL. Required. */
        public Builder notificationUrl(String notificationUrl) {
            this.notificationUrl = notificationUrl;
            return this;
        }

        /** Where the customer returns after paying: an absolute http(s) URL. Required. */
        public Builder returnUrl(String returnUrl) {
            this.returnUrl = returnUrl;
            return this;
        }

        public StartCheckoutPaymentCommand build() {
            Violations v = new Violations();
            // The value objects name their own field already; a parent name would double it.
            ProviderId providerId = provider == null ? null : v.field("", () -> ProviderId.of(provider));
            if (provider == null && account != null) {
                v.add("provider", "is required when an account is named", null);
            }
            AccountId accountId = account == null ? null : v.field("", () -> AccountId.of(account));
            MerchantReference reference = required(v, "merchant_reference", merchantReference,
                    () -> new MerchantReference(merchantReference));
            CustomerId customer = required(v, "customer_id", customerId, () -> new CustomerId(customerId));
            Currency currencyValue = required(v, "currency", currency, () -> Money.parseCurrency(currency));
            // A checkout's amount is positive whatever its currency; its scale is checked only against a
            // valid currency (without one, the currency's own violation says why).
            Money money = required(v, "amount", amount, () -> {
                if (amount.signum() <= 0) {
                    throw new IllegalArgumentException("must be greater than zero");
                }
                return currencyValue == null ? null : Money.of(amount, currencyValue);
            });
            Country countryCode = required(v, "country", country, () -> new Country(country));
            PaymentMethod method = methodCode == null || methodCategory == null
                    ? missingMethod(v) : v.field("", () -> PaymentMethod.of(methodCode, methodCategory));
            Description text = required(v, "description", description, () -> new Description(description));
            HttpUrl notify = required(v, "notification_url", notificationUrl,
                    () -> HttpUrl.of("notification_url", notificationUrl));
            HttpUrl back = required(v, "return_url", returnUrl, () -> HttpUrl.of("return_url", returnUrl));
            v.throwIfAny();
            CheckoutDetails details = v.field("", () -> new CheckoutDetails(customer, money, countryCode, method,
                    text, notify, back));
            v.throwIfAny();
            return new StartCheckoutPaymentCommand(providerId, accountId, reference, details);
        }

        private PaymentMethod missingMethod(Violations v) {
            if (methodCode == null) {
                v.add("method_code", "is required", null);
            }
            if (methodCategory == null) {
                v.add("method_category", "is required (CARD, WALLET, CASH, BANK or CRYPTO)", null);
            }
            return null;
        }

        /**
         * "is required" under the seed's field name when left out, else the value's own checks: a value
         * object's {@link ValidationException} names its field already and is kept as it is; Money's
         * plain {@link IllegalArgumentException} is put under {@code field}.
         */
        private static <T> T required(Violations v, String field, Object given, Supplier<T> factory) {
            if (given == null) {
                v.add(field, "is required", null);
                return null;
            }
            try {
                return factory.get();
            } catch (ValidationException e) {
                v.addAll(e, "");
                return null;
            } catch (IllegalArgumentException | ArithmeticException e) {
                v.add(field, String.valueOf(e.getMessage()), null);
                return null;
            }
        }
    }
}
