package dev.cobro.domain.shared;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Currency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class MoneyTest {

    private static final Currency PEN = Currency.getInstance("PEN");
    private static final Currency CLP = Currency.getInstance("CLP");
    private static final Currency KWD = Currency.getInstance("KWD");

    /** Every example of the Money contract, one test each. */
    @Nested
    class DesignExamples {

        @Test
        void tenSolesAreSevenDigitsInFiveDecimalForm() {
            assertThat(Money.of(new BigDecimal("10.00"), PEN).toFiveDecimalUnits()).isEqualTo("1000000");
        }

        @Test
        void fiveDecimalUnitsAreReadBackAsTenSoles() {
            Money money = Money.fromFiveDecimalUnits("1000000", PEN);

            assertThat(money).isEqualTo(Money.of("10.00", "PEN"));
            assertThat(money.amount()).isEqualByComparingTo("10").hasScaleOf(2);
            assertThat(money.currency()).isEqualTo(PEN);
        }

        @Test
        void pesosWithoutDecimalsGainFiveZeroDigits() {
            assertThat(Money.of("1500", "CLP").toFiveDecimalUnits()).isEqualTo("150000000");
        }

        @Test
        void fiveDecimalUnitsFinerThanTheCurrencysCentsAreRejected() {
            assertThatThrownBy(() -> Money.fromFiveDecimalUnits("1000001", PEN))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("1000001")
                    .hasMessageContaining("PEN")
                    .hasMessageContaining("decimals");
        }

        @Test
        void elevenDigitsBeforeTheDecimalPointAreNotMoney() {
            // ARCHITECTURE.md, Domain: at most 10 digits before the point, the bound of Pay-me's 15-digit form.
            assertThatThrownBy(() -> Money.of("10000000000.00", "PEN"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("10000000000.00")
                    .hasMessageContaining("10 digits before the decimal point");
        }

        @Test
        void equalityIgnoresTrailingZeros() {
            Money tenPointZero = Money.of("10.0", "PEN");
            Money tenPointZeroZero = Money.of("10.00", "PEN");

            assertThat(tenPointZero).isEqualTo(tenPointZeroZero).hasSameHashCodeAs(tenPointZeroZero);
            assertThat(Money.of(new BigDecimal("10"), PEN)).isEqualTo(tenPointZeroZero);
        }

        @Test
        void onlySignificantPrecisionCounts() {
            assertThat(Money.of("10.000", "PEN")).isEqualTo(Money.of("10.00", "PEN"));
            assertThat(Money.of("10.000", "PEN").amount()).hasScaleOf(2);
        }

        @Test
        void zeroIsValidMoney() {
            Money zero = Money.of("0", "PEN");

            assertThat(zero.isZero()).isTrue();
            assertThat(zero.isPositive()).isFalse();
            assertThat(zero).isEqualTo(Money.zero(PEN)).isEqualTo(Money.of("0.000", "PEN"));
            assertThat(zero.toFiveDecimalUnits()).isEqualTo("0");
        }

        @Test
        void fiveDecimalUnitsAcceptLeadingZeros() {
            assertThat(Money.fromFiveDecimalUnits("0001000000", PEN)).isEqualTo(Money.of("10.00", "PEN"));
            assertThat(Money.fromFiveDecimalUnits("000000000000000", PEN)).isEqualTo(Money.zero(PEN));
        }

        @Test
        void numericCurrencyCodeHasThreeZeroPaddedDigits() {
            assertThat(Money.of("1.00", "PEN").numericCurrencyCode()).isEqualTo("604");
            assertThat(Money.of("1.00", "ALL").numericCurrencyCode()).isEqualTo("008");
        }
    }

    @Nested
    class Scale {

        @ParameterizedTest
        @CsvSource({"10.5, PEN, 10.50", "7, PEN, 7.00", "1500, CLP, 1500", "1.5, KWD, 1.500", "1E+3, MXN, 1000.00"})
        void amountsAreNormalisedToTheCurrencysScale(String amount, String currency, String expected) {
            Money money = Money.of(amount, currency);

            assertThat(money.amount().toPlainString()).isEqualTo(expected);
        }

        @ParameterizedTest
        @CsvSource({"10.001, PEN", "1.5, CLP", "0.0001, KWD"})
        void morePrecisionThanTheCurrencyAllowsIsRejectedNeverRounded(String amount, String currency) {
            assertThatThrownBy(() -> Money.of(amount, currency))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(amount)
                    .hasMessageContaining(currency)
                    .hasMessageContaining("decimals");
        }

        @Test
        void kuwaitiDinarsKeepThreeDecimalsInFiveDecimalForm() {
            assertThat(Money.of("1.234", "KWD").toFiveDecimalUnits()).isEqualTo("123400");
            assertThat(Money.fromFiveDecimalUnits("123400", KWD)).isEqualTo(Money.of("1.234", "KWD"));
        }

        @Test
        void theLargestFifteenDigitAmountStillHasAFiveDecimalForm() {
            Money largest = Money.of("9999999999.99", "PEN");

            assertThat(largest.toFiveDecimalUnits()).isEqualTo("999999999999000").hasSize(15);
        }
    }

    @Nested
    class InvalidInput {

        @Test
        void aNegativeAmountIsRejected() {
            assertThatThrownBy(() -> Money.of("-0.01", "PEN"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("-0.01")
                    .hasMessageContaining("negative");
        }

        @Test
        void anAmountThatIsNotANumberIsRejected() {
            assertThatThrownBy(() -> Money.of("ten", "PEN"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'ten'")
                    .hasMessageContaining("decimal number");
        }

        @Test
        void aMissingAmountOrCurrencyIsRejected() {
            assertThatThrownBy(() -> Money.of((String) null, "PEN"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("amount is required");
            assertThatThrownBy(() -> Money.of(BigDecimal.ONE, null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("currency is required");
        }

        @Test
        void aCurrencyWithoutMinorUnitCannotHoldMoney() {
            assertThatThrownBy(() -> Money.of("1", "XAU"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("XAU")
                    .hasMessageContaining("no minor unit");
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"-100", "10.00", "1 000", "abc", "1234567890123456"})
        void fiveDecimalUnitsMustBeOneToFifteenDigits(String units) {
            assertThatThrownBy(() -> Money.fromFiveDecimalUnits(units, PEN))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + units + "'")
                    .hasMessageContaining("1 to 15 digits");
        }

        @Test
        void moneyOfDifferentCurrenciesIsNotCompared() {
            assertThatThrownBy(() -> Money.of("1", "PEN").compareTo(Money.of("1", "CLP")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("PEN")
                    .hasMessageContaining("CLP");
        }
    }

    /**
     * Amounts no payment can have, refused from their precision and scale before anything expands
     * them (unchecked, 1e30 MXN reached 88Pay; 1e-999999999 exhausted the heap in the
     * error message; 1e9999999 took 11 s of CPU).
     */
    @Nested
    class Bounds {

        private static final Duration AT_ONCE = Duration.ofSeconds(5);

        @ParameterizedTest
        @ValueSource(strings = {"1e30", "1E+10", "12345678901", "99999999999.99"})
        void moreThanTenDigitsBeforeThePointAreRefused(String amount) {
            assertThatThrownBy(() -> Money.of(amount, "MXN"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("10 digits before the decimal point");
        }

        @Test
        void tenDigitsBeforeThePointAreMoney() {
            assertThat(Money.of("9999999999.99", "MXN").amount()).isEqualByComparingTo("9999999999.99");
            assertThat(Money.of(new BigDecimal("1E+9"), CLP).amount()).isEqualByComparingTo("1000000000");
        }

        @Test
        void aTinyAmountWithAHugeScaleIsRefusedAtOnceWithAShortMessage() {
            BigDecimal tiny = new BigDecimal("1e-999999999");

            assertThatThrownBy(() -> assertTimeoutPreemptively(AT_ONCE, () -> Money.of(tiny, PEN)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("1E-999999999")
                    .hasMessageContaining("decimals")
                    .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
        }

        @Test
        void aHugeAmountWithANegativeScaleIsRefusedAtOnce() {
            BigDecimal huge = new BigDecimal("1e9999999");

            assertThatThrownBy(() -> assertTimeoutPreemptively(AT_ONCE, () -> Money.of(huge, PEN)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("1E+9999999")
                    .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
        }

        @Test
        void trailingZerosBeyondTheScaleStillCountAsTheValueTheyAre() {
            // 1.000...0 (30 zeros) is 1.00 PEN: only significant precision counts.
            assertThat(Money.of("1." + "0".repeat(30), "PEN")).isEqualTo(Money.of("1.00", "PEN"));
        }

        @Test
        void aTextTooLongForAnyAmountIsNotParsed() {
            assertThatThrownBy(() -> Money.of("1" + "0".repeat(100), "PEN"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("characters");
        }
    }

    /** ISO 4217, alphabetic and numeric. */
    @Nested
    class Currencies {

        @ParameterizedTest
        @ValueSource(strings = {"PEN", "MXN", "COP", "CLP", "USD", "KWD"})
        void alphabeticIso4217CodesAreAccepted(String code) {
            assertThat(Money.parseCurrency(code).getCurrencyCode()).isEqualTo(code);
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"pen", "PE", "PENN", "604", "XYZ"})
        void anythingButAnAlphabeticIso4217CodeIsRejected(String code) {
            assertThatThrownBy(() -> Money.parseCurrency(code))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + code + "'")
                    .hasMessageContaining("ISO 4217");
        }

        @ParameterizedTest
        @CsvSource({"604, PEN", "008, ALL", "152, CLP", "484, MXN", "170, COP", "840, USD"})
        void numericIso4217CodesNameTheirCurrency(String numeric, String alphabetic) {
            assertThat(Money.currencyOfNumericCode(numeric).getCurrencyCode()).isEqualTo(alphabetic);
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"60", "6040", "PEN", "000", "999"})
        void anythingButAKnownThreeDigitNumericCodeIsRejected(String numeric) {
            assertThatThrownBy(() -> Money.currencyOfNumericCode(numeric))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + numeric + "'")
                    .hasMessageContaining("ISO 4217");
        }

        @Test
        void numericAndAlphabeticCodesRoundTrip() {
            Money clp = Money.of("1500", "CLP");

            assertThat(Money.currencyOfNumericCode(clp.numericCurrencyCode())).isEqualTo(CLP);
        }
    }

    @Test
    void sameAsComparesAmountsNumerically() {
        Money hundred = Money.of("100.00", "MXN");

        assertThat(hundred.sameAs(new BigDecimal("100"), "MXN")).isTrue();
        assertThat(hundred.sameAs(new BigDecimal("100.000"), "MXN")).isTrue();
        assertThat(hundred.sameAs(new BigDecimal("100.01"), "MXN")).isFalse();
        assertThat(hundred.sameAs(new BigDecimal("100"), "COP")).isFalse();
        assertThat(hundred.sameAs(null, "MXN")).isFalse();
    }

    @Test
    void sameAsNeedsTheSameCurrencyCodeExactly() {
        Money ten = Money.of("10.00", "PEN");

        assertThat(ten.sameAs(new BigDecimal("10.0"), "PEN")).isTrue();
        assertThat(ten.sameAs(new BigDecimal("10.0"), "pen")).isFalse();
        assertThat(ten.sameAs(new BigDecimal("10.0"), null)).isFalse();
        assertThat(ten.sameAs(new BigDecimal("1E+1"), "PEN")).isTrue();
    }

    @Test
    void sameAmountAsIgnoresScaleButNotValue() {
        Money ten = Money.of("10.00", "PEN");

        assertThat(ten.sameAmountAs(new BigDecimal("10"))).isTrue();
        assertThat(ten.sameAmountAs(new BigDecimal("10.0"))).isTrue();
        assertThat(ten.sameAmountAs(new BigDecimal("10.0000"))).isTrue();
        assertThat(ten.sameAmountAs(new BigDecimal("10.001"))).isFalse();
        assertThat(ten.sameAmountAs(null)).isFalse();
        assertThat(Money.zero(CLP).sameAmountAs(new BigDecimal("0.00"))).isTrue();
    }

    @Test
    void sameAmountComparesTwoBareAmountsAndANullProvesNothing() {
        assertThat(Money.sameAmount(new BigDecimal("10.0"), new BigDecimal("10.00"))).isTrue();
        assertThat(new BigDecimal("10.0")).as("what equals would say").isNotEqualTo(new BigDecimal("10.00"));
        assertThat(Money.sameAmount(new BigDecimal("10.0"), new BigDecimal("10.01"))).isFalse();
        assertThat(Money.sameAmount(null, new BigDecimal("10"))).isFalse();
        assertThat(Money.sameAmount(new BigDecimal("10"), null)).isFalse();
        assertThat(Money.sameAmount(null, null)).isFalse();
    }

    @Test
    void printsAmountAndCurrency() {
        assertThat(Money.of("10.5", "PEN")).hasToString("10.50 PEN");
    }

    /** A provider's amount before its currency is known (a notification's): Money's bounds, on precision and scale. */
    @Nested
    class BoundedAmount {

        @ParameterizedTest
        @ValueSource(strings = {"0.01", "50000", "53.75", "9999999999.9999", "100.000000", "1E+3"})
        void anAmountWithinTheBoundsIsReturnedAsSent(String amount) {
            assertThat(Money.boundedAmount(new BigDecimal(amount))).isEqualTo(new BigDecimal(amount));
        }

        @ParameterizedTest
        @CsvSource({
                "1e-1000000, more than 4 decimals",
                "1e-16384, more than 4 decimals",
                "0.00001, more than 4 decimals",
                "1e1000000, more than 10 digits before the decimal point",
                "12345678901, more than 10 digits before the decimal point",
                "-1, must not be negative"})
        void anAmountOutOfTheBoundsIsRefusedSayingWhichBound(String amount, String reason) {
            assertThatThrownBy(() -> Money.boundedAmount(new BigDecimal(amount)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(reason);
        }

        @Test
        void aZeroWithAHugeExponentIsPlainZero() {
            assertThat(Money.boundedAmount(new BigDecimal("0e-1000000"))).isEqualTo(BigDecimal.ZERO);
            assertThat(Money.boundedAmount(new BigDecimal("0E+1000000"))).isEqualTo(BigDecimal.ZERO);
        }

        /** The exponent is never expanded: a billion-digit value is judged as fast as a short one. */
        @Test
        void hugeExponentsAreJudgedWithoutExpandingThem() {
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                for (String amount : new String[] {"1e-999999999", "1e999999999", "1.000000000000000000001e-999999"}) {
                    assertThatThrownBy(() -> Money.boundedAmount(new BigDecimal(amount)))
                            .isInstanceOf(IllegalArgumentException.class);
                }
            });
        }
    }
}
