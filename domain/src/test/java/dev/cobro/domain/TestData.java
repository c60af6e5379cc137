package dev.cobro.domain;

import dev.cobro.domain.authorization.AdditionalFields;
import dev.cobro.domain.authorization.Address;
import dev.cobro.domain.authorization.AuthorizationDetails;
import dev.cobro.domain.authorization.CardHolder;
import dev.cobro.domain.authorization.CardSecret;
import dev.cobro.domain.authorization.Channel;
import dev.cobro.domain.authorization.Instrument;
import dev.cobro.domain.payment.CheckoutDetails;
import dev.cobro.domain.payment.Country;
import dev.cobro.domain.payment.CustomerId;
import dev.cobro.domain.payment.PaymentMethod;
import dev.cobro.domain.shared.Description;
import dev.cobro.domain.shared.HttpUrl;
import dev.cobro.domain.shared.Money;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Valid examples for the domain's tests, taken from the seed pages. */
public final class TestData {

    /** The seed's test card (Pay-me): used in tests only. */
    public static final String TEST_PAN = "4859510000000051";
    public static final String TEST_CVV = "123";
    public static final String TEST_EXPIRY = "1234";
    /** The seed's token id (example 1). */
    public static final String TEST_TOKEN = "822a-748e-3z9h-0051";

    public static final Instant T0 = Instant.parse("2026-01-15T10:00:00Z");

    private TestData() {
    }

    public static Clock clockAt(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    public static CheckoutDetails checkoutDetails(Money money) {
        return new CheckoutDetails(new CustomerId("cust-42"), money, new Country("MEX"),
                new PaymentMethod("CARDS", PaymentMethod.Category.CARD), new Description("Order 1001"),
                new HttpUrl("https://shop.example/cobro/notify"), new HttpUrl("https://shop.example/thanks"));
    }

    public static CheckoutDetails checkoutDetails() {
        return checkoutDetails(Money.of("100.00", "MXN"));
    }

    /** The seed's billing address. */
    public static Address billing() {
        return Address.billing(null, "Juan Diego", "Perez Sanchez", "juan.perez@gmail.com", "51", "987654321",
                "Mi casa", "Mi casa", "LIMA", "LIMA", "PE", "18");
    }

    /** The seed's card holder. */
    public static CardHolder cardHolder() {
        return new CardHolder("Juan Diego", "Perez Sanchez", "juan.perez@email.com", "PER", "DNI", "87654321");
    }

    public static CardSecret testCard() {
        return CardSecret.card(TEST_PAN, TEST_EXPIRY, TEST_CVV);
    }

    public static AuthorizationDetails authorizationDetails() {
        return new AuthorizationDetails(Channel.ECOMMERCE, Money.of("10.00", "PEN"), Instrument.of(testCard(), null),
                cardHolder(), billing(), null, new Description("Descripcion de la transaccion"),
                AdditionalFields.NONE, null);
    }
}
