package dev.cobro.application.port.in;

import dev.cobro.domain.authorization.AdditionalFields;
import dev.cobro.domain.authorization.Address;
import dev.cobro.domain.authorization.CardHolder;
import dev.cobro.domain.authorization.CardSecret;
import dev.cobro.domain.authorization.Channel;
import dev.cobro.domain.authorization.OperationNumber;
import dev.cobro.domain.payment.CustomerId;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.Description;
import dev.cobro.domain.shared.Money;
import dev.cobro.domain.shared.ProviderId;

import java.util.Objects;

/**
 * Authorize a card payment. {@code account} may be null (the provider's {@code default} account).
 * {@code operationNumber} is the idempotency key (with the provider and the account);
 * when null, Cobro takes a fresh one from its sequence. {@code shipping}, {@code description},
 * {@code additionalFields} and {@code customerId} may be null; {@code customerId} is Cobro's and
 * is not sent to the provider.
 */
public record AuthorizeCardCommand(ProviderId provider, AccountId account, OperationNumber operationNumber,
                                   Channel channel, Money money, CardData card, CardHolder cardHolder, Address billing,
                                   Address shipping, Description description, AdditionalFields additionalFields,
                                   CustomerId customerId) {

    public AuthorizeCardCommand {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(card, "card");
    }

    /** An authorization through the provider's {@code default} account. */
    public AuthorizeCardCommand(ProviderId provider, OperationNumber operationNumber, Channel channel, Money money,
                                CardData card, CardHolder cardHolder, Address billing, Address shipping,
                                Description description, AdditionalFields additionalFields, CustomerId customerId) {
        this(provider, null, operationNumber, channel, money, card, cardHolder, billing, shipping, description,
                additionalFields, customerId);
    }

    /** The same authorization through the named account (null: the default). */
    public AuthorizeCardCommand withAccount(AccountId account) {
        return new AuthorizeCardCommand(provider, account, operationNumber, channel, money, card, cardHolder, billing,
                shipping, description, additionalFields, customerId);
    }

    /**
     * The card data as the caller has it: a PAN with expiry (MMYY) and CVV, or a token id with
     * (channel 1) or without (channel 3) a CVV. Checked when the command is handled; never printed.
     */
    public record CardData(String pan, String expiry, String cvv, String tokenId) {

        public static CardData card(String pan, String expiry, String cvv) {
            return new CardData(pan, expiry, cvv, null);
        }

        public static CardData token(String tokenId, String cvv) {
            return new CardData(null, null, cvv, tokenId);
        }

        /** The checked secret; throws one error naming every problem, values masked. */
        public CardSecret toSecret() {
            if (tokenId != null && pan != null) {
                throw dev.cobro.domain.shared.ValidationException.of("payment_method",
                        "send a card or a token, not both", null);
            }
            return tokenId != null ? CardSecret.token(tokenId, cvv) : CardSecret.card(pan, expiry, cvv);
        }

        @Override
        public String toString() {
            return tokenId != null ? "CardData[token " + CardSecret.maskToken(tokenId) + "]"
                    : "CardData[card " + CardSecret.maskPan(pan) + "]";
        }
    }
}
