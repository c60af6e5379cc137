package dev.cobro.domain.authorization;

import dev.cobro.domain.payment.CustomerId;
import dev.cobro.domain.shared.Description;
import dev.cobro.domain.shared.Money;
import dev.cobro.domain.shared.Violations;

import java.time.Clock;

/**
 * What the host asks Pay-me to authorize, validated; the card data stays outside, in
 * {@link CardSecret}. {@code shipping}, {@code description} and {@code customerId} may be null.
 */
public record AuthorizationDetails(Channel channel, Money money, Instrument instrument, CardHolder cardHolder,
                                   Address billing, Address shipping, Description description,
                                   AdditionalFields additionalFields, CustomerId customerId) {

    public AuthorizationDetails {
        Violations v = new Violations();
        if (channel == null) {
            v.add("channel", "is required", null);
        }
        if (money == null) {
            v.add("transaction.amount", "is required", null);
        } else if (!money.isPositive()) {
            v.add("transaction.amount", "must be greater than zero", money.toFiveDecimalUnits());
        }
        if (instrument == null) {
            v.add("payment_method", "is required: a card or a token", null);
        }
        if (cardHolder == null) {
            v.add("card_holder", "is required", null);
        }
        if (billing == null) {
            v.add("address.billing", "is required", null);
        }
        if (channel == Channel.CARD_ON_FILE && instrument != null && instrument.kind() != CardSecret.Kind.TOKEN) {
            v.add("payment_method", "channel 3 (card on file) takes a token only", null);
        }
        v.throwIfAny();
        additionalFields = additionalFields == null ? AdditionalFields.NONE : additionalFields;
    }

    /**
     * The seed's channel rules for the card data that goes with these details: channel 3 is a
     * token only and sends no CVV; channel 1 is a card (with CVV) or a token with its CVV. A card
     * must not have expired by {@code clock}'s month.
     */
    public static void checkCardData(Channel channel, CardSecret secret, Clock clock, Violations v) {
        if (channel == null || secret == null) {
            return;
        }
        if (channel == Channel.CARD_ON_FILE) {
            if (secret.kind() != CardSecret.Kind.TOKEN) {
                v.add("payment_method", "channel 3 (card on file) takes a token only, not a card", null);
            } else if (secret.hasCvv()) {
                v.add("payment_method.token.security_code", "channel 3 (card on file) sends no CVV", "***");
            }
        } else if (!secret.hasCvv()) {
            v.add(secret.kind() == CardSecret.Kind.CARD ? "payment_method.card.security_code"
                    : "payment_method.token.security_code", "channel 1 (eCommerce) needs the CVV", null);
        }
        if (secret.isExpiredAt(clock)) {
            v.add("payment_method.card.expiry_date", "the card expired", secret.expiry());
        }
    }
}
