package dev.cobro.domain.authorization;

import dev.cobro.domain.TestData;
import dev.cobro.domain.authorization.Authorization.ProviderResponse;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.ValidationException;
import dev.cobro.domain.shared.Violations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.UUID;

import static dev.cobro.domain.TestData.T0;
import static dev.cobro.domain.TestData.TEST_EXPIRY;
import static dev.cobro.domain.TestData.TEST_PAN;
import static dev.cobro.domain.TestData.TEST_TOKEN;
import static dev.cobro.domain.TestData.clockAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The PAN, the CVV and a card-on-file token reach no toString() and no error message. */
class CardDataNeverLeaksTest {

    /** A CVV that cannot appear by chance in the other values of these tests. */
    private static final String CVV = "987";

    @Test
    void aCardSecretPrintsOnlyTheMaskedPan() {
        CardSecret card = CardSecret.card(TEST_PAN, TEST_EXPIRY, CVV);

        assertThat(card.toString()).doesNotContain(TEST_PAN).doesNotContain(CVV).contains("485951******0051");
    }

    @Test
    void aTokenSecretPrintsOnlyTheLastFourOfTheToken() {
        CardSecret token = CardSecret.token(TEST_TOKEN, CVV);

        assertThat(token.toString()).doesNotContain(TEST_TOKEN).doesNotContain(CVV).contains("****0051");
    }

    @Test
    void twoSecretsAreNeverComparedByContent() {
        CardSecret one = CardSecret.card(TEST_PAN, TEST_EXPIRY, CVV);
        CardSecret same = CardSecret.card(TEST_PAN, TEST_EXPIRY, CVV);

        assertThat(one).isNotEqualTo(same).isEqualTo(one);
    }

    @Test
    void aPanFailingLuhnIsNotInTheErrorMessage() {
        String badPan = "4859510000000052";

        assertNoCardDataIn(() -> CardSecret.card(badPan, TEST_EXPIRY, CVV), badPan);
    }

    @Test
    void aPanOfTheWrongLengthIsNotInTheErrorMessage() {
        String tooLong = TEST_PAN + "0000";

        assertNoCardDataIn(() -> CardSecret.card(tooLong, TEST_EXPIRY, CVV), tooLong);
    }

    @Test
    void aBadCvvIsNotInTheErrorMessage() {
        assertNoCardDataIn(() -> CardSecret.card(TEST_PAN, TEST_EXPIRY, "98765"), "98765");
    }

    @Test
    void aBadExpiryDoesNotBringThePanOrCvvIntoTheErrorMessage() {
        assertNoCardDataIn(() -> CardSecret.card(TEST_PAN, "1399", CVV), TEST_PAN);
    }

    @Test
    void anExpiredCardDoesNotBringThePanOrCvvIntoTheErrorMessage() {
        Violations v = new Violations();
        AuthorizationDetails.checkCardData(Channel.ECOMMERCE, CardSecret.card(TEST_PAN, "1225", CVV),
                clockAt(T0), v);

        assertNoCardDataIn(v::throwIfAny, TEST_PAN);
    }

    @Test
    void aCvvOnACardOnFileTokenIsNotInTheErrorMessage() {
        Violations v = new Violations();
        AuthorizationDetails.checkCardData(Channel.CARD_ON_FILE, CardSecret.token(TEST_TOKEN, CVV), clockAt(T0), v);

        assertNoCardDataIn(v::throwIfAny, TEST_TOKEN);
    }

    @Test
    void aMalformedTokenIsNotInTheErrorMessage() {
        String longToken = "tok_" + "9".repeat(30);

        assertNoCardDataIn(() -> CardSecret.token(longToken, CVV), longToken);
    }

    @Test
    void anAuthorizationPrintsOnlyTheMaskedPan() {
        Authorization authorization = Authorization.request(new AuthorizationId(UUID.randomUUID()), ProviderId.PAYME,
                new OperationNumber("123456"), TestData.authorizationDetails(), "fp", clockAt(T0));
        authorization.authorize(new ProviderResponse("tx", "654321", "00", "Aprobado", "es_PE", "485951******0051"),
                clockAt(T0));

        assertThat(authorization.toString()).doesNotContain(TEST_PAN).contains("485951******0051");
        assertThat(authorization.details().toString()).doesNotContain(TEST_PAN);
    }

    @Test
    void anInstrumentRefusesToKeepAFullPan() {
        assertThatThrownBy(() -> new Instrument(CardSecret.Kind.CARD, TEST_PAN, null))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("only a masked PAN")
                .message().doesNotContain(TEST_PAN);
    }

    @Test
    void anInstrumentRefusesToKeepAFullToken() {
        assertThatThrownBy(() -> new Instrument(CardSecret.Kind.TOKEN, TEST_TOKEN, "hash"))
                .isInstanceOf(ValidationException.class)
                .message().doesNotContain(TEST_TOKEN);
    }

    @Test
    void anInstrumentOfATokenKeepsItsLastFourAndHash() {
        Instrument instrument = Instrument.of(CardSecret.token(TEST_TOKEN, null), "keyed-hash");

        assertThat(instrument.masked()).isEqualTo("****0051");
        assertThat(instrument.last4()).isEqualTo("0051");
        assertThat(instrument.first6()).isNull();
        assertThat(instrument.tokenHash()).isEqualTo("keyed-hash");
        assertThat(instrument.toString()).doesNotContain(TEST_TOKEN);
    }

    @Test
    void anInstrumentOfACardKeepsNoHash() {
        Instrument instrument = Instrument.of(TestData.testCard(), "ignored");

        assertThat(instrument.first6()).isEqualTo("485951");
        assertThat(instrument.last4()).isEqualTo("0051");
        assertThat(instrument.tokenHash()).isNull();
    }

    private static void assertNoCardDataIn(Executable failing, String secret) {
        assertThatThrownBy(failing::execute)
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(secret).doesNotContain(CVV)
                        .doesNotContain(TEST_PAN));
    }
}
