package dev.cobro.application.port.out;

import dev.cobro.domain.payment.CheckoutDetails;
import dev.cobro.domain.payment.MerchantReference;
import dev.cobro.domain.payment.PaymentId;

import java.time.Instant;
import java.util.Objects;

/**
 * What a hosted-checkout provider is asked to charge.
 *
 * @param notificationUrl the URL the provider must notify: the host's {@code details().notificationUrl()}
 *                        as its prefix, with Cobro's signature of {@code paymentId} added to its query
 *                        (ARCHITECTURE.md, Notifications: authenticity); send this one, not the host's
 * @param requestedAt     when the payment was requested (the same on every send of it), or null when
 *                        unknown; a provider that dates what it sends from it sends the same request again
 */
public record CheckoutCharge(PaymentId paymentId, MerchantReference merchantReference, CheckoutDetails details,
                             String notificationUrl, Instant requestedAt) {

    /** A charge whose request time is not given. */
    public CheckoutCharge(PaymentId paymentId, MerchantReference merchantReference, CheckoutDetails details,
                          String notificationUrl) {
        this(paymentId, merchantReference, details, notificationUrl, null);
    }

    public CheckoutCharge {
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(merchantReference, "merchantReference");
        Objects.requireNonNull(details, "details");
        Objects.requireNonNull(notificationUrl, "notificationUrl");
    }
}
