package dev.cobro.adapters.http.payme;

import dev.cobro.application.port.out.ProviderOutcome;
import dev.cobro.domain.authorization.Authorization.ProviderResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import static dev.cobro.adapters.http.payme.PaymeTestData.aSeedAuthorization;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** How each of Pay-me's answers to {@code POST /charges} becomes an outcome, with its exchange. */
class PaymeAuthorizeOutcomeIT extends PaymeHttpFixture {

    @ParameterizedTest(name = "code {0} and success {1} approve")
    @CsvSource(delimiter = '|', value = {
            "00  | \"true\"",
            "00  | true",
            "000 | \"true\"",
            "000 | true"})
    void codes00And000ApproveWhetherSuccessIsAStringOrABoolean(String code, String success) {
        ProviderOutcome<ProviderResponse> outcome = authorizeAnswered(json(200, authorizeResponse(code, "Operacion Autorizada", success)));

        assertThat(outcome).isInstanceOf(ProviderOutcome.Succeeded.class);
        ProviderResponse response = ((ProviderOutcome.Succeeded<ProviderResponse>) outcome).answer();
        assertThat(response).isEqualTo(new ProviderResponse("500114", "191046", code, "Operacion Autorizada", "es_PE",
                null));
        assertThat(outcome.exchange().httpStatus()).isEqualTo(200);
        assertThat(outcome.exchange().providerCode()).isEqualTo(code);
        assertThat(outcome.exchange().providerMessage()).isEqualTo("Operacion Autorizada");
        assertThat(readTree(outcome.exchange().redactedResponse()).path("id").asText()).isEqualTo("500114");
    }

    @ParameterizedTest(name = "code {0} declines")
    @ValueSource(strings = {"05", "51", "54", "N7", "59", "91", "96"})
    void everyOtherResponseCodeIsADeclineWithItsCodeAndMessage(String code) {
        ProviderOutcome<ProviderResponse> outcome = authorizeAnswered(json(200, authorizeResponse(code, "Denegada " + code, "\"false\"")));

        assertThat(outcome).isInstanceOf(ProviderOutcome.Declined.class);
        ProviderResponse response = ((ProviderOutcome.Declined<ProviderResponse>) outcome).answer();
        assertThat(response.responseCode()).isEqualTo(code);
        assertThat(response.message()).isEqualTo("Denegada " + code);
        assertThat(response.locale()).isEqualTo("es_PE");
        assertThat(outcome.exchange().providerCode()).isEqualTo(code);
        assertThat(outcome.exchange().httpStatus()).isEqualTo(200);
    }

    @Test
    void aDeclineAnsweredWithABooleanSuccessIsStillADecline() {
        ProviderOutcome<ProviderResponse> outcome = authorizeAnswered(json(200, authorizeResponse("51", "Fondos insuficientes", "false")));

        assertThat(outcome).isInstanceOf(ProviderOutcome.Declined.class);
        assertThat(((ProviderOutcome.Declined<ProviderResponse>) outcome).answer().responseCode()).isEqualTo("51");
    }

    @Test
    void theProcessorsMaskedPanIsKeptWhenPaymeSendsIt() {
        String body = approvedResponse().replace("\"code\": \"191046\"",
                "\"code\": \"191046\", \"masked_pan\": \"485951******0051\"");

        ProviderOutcome<ProviderResponse> outcome = authorizeAnswered(json(200, body));

        assertThat(((ProviderOutcome.Succeeded<ProviderResponse>) outcome).answer().providerMaskedPan()).isEqualTo("485951******0051");
    }

    /**
     * Code 00 with non-null validations became a final REJECTED, though it may have
     * been approved. Contradictory evidence is UNKNOWN (the resolver reverses it).
     */
    @Test
    void approvalCodeWithValidationsIsUnknownNotRejected() {
        String body = authorizeResponse("00", "Operacion Autorizada", "\"true\"")
                .replace("\"validations\":null", "\"validations\":[{\"field\":\"amount\",\"message\":\"check\"}]");

        ProviderOutcome<ProviderResponse> outcome = authorizeAnswered(json(200, body));

        assertThat(body).contains("\"validations\":[");
        assertThat(outcome).isInstanceOf(ProviderOutcome.Unknown.class);
    }

