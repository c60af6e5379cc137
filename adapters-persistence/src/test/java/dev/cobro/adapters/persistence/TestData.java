package dev.cobro.adapters.persistence;

import dev.cobro.application.port.in.AuthorizeCardCommand;
import dev.cobro.application.port.in.AuthorizeCardCommand.CardData;
import dev.cobro.application.port.in.StartCheckoutPaymentCommand;
import dev.cobro.application.service.Fingerprints;
import dev.cobro.application.service.TokenHasher;
import dev.cobro.domain.attempt.AttemptOperation;
import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.authorization.AdditionalFields;
import dev.cobro.domain.authorization.Address;
import dev.cobro.domain.authorization.Authorization;
import dev.cobro.domain.authorization.AuthorizationDetails;
import dev.cobro.domain.authorization.AuthorizationId;
import dev.cobro.domain.authorization.CardHolder;
import dev.cobro.domain.authorization.CardSecret;
import dev.cobro.domain.authorization.Channel;
import dev.cobro.domain.authorization.Instrument;
import dev.cobro.domain.authorization.OperationNumber;
import dev.cobro.domain.payment.CustomerId;
import dev.cobro.domain.payment.MerchantReference;
import dev.cobro.domain.payment.Payment;
import dev.cobro.domain.payment.PaymentId;
import dev.cobro.domain.shared.Description;
import dev.cobro.domain.shared.Money;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.TransactionKind;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Test data: valid commands and aggregates, with test cards only. */
final class TestData {

    /** Pay-me's approved test card; only ever in tests. */
    static final String TEST_PAN = "4859510000000051";
    static final String TEST_CVV = "739";
    static final String TEST_EXPIRY = "1230";
    static final String TEST_TOKEN = "tok-7QZx-9f3k-AbCd";
    static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
    static final TokenHasher HASHER = new TokenHasher("a test key of sixteen bytes or more".getBytes(StandardCharsets.UTF_8));

    private TestData() {
    }

    static StartCheckoutPaymentCommand checkout(String reference, String amount) {
        return StartCheckoutPaymentCommand.builder()
                .provider("88pay")
                .merchantReference(reference)
                .customerId("customer-1")
                .amount(new BigDecimal(amount))
                .currency("MXN")
                .country("MEX")
                .method("OXXO", "CASH")
                .description("Order " + reference)
                .notificationUrl("https://shop.example/cobro/notify")
                .returnUrl("https://shop.example/thanks")
                .build();
    }

    static Payment payment(String reference, String amount, Clock clock) {
        StartCheckoutPaymentCommand c = checkout(reference, amount);
        return Payment.request(new PaymentId(UUID.randomUUID()), c.provider(), c.merchantReference(), c.details(),
                Fingerprints.of(c.details()), clock);
    }

    static CardHolder holder() {
        return new CardHolder("Ana", "Quispe", "ana@example.pe", "PE", "DNI", "44556677");
    }

    static Address billing() {
        return Address.billing(null, "Ana", "Quispe", "ana@example.pe", "51", "987654321", "Av. Larco 101",
                "Dpto 3", "Lima", "Lima", "PE", "15074");
    }

    static AuthorizeCardCommand cardAuthorization(String operationNumber, String amount) {
        return authorization(operationNumber, amount, CardData.card(TEST_PAN, TEST_EXPIRY, TEST_CVV), Channel.ECOMMERCE);
    }

    static AuthorizeCardCommand tokenAuthorization(String operationNumber, String amount) {
        return authorization(operationNumber, amount, CardData.token(TEST_TOKEN, null), Channel.CARD_ON_FILE);
    }

    private static AuthorizeCardCommand authorization(String operationNumber, String amount, CardData card,
                                                      Channel channel) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("plan", "3");
        fields.put("cuota", "1");
        return new AuthorizeCardCommand(ProviderId.PAYME,
                operationNumber == null ? null : new OperationNumber(operationNumber), channel,
                Money.of(amount, "PEN"), card, holder(), billing(), null, new Description("Tickets"),
                new AdditionalFields(fields), new CustomerId("customer-1"));
    }

    /** An authorization as the service would build it, with a token instrument and a shipping address. */
    static Authorization authorization(String operationNumber, String amount, Clock clock) {
        CardSecret secret = CardSecret.token(TEST_TOKEN, null);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("cuota", "2");
        fields.put("plan", "12");
        fields.put("note", "gift");
        AuthorizationDetails details = new AuthorizationDetails(Channel.CARD_ON_FILE, Money.of(amount, "PEN"),
                Instrument.of(secret, HASHER.hash(secret.tokenId())), holder(), billing(),
                new Address(null, "Luis", null, null, null, null, "Jr. Union 5", null, "Cusco", null, "PE", null),
                new Description("Tickets"), new AdditionalFields(fields), new CustomerId("customer-2"));
        return Authorization.request(new AuthorizationId(UUID.randomUUID()), ProviderId.PAYME,
                new OperationNumber(operationNumber), details, Fingerprints.of(details), clock);
    }

    static ProviderAttempt attempt(Payment payment, int number, Clock clock) {
        return ProviderAttempt.start(UUID.randomUUID(), TransactionKind.CHECKOUT_PAYMENT, payment.id().value(),
                payment.provider(), AttemptOperation.CHARGE, number, "{\"amount\":\"" + payment.details().money().amount()
                        + "\"}", clock);
    }

    static ProviderAttempt attempt(Authorization authorization, AttemptOperation operation, int number, Clock clock) {
        return ProviderAttempt.start(UUID.randomUUID(), TransactionKind.CARD_AUTHORIZATION,
                authorization.id().value(), authorization.provider(), operation, number,
                "{\"card\":\"" + authorization.details().instrument().masked() + "\"}", clock);
    }

    static MerchantReference reference(String value) {
        return new MerchantReference(value);
    }
}
