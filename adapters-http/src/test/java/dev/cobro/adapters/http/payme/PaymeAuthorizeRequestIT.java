package dev.cobro.adapters.http.payme;

import dev.cobro.domain.authorization.Authorization.ProviderResponse;
import dev.cobro.application.port.out.ProviderOutcome;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.cobro.adapters.http.support.CobroJson;
import dev.cobro.application.port.out.AuthorizationCall;
import dev.cobro.application.port.out.PreparedCall;
import dev.cobro.domain.authorization.Address;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.cobro.adapters.http.payme.PaymeTestData.aSeedAuthorization;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The seed's three request examples, built from the same inputs through the port, as Pay-me receives them. */
class PaymeAuthorizeRequestIT extends PaymeHttpFixture {

    @Test
    void channelThreeSendsTheTokenOnlyAsSeedExampleOne() {
        assertThat(sentBody(aSeedAuthorization().cardOnFileToken().build(clock)))
                .isEqualTo(readTree(resource("payme/seed-example-1-channel-3-token.json")));
    }

    @Test
    void channelOneWithATokenSendsItsCvvAsSeedExampleTwo() {
        assertThat(sentBody(aSeedAuthorization().tokenWithCvv().build(clock)))
                .isEqualTo(readTree(resource("payme/seed-example-2-channel-1-token-and-cvv.json")));
    }

    @Test
    void channelOneWithACardSendsPanExpiryAndCvvAsSeedExampleThree() {
        assertThat(sentBody(aSeedAuthorization().card().build(clock)))
                .isEqualTo(readTree(resource("payme/seed-example-3-channel-1-card.json")));
    }

    @Test
    void theBodyKeepsTheSeedsFieldOrder() {
        JsonNode sent = sentBody(aSeedAuthorization().card().build(clock));
        JsonNode seed = readTree(resource("payme/seed-example-3-channel-1-card.json"));
        // Compact text equality holds only when every object lists its fields in the seed's order.
        assertThat(sent.toString()).isEqualTo(seed.toString());
    }

    @Test
    void everyChargeCarriesTheApiVersionTheJsonContentTypeAndTheBearerToken() {
        stubToken(accessToken(1), 86400);
        payme.stubFor(charge().willReturn(json(200, approvedResponse())));
        PaymeCardAuthorizationAdapter adapter = adapter();

        adapter.authorize(adapter.prepareAuthorize(aSeedAuthorization().card().build(clock)));

        payme.verify(postRequestedFor(urlEqualTo(CHARGES_PATH))
                .withHeader("ALG-API-VERSION", equalTo("1618440906"))
                .withHeader("Content-Type", containing("application/json"))
                .withHeader("Authorization", equalTo("Bearer " + accessToken(1))));
    }

    @Test
    void theRedactedRequestShowsTheMaskedPanAndHidesTheCvv() {
        stubToken(accessToken(1), 86400);
        PreparedCall prepared = adapter().prepareAuthorize(aSeedAuthorization().card().build(clock));

        JsonNode card = readTree(prepared.redactedRequest()).path("payment_method").path("card").get(0);
        assertThat(card.path("pan").asText()).isEqualTo("485951******0051");
        assertThat(card.path("security_code").asText()).isEqualTo("***");
        assertThat(prepared.redactedRequest()).doesNotContain(PaymeTestData.SEED_PAN, "\"365\"");
        assertThat(prepared.toString()).doesNotContain(PaymeTestData.SEED_PAN).contains("123456");
    }

    @Test
    void theRedactedRequestShowsOnlyTheTokensLastFourAndHidesItsCvv() {
        stubToken(accessToken(1), 86400);
        PreparedCall prepared = adapter().prepareAuthorize(aSeedAuthorization().tokenWithCvv().build(clock));

        JsonNode token = readTree(prepared.redactedRequest()).path("payment_method").path("token").get(0);
        assertThat(token.path("id").asText()).isEqualTo("****0051");
        assertThat(token.path("security_code").asText()).isEqualTo("***");
        assertThat(prepared.redactedRequest()).doesNotContain(PaymeTestData.SEED_TOKEN);
    }

    @Test
    void aShippingAddressIsSentBesideTheBillingOne() {
        Address shipping = new Address("addr-7", "Ana", "Rojas", null, null, null, "Av. Arequipa 100", null,
                "LIMA", null, "PE", null);

        JsonNode sent = sentBody(aSeedAuthorization().card().shippedTo(shipping).build(clock));

        JsonNode sentShipping = sent.path("address").path("shipping");
        assertThat(sentShipping.path("id").asText()).isEqualTo("addr-7");
        assertThat(sentShipping.path("location").path("line_1").asText()).isEqualTo("Av. Arequipa 100");
        assertThat(sentShipping.has("email")).as("absent fields are not sent").isFalse();
        assertThat(sent.path("address").path("billing").path("first_name").asText()).isEqualTo("Juan Diego");
    }

    @Test
    void aPreparedAuthorizationIsSentOnlyOnce() {
        stubToken(accessToken(1), 86400);
        payme.stubFor(charge().willReturn(json(200, approvedResponse())));
        PaymeCardAuthorizationAdapter adapter = adapter();
        PreparedCall prepared = adapter.prepareAuthorize(aSeedAuthorization().card().build(clock));

        assertThat(adapter.authorize(prepared)).isInstanceOf(ProviderOutcome.Succeeded.class);
        // After the call the prepared request holds no card data, so a second charge cannot leave it.
        assertThatThrownBy(() -> adapter.authorize(prepared)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already sent").hasMessageNotContaining(PaymeTestData.SEED_PAN);
        payme.verify(1, postRequestedFor(urlEqualTo(CHARGES_PATH)));
    }

    /** Authorizes {@code call} against WireMock and returns the body Pay-me received. */
    private JsonNode sentBody(AuthorizationCall call) {
        stubToken(accessToken(1), 86400);
        payme.stubFor(charge().willReturn(json(200, approvedResponse())));
        PaymeCardAuthorizationAdapter adapter = adapter();

        ProviderOutcome<ProviderResponse> outcome = adapter.authorize(adapter.prepareAuthorize(call));

        assertThat(outcome).isInstanceOf(ProviderOutcome.Succeeded.class);
        List<LoggedRequest> received = payme.findAll(postRequestedFor(urlEqualTo(CHARGES_PATH)));
        assertThat(received).hasSize(1);
        try {
            return CobroJson.mapper().readTree(received.get(0).getBodyAsString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
