package dev.cobro.adapters.http.payme;

import dev.cobro.domain.authorization.Authorization.ProviderResponse;
import dev.cobro.application.port.out.ProviderOutcome;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.cobro.application.port.out.PreparedCall;
import dev.cobro.application.port.out.ProviderConfigurationException;
import dev.cobro.application.port.out.ProviderUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.cobro.adapters.http.payme.PaymeTestData.aSeedAuthorization;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pay-me's OAuth token: requested as documented, reused while it lives, one fetch at a time, renewed on a 401. */
class PaymeAccessTokenIT extends PaymeHttpFixture {

    @Test
    void theTokenRequestIsTheClientCredentialsGrantWithTheApiVersion() {
        stubToken(accessToken(1), 86400);

        adapter().prepareAuthorize(aSeedAuthorization().card().build(clock));

        payme.verify(postRequestedFor(urlEqualTo(TOKEN_PATH))
                .withHeader("ALG-API-VERSION", equalTo("1618440906"))
                .withHeader("Content-Type", containing("application/json"))
                .withRequestBody(equalToJson("{\"action\":\"authorize\",\"grant_type\":\"client_credentials\","
                        + "\"audience\":\"" + payme.baseUrl() + "\",\"client_id\":\"" + PaymeTestData.CLIENT_ID + "\","
                        + "\"client_secret\":\"" + PaymeTestData.CLIENT_SECRET + "\","
                        + "\"scope\":\"create:token post:charges delete:charges\"}")));
    }

    @Test
    void twoAuthorizationsShareOneToken() {
        stubToken(accessToken(1), 86400);
        payme.stubFor(charge().willReturn(json(200, approvedResponse())));
        PaymeCardAuthorizationAdapter adapter = adapter();

        authorize(adapter, "100001");
        authorize(adapter, "100002");

        assertThat(adapter.tokenRequests()).isEqualTo(1);
        payme.verify(1, postRequestedFor(urlEqualTo(TOKEN_PATH)));
        payme.verify(2, postRequestedFor(urlEqualTo(CHARGES_PATH))
                .withHeader("Authorization", equalTo("Bearer " + accessToken(1))));
    }

    @Test
    void theTokenIsReusedUntilExpiresInLessTheMarginAndThenFetchedAgain() {
        stubToken(accessToken(1), 3600);
        payme.stubFor(charge().willReturn(json(200, approvedResponse())));
        PaymeCardAuthorizationAdapter adapter = adapter();

        authorize(adapter, "100001");
        clock.advance(Duration.ofSeconds(3600 - 60 - 1));
        authorize(adapter, "100002");
        assertThat(adapter.tokenRequests()).as("still within expires_in less 60 s").isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        authorize(adapter, "100003");
        assertThat(adapter.tokenRequests()).as("60 s before expiry").isEqualTo(2);
    }

    @Test
    void twentyConcurrentAuthorizationsWaitForOneTokenRequest() throws Exception {
        // The token answer is slow, so all twenty callers arrive while the first fetch is in flight.
        payme.stubFor(post(urlEqualTo(TOKEN_PATH))
                .willReturn(json(200, tokenResponse(accessToken(1), 86400)).withFixedDelay(300)));
        payme.stubFor(charge().willReturn(approvedEchoingTheRequest()));
        PaymeCardAuthorizationAdapter adapter = adapter();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService callers = Executors.newFixedThreadPool(20);
        try {
            List<Future<ProviderOutcome<ProviderResponse>>> outcomes = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String operation = Integer.toString(200_000 + i);
                Callable<ProviderOutcome<ProviderResponse>> caller = () -> {
                    start.await();
                    return authorize(adapter, operation);
                };
                outcomes.add(callers.submit(caller));
            }
            start.countDown();
            for (Future<ProviderOutcome<ProviderResponse>> outcome : outcomes) {
                assertThat(outcome.get(30, TimeUnit.SECONDS)).isInstanceOf(ProviderOutcome.Succeeded.class);
            }
        } finally {
            callers.shutdownNow();
        }

