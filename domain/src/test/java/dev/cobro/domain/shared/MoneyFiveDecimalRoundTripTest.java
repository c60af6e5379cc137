package dev.cobro.domain.shared;

import dev.cobro.domain.testing.Gen;
import dev.cobro.domain.testing.PropertyCheck;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Currency;

import static org.assertj.core.api.Assertions.assertThat;

/** Pay-me's five-decimal wire form loses nothing, in currencies with 0, 2 and 3 decimals. */
class MoneyFiveDecimalRoundTripTest {

    @Test
    void fiveDecimalUnitsReadBackAsTheSameMoney() {
        PropertyCheck.forAll("fiveDecimalUnitsReadBackAsTheSameMoney", 500, moneyThatFitsFifteenDigits(), money -> {
            String units = money.toFiveDecimalUnits();

            assertThat(units).matches("[0-9]{1,15}");
            assertThat(Money.fromFiveDecimalUnits(units, money.currency())).isEqualTo(money);
        });
    }

    /** The long arithmetic of the hot path gives exactly what BigDecimal gives. */
    @Test
    void fiveDecimalUnitsAreTheAmountTimesTenToTheFifth() {
        PropertyCheck.forAll("fiveDecimalUnitsAreTheAmountTimesTenToTheFifth", 500, moneyThatFitsFifteenDigits(),
                money -> assertThat(money.toFiveDecimalUnits())
                        .isEqualTo(money.amount().movePointRight(5).toBigIntegerExact().toString()));
    }

    @Test
    void leadingZerosDoNotChangeTheAmount() {
        PropertyCheck.forAll("leadingZerosDoNotChangeTheAmount", 200, moneyThatFitsFifteenDigits(), money -> {
            String units = money.toFiveDecimalUnits();
            String padded = "0".repeat(15 - units.length()) + units;

            assertThat(Money.fromFiveDecimalUnits(padded, money.currency())).isEqualTo(money);
        });
    }

    /**
     * Amounts below 10^10 (15 digits, the last five decimals), in minor units of CLP, PEN or KWD; every
     * magnitude as likely, and zero and the largest one among them.
     */
    static Gen<Money> moneyThatFitsFifteenDigits() {
        return Gen.of(Currency.getInstance("CLP"), Currency.getInstance("PEN"), Currency.getInstance("KWD"))
                .flatMap(currency -> {
                    int digits = currency.getDefaultFractionDigits();
                    BigInteger maxMinorUnits = BigInteger.TEN.pow(10 + digits).subtract(BigInteger.ONE);
                    return Gen.bigIntegers(BigInteger.ZERO, maxMinorUnits)
                            .map(units -> Money.of(new BigDecimal(units, digits), currency));
                });
    }
}
