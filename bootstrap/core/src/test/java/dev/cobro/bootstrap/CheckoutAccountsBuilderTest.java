package dev.cobro.bootstrap;

import dev.cobro.adapters.http.eightyeightpay.EightyEightPaySettings;
import dev.cobro.adapters.http.mercadopago.MercadoPagoSettings;
import dev.cobro.domain.payment.Country;
import dev.cobro.domain.shared.AccountId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The builder's accounts of the hosted-checkout providers and the countries each serves. */
class CheckoutAccountsBuilderTest {

    private static EightyEightPaySettings eightyEightPay(String merchant) {
        return new EightyEightPaySettings("https://api-sandbox.88pay.io", "key-" + merchant, merchant,
                EightyEightPaySettings.DEFAULT_TIMEOUTS, Duration.ZERO, null, List.of());
    }

    private static MercadoPagoSettings mercadoPago(String token) {
        return new MercadoPagoSettings(MercadoPagoSettings.PRODUCTION_BASE_URL, token, null,
                MercadoPagoSettings.DEFAULT_TIMEOUTS, null, null, null);
    }

    @Test
    void aCountryServedByTwoAccountsOfOneProviderIsRefusedNamingBoth() {
        Cobro.Builder builder = Cobro.builder().eightyEightPay("col", eightyEightPay("m-col"), "COL");
        assertThatThrownBy(() -> builder.eightyEightPay("col2", eightyEightPay("m-col2"), "PER", "COL"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("country COL is served by 88Pay accounts col and col2");
        assertThat(builder.eightyEightPayAccounts).containsOnlyKeys(AccountId.of("col"));

        Cobro.Builder mp = Cobro.builder().mercadoPago("chl", mercadoPago("t-chl"), "CHL");
        assertThatThrownBy(() -> mp.mercadoPago("chl2", mercadoPago("t-chl2"), "CHL"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("country CHL is served by Mercado Pago accounts chl and chl2");
    }

    @Test
    void twoProvidersMayServeOneCountryAndAnAccountAddedAgainIsReplaced() {
        Cobro.Builder builder = Cobro.builder()
                .eightyEightPay("mex", eightyEightPay("m-1"), "MEX")
                .mercadoPago("mex", mercadoPago("t-1"), "MEX")
                .eightyEightPay("mex", eightyEightPay("m-2"), "MEX", "COL");

        Cobro.CheckoutAccount<EightyEightPaySettings> mex = builder.eightyEightPayAccounts.get(AccountId.of("mex"));
        assertThat(mex.settings().merchantId()).isEqualTo("m-2");
        assertThat(mex.countries()).isEqualTo(Set.of(new Country("MEX"), new Country("COL")));
        assertThat(builder.mercadoPagoAccounts.get(AccountId.of("mex")).countries())
                .containsExactly(new Country("MEX"));
    }

    @Test
    void theDefaultAccountIsSetByTheOneArgumentFormAndTakenAwayByNull() {
        Cobro.Builder builder = Cobro.builder().eightyEightPay(eightyEightPay("m-default"))
                .mercadoPago(mercadoPago("t-default"));
        assertThat(builder.eightyEightPayAccounts).containsOnlyKeys(AccountId.DEFAULT);
        assertThat(builder.mercadoPagoAccounts.get(AccountId.DEFAULT).countries()).isEmpty();

        builder.eightyEightPay(null).mercadoPago(null).payme(null);
        assertThat(builder.eightyEightPayAccounts).isEmpty();
        assertThat(builder.mercadoPagoAccounts).isEmpty();
        assertThat(builder.paymeAccounts).isEmpty();
    }
}
