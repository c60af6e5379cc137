package dev.cobro.adapters.http.payme;

import dev.cobro.application.port.in.AuthorizationView;
import dev.cobro.application.port.out.PreparedCall;
import dev.cobro.application.port.out.ReverseOutcome;
import dev.cobro.domain.authorization.Authorization;
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
        ReverseOutcome outcome = adapter.reverse(prepared);

        assertThat(prepared.redactedRequest()).isEqualTo("DELETE /charges/123456");
        assertThat(outcome).isInstanceOf(ReverseOutcome.Reversed.class);
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
        ReverseOutcome outcome = reverseAnswered(200, resource("payme/reverse-failed-response.json"));

        assertThat(outcome).isInstanceOf(ReverseOutcome.Failed.class);
        ReverseOutcome.Failed failed = (ReverseOutcome.Failed) outcome;
        assertThat(failed.code()).isEqualTo("01");
        assertThat(failed.message()).isEqualTo("Ocurrio un problema durante el proceso");
        assertThat(outcome.exchange().redactedResponse()).contains("\"commerce_id\":\"9011\"");
    }

    @Test
    void aReversalAnsweredWithSuccessFalseFailsWhateverItsCode() {
        ReverseOutcome outcome = reverseAnswered(200, reversedResponse("123456").replace("\"true\"", "\"false\""));

        assertThat(outcome).isInstanceOf(ReverseOutcome.Failed.class);
        assertThat(((ReverseOutcome.Failed) outcome).code()).isEqualTo("00");
    }

    @Test
    void aReversalAnsweredWithABooleanSuccessIsReversed() {
        ReverseOutcome outcome = reverseAnswered(200, reversedResponse("123456").replace("\"true\"", "true"));

        assertThat(outcome).isInstanceOf(ReverseOutcome.Reversed.class);
    }

    @ParameterizedTest(name = "HTTP {0} rejects the reversal")
    @ValueSource(ints = {400, 403, 404, 422})
    void aClientErrorRejectsTheReversal(int status) {
        ReverseOutcome outcome = reverseAnswered(status, "{\"message\":\"no such charge\"}");

        assertThat(outcome).isInstanceOf(ReverseOutcome.Rejected.class);
        assertThat(outcome.exchange().httpStatus()).isEqualTo(status);
    }

    @ParameterizedTest(name = "HTTP {0} leaves the reversal unknown")
    @ValueSource(ints = {500, 503})
    void aServerErrorLeavesTheReversalUnknown(int status) {
        ReverseOutcome outcome = reverseAnswered(status, "{\"message\":\"try later\"}");

        assertThat(outcome).isInstanceOf(ReverseOutcome.Unknown.class);
    }

    @Test
    void anUnreadableAnswerLeavesTheReversalUnknown() {
        ReverseOutcome outcome = reverseAnswered(200, "not json");

        assertThat(outcome).isInstanceOf(ReverseOutcome.Unknown.class);
        assertThat(outcome.exchange().redactedResponse()).isEqualTo("not json");
    }

    @Test
    void aReversalTimingOutAfterSendingIsUnknown() {
        stubToken(accessToken(1), 86400);
        payme.stubFor(reversalOf("123456").willReturn(json(200, reversedResponse("123456"))
                .withFixedDelay(NO_ANSWER_MS)));
        PaymeCardAuthorizationAdapter adapter = new PaymeCardAuthorizationAdapter(settings(IMPATIENT), clock);

        ReverseOutcome outcome = adapter.reverse(adapter.prepareReverse(authorization()));

        assertThat(outcome).isInstanceOf(ReverseOutcome.Unknown.class);
    }

    @Test
    void aRefusedConnectionLeavesTheReversalNotSent() {
        stubToken(accessToken(1), 86400);
        PaymeSettings settings = settings();
        PaymeCardAuthorizationAdapter adapter = new PaymeCardAuthorizationAdapter(new PaymeSettings(
                settings.authUrl(), nobodyListening(), settings.clientId(), settings.clientSecret(),
                settings.audience(), settings.scope(), settings.timeouts()), clock);

        ReverseOutcome outcome = adapter.reverse(adapter.prepareReverse(authorization()));

        assertThat(outcome).isInstanceOf(ReverseOutcome.NotSent.class);
    }

    private ReverseOutcome reverseAnswered(int status, String body) {
        stubToken(accessToken(1), 86400);
        payme.stubFor(reversalOf("123456").willReturn(json(status, body)));
        PaymeCardAuthorizationAdapter adapter = adapter();
        return adapter.reverse(adapter.prepareReverse(authorization()));
    }

    private AuthorizationView authorization() {
        return aSeedAuthorization().card().build(clock).authorization();
    }
}
