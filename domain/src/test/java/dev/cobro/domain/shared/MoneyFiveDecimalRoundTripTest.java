package dev.cobro.domain.shared;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Currency;

import static org.assertj.core.api.Assertions.assertThat;

/** Pay-me's five-decimal wire form loses nothing, in currencies with 0, 2 and 3 decimals. */
class MoneyFiveDecimalRoundTripTest {

    @Property(tries = 500)
    void fiveDecimalUnitsReadBackAsTheSameMoney(@ForAll("moneyThatFitsFifteenDigits") Money money) {
        String units = money.toFiveDecimalUnits();

        assertThat(units).matches("[0-9]{1,15}");
        assertThat(Money.fromFiveDecimalUnits(units, money.currency())).isEqualTo(money);
    }

    /** The long arithmetic of the hot path gives exactly what BigDecimal gives. */
    @Property(tries = 500)
    void fiveDecimalUnitsAreTheAmountTimesTenToTheFifth(@ForAll("moneyThatFitsFifteenDigits") Money money) {
        assertThat(money.toFiveDecimalUnits())
                .isEqualTo(money.amount().movePointRight(5).toBigIntegerExact().toString());
    }

    @Property(tries = 200)
    void leadingZerosDoNotChangeTheAmount(@ForAll("moneyThatFitsFifteenDigits") Money money) {
        String units = money.toFiveDecimalUnits();
        String padded = "0".repeat(15 - units.length()) + units;

        assertThat(Money.fromFiveDecimalUnits(padded, money.currency())).isEqualTo(money);
    }

    /** Amounts below 10^10 (15 digits, the last five decimals), in minor units of CLP, PEN or KWD. */
    @Provide
    Arbitrary<Money> moneyThatFitsFifteenDigits() {
        return Arbitraries.of(Currency.getInstance("CLP"), Currency.getInstance("PEN"), Currency.getInstance("KWD"))
                .flatMap(currency -> {
                    int digits = currency.getDefaultFractionDigits();
                    BigInteger maxMinorUnits = BigInteger.TEN.pow(10 + digits).subtract(BigInteger.ONE);
                    return Arbitraries.bigIntegers().between(BigInteger.ZERO, maxMinorUnits)
                            .edgeCases(edges -> edges.add(maxMinorUnits))
                            .map(units -> Money.of(new BigDecimal(units, digits), currency));
                });
    }
}