        assertThat(adapter.tokenRequests()).isEqualTo(1);
        payme.verify(1, postRequestedFor(urlEqualTo(TOKEN_PATH)));
        payme.verify(20, postRequestedFor(urlEqualTo(CHARGES_PATH)));
    }

    @Test
    void aStaleTokenIsReplacedOnceAndTheChargeRetriedOnce() {
        stubTokensInTurn(accessToken(1), accessToken(2));
        payme.stubFor(chargeWith(accessToken(1)).willReturn(json(401, "{\"message\":\"Unauthorized\"}")));
        payme.stubFor(chargeWith(accessToken(2)).willReturn(json(200, approvedResponse())));
        PaymeCardAuthorizationAdapter adapter = adapter();

        ProviderOutcome<ProviderResponse> outcome = authorize(adapter, PaymeTestData.SEED_OPERATION_NUMBER);

        assertThat(outcome).isInstanceOf(ProviderOutcome.Succeeded.class);
        assertThat(adapter.tokenRequests()).as("the first token and exactly one new one").isEqualTo(2);
        payme.verify(1, postRequestedFor(urlEqualTo(CHARGES_PATH))
                .withHeader("Authorization", equalTo("Bearer " + accessToken(1))));
        payme.verify(1, postRequestedFor(urlEqualTo(CHARGES_PATH))
                .withHeader("Authorization", equalTo("Bearer " + accessToken(2))));
    }

    @Test
    void aChargeRefusedWith401AgainAfterAFreshTokenIsRejectedNamingTheClientId() {
        stubTokensInTurn(accessToken(1), accessToken(2));
        payme.stubFor(charge().willReturn(json(401, "{\"message\":\"Unauthorized\"}")));
        PaymeCardAuthorizationAdapter adapter = adapter();

        ProviderOutcome<ProviderResponse> outcome = authorize(adapter, "100001");

        assertThat(outcome).isInstanceOf(ProviderOutcome.Rejected.class);
        assertThat(outcome.reason()).contains(PaymeTestData.CLIENT_ID, "401")
                .doesNotContain(PaymeTestData.CLIENT_SECRET, PaymeTestData.ACCESS_TOKEN_PREFIX);
        assertThat(adapter.tokenRequests()).isEqualTo(2);
        payme.verify(2, postRequestedFor(urlEqualTo(CHARGES_PATH)));
    }

    @Test
    void aReversalAnswered401IsRetriedOnceWithAFreshToken() {
        stubTokensInTurn(accessToken(1), accessToken(2));
        payme.stubFor(reversalOf("123456").withHeader("Authorization", equalTo("Bearer " + accessToken(1)))
                .willReturn(json(401, "{\"message\":\"Unauthorized\"}")));
        payme.stubFor(reversalOf("123456").withHeader("Authorization", equalTo("Bearer " + accessToken(2)))
                .willReturn(json(200, reversedResponse("123456"))));
        PaymeCardAuthorizationAdapter adapter = adapter();

        ProviderOutcome<Void> outcome = adapter.reverse(adapter.prepareReverse(
                aSeedAuthorization().card().build(clock).authorization()));

        assertThat(outcome).isInstanceOf(ProviderOutcome.Succeeded.class);
        assertThat(adapter.tokenRequests()).isEqualTo(2);
        payme.verify(2, deleteRequestedFor(urlEqualTo(CHARGES_PATH + "/123456")));
    }

    @ParameterizedTest(name = "token endpoint HTTP {0}")
    @ValueSource(ints = {401, 403})
    void refusedCredentialsFailBeforeTheWriteAheadNamingTheClientIdOnly(int status) {
        payme.stubFor(post(urlEqualTo(TOKEN_PATH)).willReturn(json(status,
                "{\"action\":\"authorize\",\"success\":false,\"authorization\":{\"meta\":{\"status\":{\"code\":\"99\","
                        + "\"message_ilgn\":[{\"locale\":\"es_PE\",\"value\":\"Credenciales invalidas\"}]}}}}")));
        PaymeCardAuthorizationAdapter adapter = adapter();

        assertThatThrownBy(() -> adapter.prepareAuthorize(aSeedAuthorization().card().build(clock)))
                .isInstanceOf(ProviderConfigurationException.class)
                .hasMessageContaining(PaymeTestData.CLIENT_ID)
                .hasMessageContaining(Integer.toString(status))
                .hasMessageNotContaining(PaymeTestData.CLIENT_SECRET);
        payme.verify(0, postRequestedFor(urlEqualTo(CHARGES_PATH)));
    }

    @Test
    void anUnreachableAuthHostFailsBeforeTheWriteAheadAsUnavailable() {
        PaymeSettings settings = settings();
        PaymeCardAuthorizationAdapter adapter = new PaymeCardAuthorizationAdapter(new PaymeSettings(
                nobodyListening(), settings.apiUrl(), settings.clientId(), settings.clientSecret(),
                settings.audience(), settings.scope(), settings.timeouts()), clock);

        assertThatThrownBy(() -> adapter.prepareAuthorize(aSeedAuthorization().card().build(clock)))
                .isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining(PaymeTestData.CLIENT_ID)
                .hasMessageNotContaining(PaymeTestData.CLIENT_SECRET);
        assertThatThrownBy(() -> adapter.prepareReverse(aSeedAuthorization().card().build(clock).authorization()))
                .isInstanceOf(ProviderUnavailableException.class);
    }

    @Test
    void aTokenThatCannotBeRenewedInsideTheCallLeavesTheChargeNotSent() {
        stubToken(accessToken(1), 3600);
        payme.stubFor(charge().willReturn(json(200, approvedResponse())));
        PaymeCardAuthorizationAdapter adapter = adapter();
        PreparedCall prepared = adapter.prepareAuthorize(aSeedAuthorization().card().build(clock));
        // The token expires between the write-ahead and the call, and the auth host is now down.
        clock.advance(Duration.ofHours(2));
        payme.stubFor(post(urlEqualTo(TOKEN_PATH)).willReturn(json(503, "{\"message\":\"down\"}")));

        ProviderOutcome<ProviderResponse> outcome = adapter.authorize(prepared);

        assertThat(outcome).isInstanceOf(ProviderOutcome.NotSent.class);
        payme.verify(0, postRequestedFor(urlEqualTo(CHARGES_PATH)));
    }

    private ProviderOutcome<ProviderResponse> authorize(PaymeCardAuthorizationAdapter adapter, String operationNumber) {
        return adapter.authorize(adapter.prepareAuthorize(
                aSeedAuthorization().card().withOperationNumber(operationNumber).build(clock)));
    }

    /** The first token request gets {@code first}, every later one {@code second}. */
    private void stubTokensInTurn(String first, String second) {
        payme.stubFor(post(urlEqualTo(TOKEN_PATH)).inScenario("tokens").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(200, tokenResponse(first, 86400))).willSetStateTo("second"));
        payme.stubFor(post(urlEqualTo(TOKEN_PATH)).inScenario("tokens").whenScenarioStateIs("second")
                .willReturn(json(200, tokenResponse(second, 86400))));
    }
}
