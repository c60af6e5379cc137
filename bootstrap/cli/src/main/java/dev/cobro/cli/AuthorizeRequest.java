package dev.cobro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cobro.application.port.in.AuthorizeCardCommand;
import dev.cobro.application.port.in.AuthorizeCardCommand.CardData;
import dev.cobro.domain.authorization.AdditionalFields;
import dev.cobro.domain.authorization.Address;
import dev.cobro.domain.authorization.AuthorizationDetails;
import dev.cobro.domain.authorization.CardHolder;
import dev.cobro.domain.authorization.CardSecret;
import dev.cobro.domain.authorization.Channel;
import dev.cobro.domain.authorization.OperationNumber;
import dev.cobro.domain.payment.CustomerId;
import dev.cobro.domain.shared.Description;
import dev.cobro.domain.shared.Money;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.ValidationException;
import dev.cobro.domain.shared.Violation;
import dev.cobro.domain.shared.Violations;

import java.time.Clock;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code authorize} request: Pay-me's authorize body as the seed writes it (amount in
 * five-decimal units, numeric currency, {@code payment_method.card[0]} or {@code token[0]},
 * {@code card_holder[0]}), plus an optional top-level {@code customer_id} that is Cobro's and is not
 * sent to Pay-me. {@code transaction.meta.internal_operation_number} may be left out: Cobro then
 * takes the next number of its sequence. Every problem, card data included, comes in ONE error.
 */
final class AuthorizeRequest {

    private static final Set<String> FIELDS = Set.of("action", "channel", "payment_method", "transaction", "address",
            "card_holder", "customer_id");
    private static final Set<String> PAYMENT_METHOD = Set.of("card", "token");
    private static final Set<String> CARD = Set.of("pan", "expiry_date", "security_code");
    private static final Set<String> TOKEN = Set.of("id", "security_code");
    private static final Set<String> TRANSACTION = Set.of("currency", "amount", "meta");
    private static final Set<String> META = Set.of("internal_operation_number", "description", "additional_fields");
    private static final Set<String> ADDRESS = Set.of("billing", "shipping");
    private static final Set<String> ADDRESS_FIELDS = Set.of("id", "first_name", "last_name", "email", "phone",
            "location");
    private static final Set<String> PHONE = Set.of("country_code", "subscriber");
    private static final Set<String> LOCATION = Set.of("line_1", "line_2", "city", "state", "country", "zip_code");
    private static final Set<String> CARD_HOLDER = Set.of("first_name", "last_name", "email_address",
            "identity_document_country", "identity_document_type", "identity_document_identifier");

    private AuthorizeRequest() {
    }

    /**
     * The command, or ONE {@link ValidationException} naming every problem. {@code clock} judges
     * whether a card has expired (the service judges again when it handles the command).
     */
    static AuthorizeCardCommand parse(String provider, JsonNode body, Clock clock) {
        if (!body.isObject()) {
            throw ValidationException.of("request", "must be a JSON object: Pay-me's authorize body", null);
        }
        Violations violations = new Violations();
        RequestReader r = new RequestReader(violations);
        r.onlyKnownFields(body, "", FIELDS);

        ProviderId providerId = r.build("", () -> ProviderId.of(provider));
        String action = r.text(body, "action", "action");
        if (action != null && !"authorize".equals(action)) {
            violations.add("action", "must be \"authorize\"", action);
        }
        Channel channel = channel(r, body);
        CardData card = cardData(r, r.object(body, "payment_method", "payment_method", true));

        JsonNode transaction = r.object(body, "transaction", "transaction", true);
        r.onlyKnownFields(transaction, "transaction", TRANSACTION);
        Money money = money(r, transaction);
        JsonNode meta = r.object(transaction, "meta", "transaction.meta", false);
        r.onlyKnownFields(meta, "transaction.meta", META);
        String number = r.text(meta, "internal_operation_number", "transaction.meta.internal_operation_number", true);
        OperationNumber operationNumber = number == null ? null
                : r.build("transaction.meta", () -> new OperationNumber(number));
        String descriptionText = r.text(meta, "description", "transaction.meta.description");
        Description description = descriptionText == null ? null
                : r.build("transaction.meta", () -> new Description(descriptionText));
        AdditionalFields additionalFields = additionalFields(r, meta);

        JsonNode address = r.object(body, "address", "address", true);
        r.onlyKnownFields(address, "address", ADDRESS);
        JsonNode billingNode = r.object(address, "billing", "address.billing", address != null);
        Address billing = billingNode == null ? null : address(r, billingNode, "address.billing", true);
        JsonNode shippingNode = r.object(address, "shipping", "address.shipping", false);
        Address shipping = shippingNode == null ? null : address(r, shippingNode, "address.shipping", false);

        CardHolder cardHolder = cardHolder(r, r.single(body, "card_holder", "card_holder", true));
        String customer = r.text(body, "customer_id", "customer_id");
        CustomerId customerId = customer == null ? null : r.build("", () -> new CustomerId(customer));

        // The card data is judged here too, so that one answer lists its problems with the others.
        if (card != null) {
            CardSecret secret = r.build("payment_method", card::toSecret);
            if (secret != null && channel != null) {
                Violations cardRules = new Violations();
                AuthorizationDetails.checkCardData(channel, secret, clock, cardRules);
                cardRules.list().forEach(r::addUnlessReported);
            }
        }
        if (money != null && !money.isPositive()) {
            r.addUnlessReported(new Violation("transaction.amount",
                    "must be greater than zero", money.toFiveDecimalUnits()));
        }
        violations.throwIfAny();
        return new AuthorizeCardCommand(providerId, operationNumber, channel, money, card, cardHolder, billing,
                shipping, description, additionalFields, customerId);
    }

