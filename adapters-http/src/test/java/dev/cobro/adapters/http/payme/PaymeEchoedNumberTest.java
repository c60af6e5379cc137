package dev.cobro.adapters.http.payme;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How an echoed amount, currency or operation number is compared with the one sent. */
class PaymeEchoedNumberTest {

    @Test
    void theSameNumberWithOrWithoutLeadingZerosOrSurroundingSpacesIsTheSame() {
        assertThat(PaymeCardAuthorizationAdapter.sameNumber("12000", "12000")).isTrue();
        assertThat(PaymeCardAuthorizationAdapter.sameNumber("0000012000", "12000")).isTrue();
        assertThat(PaymeCardAuthorizationAdapter.sameNumber(" 604 ", "604")).isTrue();
        assertThat(PaymeCardAuthorizationAdapter.sameNumber("604", "0604")).isTrue();
        assertThat(PaymeCardAuthorizationAdapter.sameNumber("000", "0")).isTrue();
        // Digits of another script are digits, as BigInteger reads them.
        assertThat(PaymeCardAuthorizationAdapter.sameNumber("\u0666\u0660\u0664", "604")).isTrue();
    }

    @Test
    void anotherNumberOrSomethingThatIsNoNumberIsNotTheSame() {
        assertThat(PaymeCardAuthorizationAdapter.sameNumber("12001", "12000")).isFalse();
        assertThat(PaymeCardAuthorizationAdapter.sameNumber("120000", "12000")).isFalse();
        assertThat(PaymeCardAuthorizationAdapter.sameNumber("1200", "12000")).isFalse();
        assertThat(PaymeCardAuthorizationAdapter.sameNumber("12.00", "1200")).isFalse();
        assertThat(PaymeCardAuthorizationAdapter.sameNumber("-12000", "12000")).isFalse();
        assertThat(PaymeCardAuthorizationAdapter.sameNumber("", "0")).isFalse();
        assertThat(PaymeCardAuthorizationAdapter.sameNumber("   ", "0")).isFalse();
        assertThat(PaymeCardAuthorizationAdapter.sameNumber("000000000000000000012", "12")).isFalse();
    }
}