    /**
     * A second database on the same Pay-me account reused an operation number and got
     * another request's stored answer; Cobro recorded it as this request's decline. An answer whose
     * echo (amount, currency, operation number) differs from the request is UNKNOWN, flagged.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "amount                   | 2500000",
            "currency                 | 840",
            "internal_operation_number | 654321"})
    void anAnswerThatDoesNotEchoTheRequestIsUnknownAndFlagged(String field, String echoed) {
        com.fasterxml.jackson.databind.node.ObjectNode response = (com.fasterxml.jackson.databind.node.ObjectNode)
                readTree(authorizeResponse("05", "No aceptada", "\"false\""));
        com.fasterxml.jackson.databind.node.ObjectNode transaction =
                (com.fasterxml.jackson.databind.node.ObjectNode) response.path("transaction");
        if (field.equals("internal_operation_number")) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) transaction.path("meta")).put(field, echoed);
        } else {
            transaction.put(field, echoed);
        }

        ProviderOutcome<ProviderResponse> outcome = authorizeAnswered(json(200, response.toString()));

        assertThat(outcome).isInstanceOf(ProviderOutcome.Unknown.class);
        assertThat(outcome.reason()).startsWith("ECHO_MISMATCH").contains(echoed);
    }

    @Test
    void approvalCodeWithSuccessFalseIsUnknownNotGuessed() {
        ProviderOutcome<ProviderResponse> outcome = authorizeAnswered(json(200, authorizeResponse("00", "Operacion Autorizada", "\"false\"")));

        assertThat(outcome).isInstanceOf(ProviderOutcome.Unknown.class);
        assertThat(outcome.exchange().providerCode()).isEqualTo("00");
    }

    @Test
    void nonNullValidationsRejectTheChargeAndAreKeptInTheExchange() {
        String body = "{\"action\":\"authorize\",\"success\":\"false\",\"transaction\":null,"
                + "\"validations\":{\"transaction.amount\":[\"must be numeric\"]}}";

        ProviderOutcome<ProviderResponse> outcome = authorizeAnswered(json(200, body));

        assertThat(outcome).isInstanceOf(ProviderOutcome.Rejected.class);
        assertThat(readTree(outcome.exchange().redactedResponse()).path("validations").path("transaction.amount")
                .get(0).asText()).isEqualTo("must be numeric");
    }

    @ParameterizedTest(name = "HTTP {0} rejects")
    @ValueSource(ints = {400, 422})
    void aBadRequestIsRejectedWithItsBodyKept(int status) {
        String body = "{\"success\":\"false\",\"validations\":{\"card_holder\":\"is required\"}}";

        ProviderOutcome<ProviderResponse> outcome = authorizeAnswered(json(status, body));

        assertThat(outcome).isInstanceOf(ProviderOutcome.Rejected.class);
        assertThat(outcome.exchange().httpStatus()).isEqualTo(status);
        assertThat(outcome.exchange().redactedResponse()).contains("card_holder");
    }

    @Test
    void aForbiddenChargeIsRejectedNamingTheClientIdButNotTheSecret() {
        ProviderOutcome<ProviderResponse> outcome = authorizeAnswered(json(403, "{\"message\":\"Insufficient scope\"}"));

        assertThat(outcome).isInstanceOf(ProviderOutcome.Rejected.class);
        assertThat(outcome.reason()).contains(PaymeTestData.CLIENT_ID, "403")
                .doesNotContain(PaymeTestData.CLIENT_SECRET);
        assertThat(outcome.exchange().httpStatus()).isEqualTo(403);
    }

    @ParameterizedTest(name = "HTTP {0} is unknown")
    @ValueSource(ints = {500, 502, 503, 504})
    void aServerErrorAfterSendingIsUnknown(int status) {
        ProviderOutcome<ProviderResponse> outcome = authorizeAnswered(json(status, "{\"message\":\"upstream failed\"}"));

        assertThat(outcome).isInstanceOf(ProviderOutcome.Unknown.class);
        assertThat(outcome.exchange().httpStatus()).isEqualTo(status);
    }

    @Test
    void aMalformedBodyIsUnknownWithTheRawTextKeptRedacted() {
        ProviderOutcome<ProviderResponse> outcome = authorizeAnswered(json(200, "<html>proxy error for card 4859510000000051</html>"));

        assertThat(outcome).isInstanceOf(ProviderOutcome.Unknown.class);
        assertThat(outcome.exchange().redactedResponse())
                .isEqualTo("<html>proxy error for card 485951******0051</html>");
    }

    @Test
    void anEmptyBodyIsUnknown() {
        ProviderOutcome<ProviderResponse> outcome = authorizeAnswered(json(200, ""));

        assertThat(outcome).isInstanceOf(ProviderOutcome.Unknown.class);
        assertThat(outcome.exchange().httpStatus()).isEqualTo(200);
    }

    @Test
    void aRefusedConnectionIsNotSent() {
        stubToken(accessToken(1), 86400);
        PaymeSettings settings = settings();
        PaymeCardAuthorizationAdapter adapter = new PaymeCardAuthorizationAdapter(new PaymeSettings(
                settings.authUrl(), nobodyListening(), settings.clientId(), settings.clientSecret(),
                settings.audience(), settings.scope(), settings.timeouts()), clock);

        ProviderOutcome<ProviderResponse> outcome = adapter.authorize(adapter.prepareAuthorize(aSeedAuthorization().card().build(clock)));

        assertThat(outcome).isInstanceOf(ProviderOutcome.NotSent.class);
        assertThat(outcome.exchange()).isEqualTo(dev.cobro.application.port.out.ProviderExchange.nothing());
    }

    @Test
    void aReadTimeoutAfterSendingIsUnknown() {
        stubToken(accessToken(1), 86400);
        payme.stubFor(charge().willReturn(json(200, approvedResponse()).withFixedDelay(NO_ANSWER_MS)));
        PaymeCardAuthorizationAdapter adapter = new PaymeCardAuthorizationAdapter(settings(IMPATIENT), clock);

        ProviderOutcome<ProviderResponse> outcome = adapter.authorize(adapter.prepareAuthorize(aSeedAuthorization().card().build(clock)));

        assertThat(outcome).isInstanceOf(ProviderOutcome.Unknown.class);
        assertThat(outcome.reason()).contains("after sending");
        assertThat(outcome.exchange().httpStatus()).isNull();
    }

    /**
     * Pay-me's status line and headers come at once, then its body stops half-way and the connection
     * stays open. The read timeout (5 s) bounds the whole answer, so the call ends as UNKNOWN
     * instead of waiting as long as the connection lives (the JDK's own request timeout stops
     * counting at the headers; meanwhile the attempt would stay REQUESTED).
     */
    @Test
    void aBodyThatStallsAfterTheHeadersIsUnknownAfterTheReadTimeout() throws Exception {
        stubToken(accessToken(1), 86400);
        try (ServerSocket stalling = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CountDownLatch done = new CountDownLatch(1);
            Thread server = new Thread(() -> answerHalfABodyThenStall(stalling, done), "stalling-payme");
            server.setDaemon(true);
            server.start();
            PaymeSettings settings = settings(IMPATIENT);
            PaymeCardAuthorizationAdapter adapter = new PaymeCardAuthorizationAdapter(new PaymeSettings(
                    settings.authUrl(), "http://127.0.0.1:" + stalling.getLocalPort() + "/api", settings.clientId(),
                    settings.clientSecret(), settings.audience(), settings.scope(), settings.timeouts()), clock);
            var prepared = adapter.prepareAuthorize(aSeedAuthorization().card().build(clock));

            try {
                ProviderOutcome<ProviderResponse> outcome = assertTimeoutPreemptively(Duration.ofSeconds(40),
                        () -> adapter.authorize(prepared));

                assertThat(outcome).isInstanceOf(ProviderOutcome.Unknown.class);
                assertThat(outcome.reason()).contains("after sending");
                assertThat(outcome.exchange().httpStatus()).isNull();
            } finally {
                done.countDown();
            }
        }
    }

    /** Reads one request, answers its head and the first bytes of a 2,000-byte body, then holds the connection until told. */
    private static void answerHalfABodyThenStall(ServerSocket server, CountDownLatch done) {
        try (Socket socket = server.accept()) {
            InputStream in = socket.getInputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2000\r\n\r\n"
                    + "{\"id\": \"").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            done.await();
        } catch (IOException | InterruptedException e) {
            // The test is over.
        }
    }

    private ProviderOutcome<ProviderResponse> authorizeAnswered(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer) {
        stubToken(accessToken(1), 86400);
        payme.stubFor(charge().willReturn(answer));
        PaymeCardAuthorizationAdapter adapter = adapter();
        return adapter.authorize(adapter.prepareAuthorize(aSeedAuthorization().card().build(clock)));
    }
}
