package dev.cobro.adapters.http.payme;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** How an echoed amount, currency or operation number is compared with the one sent. */
class PaymeEchoedNumberTest {

    @ParameterizedTest(name = "''{0}'' echoes ''{1}'': {2}")
    @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
            "12000|12000|true",
            "0000012000|12000|true",
            " 604 |604|true",
            "604|0604|true",
            "000|0|true",
            // Digits of another script are digits, as BigInteger reads them.
            "\u0666\u0660\u0664|604|true",
            "12001|12000|false",
            "120000|12000|false",
            "1200|12000|false",
            "12.00|1200|false",
            "-12000|12000|false",
            "''|0|false",
            "'   '|0|false",
            // More than 20 characters.
            "000000000000000000012|12|false"})
    void anEchoedNumberIsTheSentOneLeadingZerosAndSurroundingSpacesAside(String echoed, String sent, boolean same) {
        assertThat(PaymeCardAuthorizationAdapter.sameNumber(echoed, sent)).isEqualTo(same);
    }
}
