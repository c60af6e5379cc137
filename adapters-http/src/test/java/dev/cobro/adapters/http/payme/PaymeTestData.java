package dev.cobro.adapters.http.payme;

import dev.cobro.application.port.in.AggregateViews;
import dev.cobro.application.port.out.AuthorizationCall;
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
import dev.cobro.domain.shared.Description;
import dev.cobro.domain.shared.Money;
import dev.cobro.domain.shared.ProviderId;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** The seed page's inputs (payme-authorize-transaction.txt), as a builder of authorization calls. */
final class PaymeTestData {

    /** The seed's test card; its expiry 1220 means every test clock sits before December 2020. */
    static final String SEED_PAN = "4859510000000051";
    static final String SEED_EXPIRY = "1220";
    static final String SEED_CARD_CVV = "365";
    static final String SEED_TOKEN = "822a-748e-3z9h-0051";
    static final String SEED_TOKEN_CVV = "123";
    static final String SEED_OPERATION_NUMBER = "123456";
    static final Instant BEFORE_SEED_CARD_EXPIRY = Instant.parse("2020-11-15T10:00:00Z");

    static final String CLIENT_ID = "cobro-test-client";
    static final String CLIENT_SECRET = "cl13nt-s3cr3t-never-logged";
    /** Every access token a test hands out starts with this, so a leak is easy to find. */
    static final String ACCESS_TOKEN_PREFIX = "eyTESTaccess";

    private PaymeTestData() {
    }

    static Address seedBilling() {
        return Address.billing(null, "Juan Diego", "Perez Sanchez", "juan.perez@gmail.com", "51", "987654321",
                "Mi casa", "Mi casa", "LIMA", "LIMA", "PE", "18");
    }

    static CardHolder seedCardHolder() {
        return new CardHolder("Juan Diego", "Perez Sanchez", "juan.perez@email.com", "PER", "DNI", "87654321");
    }

    /** The seed's additional_fields, in the seed's order (plan and cuota included). */
    static AdditionalFields seedAdditionalFields() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("reserved1", "Ejemplo valor reservado 1");
        values.put("2", "Ejemplo valor reservado 2");
        values.put("plan", "00");
        values.put("cuota", "005");
        return new AdditionalFields(values);
    }

    static AuthorizationBuilder aSeedAuthorization() {
        return new AuthorizationBuilder();
    }

    static final class AuthorizationBuilder {

        private Channel channel = Channel.ECOMMERCE;
        private CardSecret secret = CardSecret.card(SEED_PAN, SEED_EXPIRY, SEED_CARD_CVV);
        private AdditionalFields additionalFields = seedAdditionalFields();
        private String operationNumber = SEED_OPERATION_NUMBER;
        private Address shipping;

        /** Seed example 1: channel 3, the token only. */
        AuthorizationBuilder cardOnFileToken() {
            channel = Channel.CARD_ON_FILE;
            secret = CardSecret.token(SEED_TOKEN, null);
            return this;
        }

        /** Seed example 2: channel 1, the token and its CVV, no additional fields. */
        AuthorizationBuilder tokenWithCvv() {
            channel = Channel.ECOMMERCE;
            secret = CardSecret.token(SEED_TOKEN, SEED_TOKEN_CVV);
            additionalFields = AdditionalFields.NONE;
            return this;
        }

        /** Seed example 3: channel 1, the card. */
        AuthorizationBuilder card() {
            channel = Channel.ECOMMERCE;
            secret = CardSecret.card(SEED_PAN, SEED_EXPIRY, SEED_CARD_CVV);
            return this;
        }

        AuthorizationBuilder withOperationNumber(String number) {
            operationNumber = number;
            return this;
        }

        AuthorizationBuilder shippedTo(Address address) {
            shipping = address;
            return this;
        }

        AuthorizationCall build(Clock clock) {
            AuthorizationDetails details = new AuthorizationDetails(channel, Money.of("10.00", "PEN"),
                    Instrument.of(secret, secret.kind() == CardSecret.Kind.TOKEN ? "keyed-hash-of-the-token" : null),
                    seedCardHolder(), seedBilling(), shipping, new Description("Descripcion de la transaccion"),
                    additionalFields, null);
            Authorization authorization = Authorization.request(new AuthorizationId(UUID.randomUUID()),
                    ProviderId.PAYME, new OperationNumber(operationNumber), details, "fingerprint", clock);
            return new AuthorizationCall(AggregateViews.authorization(authorization), secret);
        }
    }
}