    /** The seed writes {@code "channel": "1"}; a bare number 1 is taken too. */
    private static Channel channel(RequestReader r, JsonNode body) {
        String code = r.text(body, "channel", "channel", true);
        if (code == null) {
            if (!r.isReported("channel")) {
                r.violations().add("channel", "is required: 1 (eCommerce) or 3 (card on file)", null);
            }
            return null;
        }
        return r.build("", () -> Channel.fromCode(code));
    }

    private static CardData cardData(RequestReader r, JsonNode paymentMethod) {
        if (paymentMethod == null) {
            return null;
        }
        r.onlyKnownFields(paymentMethod, "payment_method", PAYMENT_METHOD);
        JsonNode card = r.single(paymentMethod, "card", "payment_method.card", false);
        JsonNode token = r.single(paymentMethod, "token", "payment_method.token", false);
        if (r.isReported("payment_method")) {
            return null;
        }
        if (card != null && token != null) {
            r.violations().add("payment_method", "send a card or a token, not both", null);
            return null;
        }
        if (card != null) {
            r.onlyKnownFields(card, "payment_method.card", CARD);
            // Card data may be typed as digits in the JSON; taken as written, never echoed.
            return CardData.card(r.text(card, "pan", "payment_method.card.pan", true),
                    r.text(card, "expiry_date", "payment_method.card.expiry_date", true),
                    r.text(card, "security_code", "payment_method.card.security_code", true));
        }
        if (token != null) {
            r.onlyKnownFields(token, "payment_method.token", TOKEN);
            return CardData.token(r.text(token, "id", "payment_method.token.id"),
                    r.text(token, "security_code", "payment_method.token.security_code", true));
        }
        r.violations().add("payment_method", "is required: a card or a token", null);
        return null;
    }

    /** {@code transaction.currency} is numeric ISO 4217 ("604"); {@code amount} has five decimal digits. */
    private static Money money(RequestReader r, JsonNode transaction) {
        if (transaction == null) {
            return null;
        }
        String numeric = r.text(transaction, "currency", "transaction.currency", true);
        String units = r.text(transaction, "amount", "transaction.amount", true);
        Currency currency = null;
        if (numeric == null) {
            if (!r.isReported("transaction.currency")) {
                r.violations().add("transaction.currency", "is required: the numeric ISO 4217 code, e.g. 604", null);
            }
        } else {
            currency = r.build("transaction.currency", () -> Money.currencyOfNumericCode(numeric));
        }
        if (units == null) {
            if (!r.isReported("transaction.amount")) {
                r.violations().add("transaction.amount", "is required: digits whose last five are decimals", null);
            }
            return null;
        }
        if (currency == null) {
            return null;
        }
        Currency known = currency;
        return r.build("transaction.amount", () -> Money.fromFiveDecimalUnits(units, known));
    }

    private static AdditionalFields additionalFields(RequestReader r, JsonNode meta) {
        JsonNode node = r.object(meta, "additional_fields", "transaction.meta.additional_fields", false);
        if (node == null) {
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (field.getValue().isValueNode() && !field.getValue().isNull()) {
                values.put(field.getKey(), field.getValue().asText());
            } else {
                r.violations().add("transaction.meta.additional_fields." + field.getKey(), "must be a string", null);
            }
        }
        return r.build("transaction.meta", () -> new AdditionalFields(values));
    }

    private static Address address(RequestReader r, JsonNode node, String path, boolean billing) {
        r.onlyKnownFields(node, path, ADDRESS_FIELDS);
        JsonNode phone = r.object(node, "phone", path + ".phone", false);
        r.onlyKnownFields(phone, path + ".phone", PHONE);
        JsonNode location = r.object(node, "location", path + ".location", false);
        r.onlyKnownFields(location, path + ".location", LOCATION);
        String id = r.text(node, "id", path + ".id");
        String firstName = r.text(node, "first_name", path + ".first_name");
        String lastName = r.text(node, "last_name", path + ".last_name");
        String email = r.text(node, "email", path + ".email");
        String countryCode = r.text(phone, "country_code", path + ".phone.country_code", true);
        String subscriber = r.text(phone, "subscriber", path + ".phone.subscriber", true);
        String line1 = r.text(location, "line_1", path + ".location.line_1");
        String line2 = r.text(location, "line_2", path + ".location.line_2");
        String city = r.text(location, "city", path + ".location.city");
        String state = r.text(location, "state", path + ".location.state");
        String country = r.text(location, "country", path + ".location.country");
        String zip = r.text(location, "zip_code", path + ".location.zip_code", true);
        return r.build(path, () -> billing
                ? Address.billing(id, firstName, lastName, email, countryCode, subscriber, line1, line2, city, state,
                country, zip)
                : new Address(id, firstName, lastName, email, countryCode, subscriber, line1, line2, city, state,
                country, zip));
    }

    private static CardHolder cardHolder(RequestReader r, JsonNode node) {
        if (node == null) {
            return null;
        }
        r.onlyKnownFields(node, "card_holder", CARD_HOLDER);
        String firstName = r.text(node, "first_name", "card_holder.first_name");
        String lastName = r.text(node, "last_name", "card_holder.last_name");
        String email = r.text(node, "email_address", "card_holder.email_address");
        String country = r.text(node, "identity_document_country", "card_holder.identity_document_country");
        String type = r.text(node, "identity_document_type", "card_holder.identity_document_type");
        String identifier = r.text(node, "identity_document_identifier", "card_holder.identity_document_identifier",
                true);
        return r.build("card_holder", () -> new CardHolder(firstName, lastName, email, country, type, identifier));
    }
}
