package dev.cobro.bootstrap;

import dev.cobro.adapters.http.eightyeightpay.EightyEightPaySettings;
import dev.cobro.adapters.http.payme.PaymeSettings;
import dev.cobro.db.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Provider base URLs are https: the API key and the payments' data do not cross a network in clear.
 * Plain http is for a loopback host (a sandbox on this machine) or when the host says so.
 */
class ProviderUrlsIT {

    private static final String KEY = "key_live_0123456789abcdef";

    static TestDatabase.Handle db;

    @BeforeAll
    static void start() {
        db = TestDatabase.freshDatabase();
    }

    @Test
    void anHttpBaseUrlOnANetworkHostIsRefusedAtBuildTimeWithoutQuotingIt() {
        assertThatThrownBy(() -> Cobro.builder().dataSource(db.dataSource())
                .eightyEightPay(EightyEightPaySettings.defaults("http://api.88pay.io/v1?k=1", KEY, "MCH-1"))
                .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("88Pay account default's base URL is http://api.88pay.io")
                .hasMessageContaining("allowInsecureHttp()")
                .hasMessageNotContaining("k=1");
        assertThatThrownBy(() -> Cobro.builder().dataSource(db.dataSource())
                .payme(PaymeSettings.defaults("https://auth.alignet.io", "http://api.alignet.io", "client", KEY))
                .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Pay-me account default's API URL is http://api.alignet.io");
    }

    @Test
    void httpIsAcceptedOnALoopbackHostOrWhenTheHostAllowsIt() {
        for (String loopback : new String[] {"http://127.0.0.1:8080", "http://localhost:9", "http://[::1]:8443"}) {
            try (Cobro cobro = Cobro.builder().dataSource(db.dataSource())
                    .eightyEightPay(EightyEightPaySettings.defaults(loopback, KEY, "MCH-1")).build()) {
                assertThat(cobro.checkoutProviderIds()).isNotEmpty();
            }
        }
        try (Cobro cobro = Cobro.builder().dataSource(db.dataSource()).allowInsecureHttp()
                .eightyEightPay(EightyEightPaySettings.defaults("http://sandbox.internal:8080", KEY, "MCH-1"))
                .build()) {
            assertThat(cobro.checkoutProviderIds()).isNotEmpty();
        }
    }

    @Test
    void aNameThatOnlyLooksLocalIsNotLoopback() {
        assertThat(ProviderUrls.isLoopback("127.0.0.1.example.com")).isFalse();
        assertThat(ProviderUrls.isLoopback("localhost.example.com")).isFalse();
        assertThat(ProviderUrls.isLoopback("10.0.0.1")).isFalse();
        assertThat(ProviderUrls.isLoopback("127.1.2.3")).isTrue();
    }
}
