package dev.cobro.adapters.http.payme;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class PaymeAccessTokenLifetimeTest {

    @ParameterizedTest(name = "expires_in {0} s -> reused {1} s")
    @CsvSource({
            "86400, 86340",   // the documented lifetime: 60 s early
            "8600,  8540",    // the other documented example
            "600,   540",     // from here down, 10% early
            "30,    27",
            "0,     0",       // no lifetime: used for the one call only
            "-5,    0"})
    void aTokenIsReusedForExpiresInLessSixtySecondsOrTenPercent(long expiresIn, long reusedSeconds) {
        assertThat(PaymeAccessTokens.usableLifetime(expiresIn)).isEqualTo(Duration.ofSeconds(reusedSeconds));
    }

    @ParameterizedTest(name = "absent expires_in")
    @CsvSource(value = {"null"}, nullValues = "null")
    void aTokenWithoutExpiresInIsNotReused(Long expiresIn) {
        assertThat(PaymeAccessTokens.usableLifetime(expiresIn)).isZero();
    }
}
