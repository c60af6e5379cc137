package dev.cobro.domain.authorization;

import dev.cobro.domain.TestData;
import dev.cobro.domain.shared.Money;
import dev.cobro.domain.shared.ValidationException;
import dev.cobro.domain.shared.Violation;
import dev.cobro.domain.shared.Violations;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;

import static dev.cobro.domain.TestData.T0;
import static dev.cobro.domain.TestData.TEST_CVV;
import static dev.cobro.domain.TestData.TEST_EXPIRY;
import static dev.cobro.domain.TestData.TEST_PAN;
import static dev.cobro.domain.TestData.TEST_TOKEN;
import static dev.cobro.domain.TestData.clockAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The card data rules of Pay-me's {@code payment_method}: PAN, expiry, CVV, token and the channel rules. */
class CardDataTest {

    private static final Clock JANUARY_2026 = clockAt(T0);

    @Nested
    class Pan {

        @Test
        void theSeedsTestCardIsAValidCard() {
            CardSecret card = CardSecret.card(TEST_PAN, TEST_EXPIRY, TEST_CVV);

            assertThat(card.kind()).isEqualTo(CardSecret.Kind.CARD);
            assertThat(card.masked()).isEqualTo("485951******0051");
            assertThat(card.expiryMonth()).isEqualTo(YearMonth.of(2034, 12));
        }

        @Test
        void aPanHasThirteenToNineteenDigits() {
            String thirteen = withLuhnDigit("422222222222");
            String nineteen = withLuhnDigit("485951000000000000");

            assertThat(CardSecret.card(thirteen, TEST_EXPIRY, TEST_CVV).masked()).isEqualTo("422222***2222");
            assertThat(CardSecret.card(nineteen, TEST_EXPIRY, TEST_CVV).masked()).hasSize(19).startsWith("485951");
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"424242424242", "48595100000000000000", "4859 5100 0000 0051", "485951000000005X"})
        void aPanOfTheWrongLengthOrWithOtherCharactersIsRejected(String pan) {
            assertThatThrownBy(() -> CardSecret.card(pan, TEST_EXPIRY, TEST_CVV))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("card.pan")
                    .hasMessageContaining(pan == null ? "must be 13 to 19 digits" : "characters");
        }

