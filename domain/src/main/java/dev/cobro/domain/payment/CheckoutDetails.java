package dev.cobro.domain.payment;

import dev.cobro.domain.shared.Description;
import dev.cobro.domain.shared.HttpUrl;
import dev.cobro.domain.shared.Money;
import dev.cobro.domain.shared.Violations;

/**
 * What the host asks 88Pay to charge: the seed's charge body, validated. A payment of zero is not
 * a payment.
 */
public record CheckoutDetails(CustomerId customerId, Money money, Country country, PaymentMethod method,
                              Description description, HttpUrl notificationUrl, HttpUrl returnUrl) {

    public CheckoutDetails {
        Violations v = new Violations();
        require(v, "customer_id", customerId);
        require(v, "amount", money);
        require(v, "country", country);
        require(v, "method_code", method);
        require(v, "description", description);
        require(v, "notification_url", notificationUrl);
        require(v, "return_url", returnUrl);
        if (money != null && !money.isPositive()) {
            v.add("amount", "must be greater than zero", money.amount().toPlainString());
        }
        v.throwIfAny();
    }

    private static void require(Violations v, String field, Object value) {
        if (value == null) {
            v.add(field, "is required", null);
        }
    }
}
