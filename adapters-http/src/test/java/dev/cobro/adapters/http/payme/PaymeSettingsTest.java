package dev.cobro.adapters.http.payme;

import dev.cobro.adapters.http.support.HttpTimeouts;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PaymeSettingsTest {

    private static final String SECRET = "the-client-secret-value";

    @Test
    void defaultsFollowPaymesDocumentedTokenRequestAndTimeouts() {
        PaymeSettings settings = PaymeSettings.defaults("https://auth.wip.alignet.io",
                "https://api.dev.alignet.io/", "client-7", SECRET);

        assertThat(settings.audience()).isEqualTo("https://api.dev.alignet.io");
        assertThat(settings.scope()).isEqualTo("create:token post:charges delete:charges");
        assertThat(settings.timeouts()).isEqualTo(new HttpTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(45)));
    }

    @Test
    void theAudienceIsTheApiUrlsSchemeAndHostWithAnExplicitPort() {
        assertThat(PaymeSettings.defaults("http://localhost:8089/auth", "http://localhost:8089/api/v1", "c", SECRET)
                .audience()).isEqualTo("http://localhost:8089");
    }

    @Test
    void toStringNamesTheClientIdButNeverTheSecret() {
        PaymeSettings settings = PaymeSettings.defaults("https://auth.alignet.io", "https://api.alignet.io",
                "client-7", SECRET);

        assertThat(settings.toString()).contains("client-7").doesNotContain(SECRET);
    }

    @Test
    void invalidSettingsNameEveryProblemAndNotTheSecret() {
        assertThatThrownBy(() -> new PaymeSettings("ftp://auth", "not a url", " ", SECRET, "", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("authUrl").hasMessageContaining("apiUrl").hasMessageContaining("clientId")
                .hasMessageContaining("audience").hasMessageContaining("scope").hasMessageContaining("timeouts")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void aMissingSecretIsNamedWithoutAValue() {
        assertThatThrownBy(() -> PaymeSettings.defaults("https://auth.alignet.io", "https://api.alignet.io",
                "client-7", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clientSecret");
    }

    @Test
    void aUrlWithUserInfoIsRefusedWithoutRepeatingIt() {
        assertThatThrownBy(() -> PaymeSettings.defaults("https://user:pa55word@auth.alignet.io",
                "https://api.alignet.io", "client-7", SECRET))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("authUrl")
                .hasMessageNotContaining("pa55word");
    }
}
