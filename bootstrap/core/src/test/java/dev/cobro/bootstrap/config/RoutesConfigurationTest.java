package dev.cobro.bootstrap.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code COBRO_ROUTES_<COUNTRY>}: the ordered providers of a country's checkouts that name none. */
class RoutesConfigurationTest {

    @Test
    void routesComeFromTheirVariablesInTheOrderGiven() {
        CobroConfiguration config = CobroConfiguration.fromEnvironment(Map.of(
                "COBRO_ROUTES_MEX", "88pay, mercadopago",
                "COBRO_ROUTES_COL", "mercadopago",
                "COBRO_MERCADOPAGO_ACCESS_TOKEN", "APP_USR-never-echoed-token"));

        assertThat(config.routes()).containsExactly(Map.entry("COL", List.of("mercadopago")),
                Map.entry("MEX", List.of("88pay", "mercadopago")));
        assertThat(config.toString()).contains("routes={COL=[mercadopago], MEX=[88pay, mercadopago]}")
                .doesNotContain("APP_USR");
    }

    @Test
    void withoutTheVariablesThereIsNoRoute() {
        assertThat(CobroConfiguration.fromEnvironment(Map.of()).routes()).isEmpty();
    }

    @Test
    void aBadRouteIsReportedByItsVariable() {
        assertThatThrownBy(() -> CobroConfiguration.fromEnvironment(Map.of(
                "COBRO_ROUTES_MEXICO", "88pay",
                "COBRO_ROUTES_COL", "88Pay;Mercado Pago",
                "COBRO_ROUTES_PER", "88pay,88pay")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("COBRO_ROUTES_MEXICO: the name must end with an ISO alpha-3 country code")
                .hasMessageContaining("COBRO_ROUTES_COL must list provider ids separated by commas")
                .hasMessageContaining("COBRO_ROUTES_PER lists a provider twice");
    }
}
