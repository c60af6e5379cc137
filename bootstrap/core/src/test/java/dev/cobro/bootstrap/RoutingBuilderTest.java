package dev.cobro.bootstrap;

import dev.cobro.bootstrap.config.CobroConfiguration;
import dev.cobro.domain.payment.Country;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.ValidationException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The builder's {@code routing(country, providers...)}, and the environment's routes put on it. */
class RoutingBuilderTest {

    @Test
    void aRouteIsAnOrderedListOfProvidersPerCountryAndASecondCallReplacesIt() {
        Cobro.Builder builder = Cobro.builder().routing("mex", "88pay", "mercadopago").routing("COL", "mercadopago")
                .routing("MEX", "mercadopago", "88pay");

        assertThat(builder.routes).containsExactly(
                Map.entry(new Country("MEX"), List.of(ProviderId.of("mercadopago"), ProviderId.of("88pay"))),
                Map.entry(new Country("COL"), List.of(ProviderId.of("mercadopago"))));
    }

    @Test
    void aBadRouteIsRefusedAtOnce() {
        assertThatThrownBy(() -> Cobro.builder().routing("Mexico", "88pay")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("country");
        assertThatThrownBy(() -> Cobro.builder().routing("MEX")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the route of MEX lists no provider");
        assertThatThrownBy(() -> Cobro.builder().routing("MEX", "88pay", "88pay"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lists a provider twice");
        assertThatThrownBy(() -> Cobro.builder().routing("MEX", "Mercado Pago"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("provider");
    }

    @Test
    void theEnvironmentsRoutesGoOnTheBuilder() {
        Cobro.Builder builder = CobroConfiguration.fromEnvironment(Map.of("COBRO_ROUTES_MEX", "88pay,mercadopago"))
                .providers(Cobro.builder());

        assertThat(builder.routes).containsExactly(
                Map.entry(new Country("MEX"), List.of(ProviderId.of("88pay"), ProviderId.of("mercadopago"))));
    }
}
