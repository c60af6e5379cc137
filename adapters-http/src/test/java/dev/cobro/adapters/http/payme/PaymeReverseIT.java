package dev.cobro.adapters.http.payme;

import dev.cobro.application.port.in.AuthorizationView;
import dev.cobro.application.port.out.ProviderOutcome;
import dev.cobro.application.port.out.PreparedCall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;


import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.cobro.adapters.http.payme.PaymeTestData.aSeedAuthorization;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code DELETE /charges/{internal_operation_number}} and how its answers become outcomes. */
class PaymeReverseIT extends PaymeHttpFixture {

    @Test
    void aReversalDeletesTheChargeByItsOperationNumberAndIsRecordedAsTheRequestLine() {
        stubToken(accessToken(1), 86400);
        payme.stubFor(reversalOf("123456").willReturn(json(200, reversedResponse("123456"))));
        PaymeCardAuthorizationAdapter adapter = adapter();

        PreparedCall prepared = adapter.prepareReverse(authorization());
        ProviderOutcome<Void> outcome = adapter.reverse(prepared);

        assertThat(prepared.redactedRequest()).isEqualTo("DELETE /charges/123456");
        assertThat(outcome).isInstanceOf(ProviderOutcome.Succeeded.class);
        assertThat(outcome.exchange().httpStatus()).isEqualTo(200);
        assertThat(outcome.exchange().providerCode()).isEqualTo("00");
        assertThat(outcome.exchange().providerMessage()).isEqualTo("Operacion reversada");
        payme.verify(deleteRequestedFor(urlEqualTo(CHARGES_PATH + "/123456"))
                .withHeader("ALG-API-VERSION", equalTo("1618440906"))
                .withHeader("Authorization", equalTo("Bearer " + accessToken(1)))
                .withRequestBody(absent()));
    }

    @Test
    void aReversalAnsweredWithCode01FailsWithItsCodeAndMessage() {
        ProviderOutcome<Void> outcome = reverseAnswered(200, resource("payme/reverse-failed-response.json"));

        assertThat(outcome).isInstanceOf(ProviderOutcome.Declined.class);
        assertThat(outcome.exchange().providerCode()).isEqualTo("01");
        assertThat(outcome.exchange().providerMessage()).isEqualTo("Ocurrio un problema durante el proceso");
        assertThat(outcome.exchange().redactedResponse()).contains("\"commerce_id\":\"9011\"");
    }

    @Test
    void aReversalAnsweredWithSuccessFalseFailsWhateverItsCode() {
        ProviderOutcome<Void> outcome = reverseAnswered(200, reversedResponse("123456").replace("\"true\"", "\"false\""));

        assertThat(outcome).isInstanceOf(ProviderOutcome.Declined.class);
        assertThat(outcome.exchange().providerCode()).isEqualTo("00");
    }

    @Test
    void aReversalAnsweredWithABooleanSuccessIsReversed() {
        ProviderOutcome<Void> outcome = reverseAnswered(200, reversedResponse("123456").replace("\"true\"", "true"));

        assertThat(outcome).isInstanceOf(ProviderOutcome.Succeeded.class);
    }

    @ParameterizedTest(name = "HTTP {0} rejects the reversal")
    @ValueSource(ints = {400, 403, 404, 422})
    void aClientErrorRejectsTheReversal(int status) {
        ProviderOutcome<Void> outcome = reverseAnswered(status, "{\"message\":\"no such charge\"}");

        assertThat(outcome).isInstanceOf(ProviderOutcome.Rejected.class);
        assertThat(outcome.exchange().httpStatus()).isEqualTo(status);
    }

    @ParameterizedTest(name = "HTTP {0} leaves the reversal unknown")
    @ValueSource(ints = {500, 503})
    void aServerErrorLeavesTheReversalUnknown(int status) {
        ProviderOutcome<Void> outcome = reverseAnswered(status, "{\"message\":\"try later\"}");

        assertThat(outcome).isInstanceOf(ProviderOutcome.Unknown.class);
    }

    @Test
    void anUnreadableAnswerLeavesTheReversalUnknown() {
        ProviderOutcome<Void> outcome = reverseAnswered(200, "not json");

        assertThat(outcome).isInstanceOf(ProviderOutcome.Unknown.class);
        assertThat(outcome.exchange().redactedResponse()).isEqualTo("not json");
    }

    @Test
    void aReversalTimingOutAfterSendingIsUnknown() {
        stubToken(accessToken(1), 86400);
        payme.stubFor(reversalOf("123456").willReturn(json(200, reversedResponse("123456"))
                .withFixedDelay(NO_ANSWER_MS)));
        PaymeCardAuthorizationAdapter adapter = new PaymeCardAuthorizationAdapter(settings(IMPATIENT), clock);

        ProviderOutcome<Void> outcome = adapter.reverse(adapter.prepareReverse(authorization()));

        assertThat(outcome).isInstanceOf(ProviderOutcome.Unknown.class);
    }

    @Test
    void aRefusedConnectionLeavesTheReversalNotSent() {
        stubToken(accessToken(1), 86400);
        PaymeSettings settings = settings();
        PaymeCardAuthorizationAdapter adapter = new PaymeCardAuthorizationAdapter(new PaymeSettings(
                settings.authUrl(), nobodyListening(), settings.clientId(), settings.clientSecret(),
                settings.audience(), settings.scope(), settings.timeouts()), clock);

        ProviderOutcome<Void> outcome = adapter.reverse(adapter.prepareReverse(authorization()));

        assertThat(outcome).isInstanceOf(ProviderOutcome.NotSent.class);
    }

    private ProviderOutcome<Void> reverseAnswered(int status, String body) {
        stubToken(accessToken(1), 86400);
        payme.stubFor(reversalOf("123456").willReturn(json(status, body)));
        PaymeCardAuthorizationAdapter adapter = adapter();
        return adapter.reverse(adapter.prepareReverse(authorization()));
    }

    private AuthorizationView authorization() {
        return aSeedAuthorization().card().build(clock).authorization();
    }
}