        @Test
        void aPanFailingTheLuhnCheckIsRejected() {
            assertThatThrownBy(() -> CardSecret.card("4859510000000052", TEST_EXPIRY, TEST_CVV))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("card.pan: fails the Luhn check");
        }
    }

    @Nested
    class ExpiryAndCvv {

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"1334", "0030", "123", "12/34", "12345"})
        void anExpiryMustBeMmyy(String expiry) {
            assertThatThrownBy(() -> CardSecret.card(TEST_PAN, expiry, TEST_CVV))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("card.expiry_date: must be MMYY");
        }

        @Test
        void aCardIsUsableUntilTheEndOfItsExpiryMonth() {
            Clock lastDayOfJanuary = clockAt(Instant.parse("2026-01-31T23:59:59Z"));
            Clock firstOfFebruary = clockAt(Instant.parse("2026-02-01T00:00:00Z"));
            CardSecret expiresJanuary = CardSecret.card(TEST_PAN, "0126", TEST_CVV);

            assertThat(expiresJanuary.isExpiredAt(lastDayOfJanuary)).isFalse();
            assertThat(expiresJanuary.isExpiredAt(firstOfFebruary)).isTrue();
        }

        @Test
        void aCardThatExpiredBeforeTheClocksMonthIsRejectedForTheAuthorization() {
            Violations v = new Violations();

            AuthorizationDetails.checkCardData(Channel.ECOMMERCE, CardSecret.card(TEST_PAN, "1225", TEST_CVV),
                    JANUARY_2026, v);

            assertThat(v.list()).singleElement().satisfies(violation -> {
                assertThat(violation.field()).isEqualTo("payment_method.card.expiry_date");
                assertThat(violation.rule()).isEqualTo("the card expired");
                assertThat(violation.value()).isEqualTo("1225");
            });
        }

        @ParameterizedTest
        @ValueSource(strings = {"123", "1234"})
        void aCvvHasThreeOrFourDigits(String cvv) {
            assertThat(CardSecret.card(TEST_PAN, TEST_EXPIRY, cvv).hasCvv()).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"12", "12345", "12a", ""})
        void anyOtherCvvIsRejected(String cvv) {
            assertThatThrownBy(() -> CardSecret.card(TEST_PAN, TEST_EXPIRY, cvv))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("card.security_code: must be 3 or 4 digits (was '***')");
        }

        @Test
        void aCardNeedsItsCvv() {
            assertThatThrownBy(() -> CardSecret.card(TEST_PAN, TEST_EXPIRY, null))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("card.security_code: is required");
        }

        @Test
        void aBadPanExpiryAndCvvAreReportedTogether() {
            assertThatThrownBy(() -> CardSecret.card("4859510000000052", "1399", "1"))
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                            .extracting(Violation::field)
                            .containsExactly("card.pan", "card.expiry_date", "card.security_code"));
        }
    }

    @Nested
    class Tokens {

        @Test
        void theSeedsTokenIsAValidToken() {
            CardSecret token = CardSecret.token(TEST_TOKEN, null);

            assertThat(token.kind()).isEqualTo(CardSecret.Kind.TOKEN);
            assertThat(token.masked()).isEqualTo("****0051");
            assertThat(token.expiryMonth()).isNull();
            assertThat(token.isExpiredAt(JANUARY_2026)).isFalse();
        }

        @Test
        void aTokenIdHasAtMostTwentyFiveCharacters() {
            assertThat(CardSecret.token("t".repeat(25), null).tokenId()).hasSize(25);
            assertThatThrownBy(() -> CardSecret.token("t".repeat(26), null))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("token.id: must be 1 to 25");
        }

        @Test
        void aTokenIdIsRequired() {
            assertThatThrownBy(() -> CardSecret.token(" ", "123"))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("token.id: is required");
        }
    }

    /** The seed's {@code channel}: 1 = eCommerce ("Card" or "Token + CVV"), 3 = Card on File (only "Token"). */
    @Nested
    class ChannelRules {

        @Test
        void cardOnFileTakesATokenWithoutCvv() {
            assertThat(violations(Channel.CARD_ON_FILE, CardSecret.token(TEST_TOKEN, null))).isEmpty();
        }

        @Test
        void cardOnFileSendsNoCvv() {
            assertThat(violations(Channel.CARD_ON_FILE, CardSecret.token(TEST_TOKEN, "123")))
                    .extracting(Violation::field).containsExactly("payment_method.token.security_code");
        }

        @Test
        void cardOnFileTakesNoCard() {
            assertThat(violations(Channel.CARD_ON_FILE, TestData.testCard()))
                    .extracting(Violation::field).containsExactly("payment_method");
        }

        @Test
        void eCommerceTakesACardWithItsCvv() {
            assertThat(violations(Channel.ECOMMERCE, TestData.testCard())).isEmpty();
        }

        @Test
        void eCommerceTakesATokenWithItsCvv() {
            assertThat(violations(Channel.ECOMMERCE, CardSecret.token(TEST_TOKEN, "123"))).isEmpty();
        }

        @Test
        void eCommerceNeedsTheCvvOfAToken() {
            assertThat(violations(Channel.ECOMMERCE, CardSecret.token(TEST_TOKEN, null)))
                    .singleElement()
                    .satisfies(v -> {
                        assertThat(v.field()).isEqualTo("payment_method.token.security_code");
                        assertThat(v.rule()).contains("channel 1");
                    });
        }

        @Test
        void theDetailsOfACardOnFileAuthorizationRefuseACardInstrument() {
            assertThatThrownBy(() -> new AuthorizationDetails(Channel.CARD_ON_FILE, Money.of("10.00", "PEN"),
                    Instrument.of(TestData.testCard(), null), TestData.cardHolder(), TestData.billing(), null, null,
                    null, null))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("payment_method: channel 3 (card on file) takes a token only");
        }

        private java.util.List<Violation> violations(Channel channel, CardSecret secret) {
            Violations v = new Violations();
            AuthorizationDetails.checkCardData(channel, secret, JANUARY_2026, v);
            return v.list();
        }
    }

    @Test
    void anAuthorizationOfZeroIsNotAnAuthorization() {
        assertThatThrownBy(() -> new AuthorizationDetails(Channel.ECOMMERCE, Money.zero(Money.parseCurrency("PEN")),
                Instrument.of(TestData.testCard(), null), TestData.cardHolder(), TestData.billing(), null, null,
                null, null))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("transaction.amount: must be greater than zero");
    }

    @Test
    void everyMissingAuthorizationFieldIsReportedAtOnce() {
        assertThatThrownBy(() -> new AuthorizationDetails(null, null, null, null, null, null, null, null, null))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field)
                        .containsExactlyInAnyOrder("channel", "transaction.amount", "payment_method", "card_holder",
                                "address.billing"));
    }

    @Test
    void absentAdditionalFieldsAreNone() {
        assertThat(TestData.authorizationDetails().additionalFields()).isEqualTo(AdditionalFields.NONE);
    }

    /** Appends the digit that makes {@code body} pass the Luhn check. */
    static String withLuhnDigit(String body) {
        for (int d = 0; d <= 9; d++) {
            if (CardSecret.passesLuhn(body + d)) {
                return body + d;
            }
        }
        throw new IllegalStateException("no Luhn digit for " + body);
    }
}
