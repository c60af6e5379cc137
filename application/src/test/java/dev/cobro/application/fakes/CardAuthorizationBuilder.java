package dev.cobro.application.fakes;

import dev.cobro.application.port.in.AuthorizeCardCommand;
import dev.cobro.application.port.in.AuthorizeCardCommand.CardData;
import dev.cobro.domain.authorization.AdditionalFields;
import dev.cobro.domain.authorization.Address;
import dev.cobro.domain.authorization.CardHolder;
import dev.cobro.domain.authorization.Channel;
import dev.cobro.domain.authorization.OperationNumber;
import dev.cobro.domain.payment.CustomerId;
import dev.cobro.domain.shared.Description;
import dev.cobro.domain.shared.Money;
import dev.cobro.domain.shared.ProviderId;

import java.util.Map;

/**
 * {@code aCardAuthorization().withChannel(CARD_ON_FILE).build()}: a valid Pay-me authorization
 * (the seed's card holder and billing address). Unless a test gives card data, channel 1 pays with
 * the seed's test card and channel 3 with the seed's token (no CVV). No operation number unless
 * given: Cobro then takes one from its sequence.
 */
public final class CardAuthorizationBuilder {

    private String provider = "payme";
    private String operationNumber;
    private Channel channel = Channel.ECOMMERCE;
    private String amount = "10.00";
    private String currency = "PEN";
    private CardData card;
    private CardHolder cardHolder = seedCardHolder();
    private Address billing = seedBilling();
    private Address shipping;
    private String description = "Descripcion de la transaccion";
    private Map<String, String> additionalFields;
    private String customerId = "cust-42";

    private CardAuthorizationBuilder() {
    }

    public static CardAuthorizationBuilder aCardAuthorization() {
        return new CardAuthorizationBuilder();
    }

    /** The seed's billing address (example 1). */
    public static Address seedBilling() {
        return Address.billing(null, "Juan Diego", "Perez Sanchez", "juan.perez@gmail.com", "51", "987654321",
                "Mi casa", "Mi casa", "LIMA", "LIMA", "PE", "18");
    }

    /** The seed's card holder (example 1). */
    public static CardHolder seedCardHolder() {
        return new CardHolder("Juan Diego", "Perez Sanchez", "juan.perez@email.com", "PER", "DNI", "87654321");
    }

    public CardAuthorizationBuilder withProvider(String provider) {
        this.provider = provider;
        return this;
    }

    public CardAuthorizationBuilder withOperationNumber(String operationNumber) {
        this.operationNumber = operationNumber;
        return this;
    }

    public CardAuthorizationBuilder withChannel(Channel channel) {
        this.channel = channel;
        return this;
    }

    public CardAuthorizationBuilder withAmount(String amount) {
        this.amount = amount;
        return this;
    }

    public CardAuthorizationBuilder withCurrency(String currency) {
        this.currency = currency;
        return this;
    }

    public CardAuthorizationBuilder withCard(String pan, String expiry, String cvv) {
        this.card = CardData.card(pan, expiry, cvv);
        return this;
    }

    public CardAuthorizationBuilder withToken(String tokenId, String cvv) {
        this.card = CardData.token(tokenId, cvv);
        return this;
    }

    public CardAuthorizationBuilder withCardHolder(CardHolder cardHolder) {
        this.cardHolder = cardHolder;
        return this;
    }

    public CardAuthorizationBuilder withBilling(Address billing) {
        this.billing = billing;
        return this;
    }

    public CardAuthorizationBuilder withShipping(Address shipping) {
        this.shipping = shipping;
        return this;
    }

    public CardAuthorizationBuilder withDescription(String description) {
        this.description = description;
        return this;
    }

    public CardAuthorizationBuilder withAdditionalFields(Map<String, String> additionalFields) {
        this.additionalFields = additionalFields;
        return this;
    }

    public CardAuthorizationBuilder withCustomerId(String customerId) {
        this.customerId = customerId;
        return this;
    }

    public AuthorizeCardCommand build() {
        CardData data = card != null ? card
                : channel == Channel.CARD_ON_FILE ? CardData.token(TestCards.TOKEN, null)
                : CardData.card(TestCards.PAN, TestCards.EXPIRY, TestCards.CVV);
        return new AuthorizeCardCommand(ProviderId.of(provider),
                operationNumber == null ? null : new OperationNumber(operationNumber), channel,
                amount == null ? null : Money.of(amount, currency), data, cardHolder, billing, shipping,
                description == null ? null : new Description(description),
                additionalFields == null ? null : new AdditionalFields(additionalFields),
                customerId == null ? null : new CustomerId(customerId));
    }
}
