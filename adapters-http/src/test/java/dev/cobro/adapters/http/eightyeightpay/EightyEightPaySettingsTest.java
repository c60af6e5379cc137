package dev.cobro.adapters.http.eightyeightpay;

import dev.cobro.adapters.http.support.HttpTimeouts;
import dev.cobro.domain.shared.ValidationException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.cobro.adapters.http.eightyeightpay.EightyEightPayStubs.API_KEY;
import static dev.cobro.adapters.http.eightyeightpay.EightyEightPayStubs.MERCHANT_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EightyEightPaySettingsTest {

    @Test
    void defaultsConnectInFiveSecondsReadInTwentyAndFailFastOnRateLimits() {
        EightyEightPaySettings settings = EightyEightPaySettings.defaults(EightyEightPaySettings.SANDBOX_BASE_URL,
                API_KEY, MERCHANT_ID);

        assertThat(settings.timeouts()).isEqualTo(new HttpTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(20)));
        assertThat(settings.maxRateLimitWait()).isZero();
        assertThat(settings.baseUrl()).isEqualTo("https://api-sandbox.88pay.io");
    }

    @Test
    void toStringNamesTheMerchantButHidesTheKey() {
        EightyEightPaySettings settings = EightyEightPaySettings.defaults(EightyEightPaySettings.PRODUCTION_BASE_URL,
                API_KEY, MERCHANT_ID);

        assertThat(settings.toString()).contains(MERCHANT_ID, "https://api.88pay.io").doesNotContain(API_KEY);
    }

    @Test
    void everyInvalidFieldIsReportedAtOnce() {
        assertThatThrownBy(() -> new EightyEightPaySettings("ftp://x", " ", "", null, Duration.ofSeconds(-1)))
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).violations())
                        .extracting(v -> v.field())
                        .containsExactly("base_url", "api_key", "merchant_id", "timeouts", "max_rate_limit_wait"));
    }

    @Test
    void aRejectedSettingNeverQuotesTheKey() {
        assertThatThrownBy(() -> new EightyEightPaySettings("not a url", API_KEY, null,
                EightyEightPaySettings.DEFAULT_TIMEOUTS, null))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("base_url")
                .hasMessageContaining("merchant_id")
                .hasMessageContaining("max_rate_limit_wait")
                .hasMessageNotContaining(API_KEY);
    }

    @Test
    void aBaseUrlWithUserInfoIsRefusedAndItsPasswordIsShownNowhere() {
        assertThatThrownBy(() -> EightyEightPaySettings.defaults("https://shop:pa55word@api.88pay.io", API_KEY,
                MERCHANT_ID).toString())
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("base_url")
                .hasMessageContaining("user info")
                .hasMessageNotContaining("pa55word");
    }
}
