package dev.cobro.application.port.out;

import dev.cobro.domain.payment.CheckoutDetails;
import dev.cobro.domain.payment.MerchantReference;

/** What a hosted-checkout provider is asked to charge. */
public record CheckoutCharge(MerchantReference merchantReference, CheckoutDetails details) {
}
