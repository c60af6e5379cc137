package dev.cobro.adapters.http.payme;

import dev.cobro.application.testing.CapturedLogs;
import dev.cobro.application.fakes.ControllableClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.cobro.adapters.http.support.CobroJson;
import dev.cobro.adapters.http.support.HttpTimeouts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pay-me simulated by WireMock over real HTTP ({@code /auth/token}, {@code /api/charges}), a clock
 * set before the seed card's expiry, and the class's logs captured from the start and checked for
 * secrets after every test and at the end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PaymeHttpFixture {

    static final String TOKEN_PATH = "/auth/token";
    static final String CHARGES_PATH = "/api/charges";
    /** WireMock answers at once; a loaded 2-core machine may still stall a thread for seconds. */
    static final HttpTimeouts TEST_TIMEOUTS = new HttpTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30));
    /**
     * For a test that wants no answer in time: the token, answered, goes through the same client, so
     * the read timeout stays generous, and the unanswered call is delayed far past it.
     */
    static final HttpTimeouts IMPATIENT = new HttpTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5));
    /** Far past {@link #IMPATIENT}'s read timeout, however loaded the machine. */
    static final int NO_ANSWER_MS = 60_000;

    WireMockServer payme;
    CapturedLogs logs;
    ControllableClock clock;

    @BeforeAll
    void startPaymeAndCaptureLogs() {
        logs = CapturedLogs.attachToRoot();
        payme = new WireMockServer(options().dynamicPort().containerThreads(60));
        payme.start();
    }

    @AfterAll
    void stopPaymeAndCheckTheWholeClassLogs() {
        try {
            payme.stop();
            // The check is only worth something if the wire was logged: Feign's DEBUG lines are there.
            assertThat(logs.lines()).anyMatch(l -> l.contains("--> POST"));
            PaymeLogChecks.assertNoSecrets(logs.lines());
        } finally {
            logs.detach();
        }
    }

    @BeforeEach
    void resetPayme() {
        payme.resetAll();
        clock = new ControllableClock(PaymeTestData.BEFORE_SEED_CARD_EXPIRY);
    }

    @AfterEach
    void noSecretInTheLogsSoFar() {
        PaymeLogChecks.assertNoSecrets(logs.lines());
    }

    PaymeSettings settings() {
        return settings(TEST_TIMEOUTS);
    }

    PaymeSettings settings(HttpTimeouts timeouts) {
        return PaymeSettings.defaults(payme.baseUrl() + "/auth", payme.baseUrl() + "/api",
                PaymeTestData.CLIENT_ID, PaymeTestData.CLIENT_SECRET).withTimeouts(timeouts);
    }

    PaymeCardAuthorizationAdapter adapter() {
        return new PaymeCardAuthorizationAdapter(settings(), clock);
    }

    /** {@code http://localhost:<a port nobody listens on>}: connection refused. */
    static String nobodyListening() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://localhost:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- token endpoint ----------------------------------------------------------------------

    static String accessToken(int n) {
        return PaymeTestData.ACCESS_TOKEN_PREFIX + "-token-" + n;
    }

    /** Pay-me's documented token response: {@code success} a boolean, {@code expires_in} in seconds. */
    static String tokenResponse(String accessToken, long expiresIn) {
        return "{\"action\":\"authorize\",\"success\":true,\"access_token\":\"" + accessToken + "\",\"expires_in\":"
                + expiresIn + ",\"token_type\":\"Bearer\",\"authorization\":{\"meta\":{\"status\":{\"code\":\"00\","
                + "\"message_ilgn\":[{\"locale\":\"es_PE\",\"value\":\"Access Token creado\"}]}}}}";
    }

    void stubToken(String accessToken, long expiresIn) {
        payme.stubFor(post(urlEqualTo(TOKEN_PATH)).willReturn(json(200, tokenResponse(accessToken, expiresIn))));
    }

    // ---- charges -----------------------------------------------------------------------------

    static MappingBuilder charge() {
        return post(urlEqualTo(CHARGES_PATH));
    }

    static MappingBuilder chargeWith(String accessToken) {
        return charge().withHeader("Authorization", equalTo("Bearer " + accessToken));
    }

    static MappingBuilder reversalOf(String operationNumber) {
        return delete(urlEqualTo(CHARGES_PATH + "/" + operationNumber));
    }

    static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    /** The seed's response with another {@code status.code}, message and {@code success} (a JSON literal). */
    static String authorizeResponse(String code, String message, String successJson) {
        ObjectNode response = (ObjectNode) readTree(resource("payme/seed-authorize-response.json"));
        response.set("success", readTree(successJson));
        ObjectNode status = (ObjectNode) response.path("transaction").path("meta").path("status");
        status.put("code", code);
        ((ObjectNode) status.path("message_ilgn").get(0)).put("value", message);
        return echoing(PaymeTestData.SEED_OPERATION_NUMBER, response);
    }

    /**
     * The seed's approval, echoing what the tests send: the seed's answer names operation 500114, its
     * requests 123456, and the adapter believes only an answer that echoes its own request.
     */
    static String approvedResponse() {
        return resource("payme/seed-authorize-response.json").replace(SEED_ANSWER_OPERATION,
                OPERATION_FIELD + "\"" + PaymeTestData.SEED_OPERATION_NUMBER + "\"");
    }

    private static final String OPERATION_FIELD = "\"internal_operation_number\": ";
    private static final String SEED_ANSWER_OPERATION = OPERATION_FIELD + "\"500114\"";

    /**
     * The seed's approval echoing whatever operation number the request carried (WireMock's response
     * templating), for tests that send several operations.
     */
    static ResponseDefinitionBuilder approvedEchoingTheRequest() {
        return json(200, resource("payme/seed-authorize-response.json").replace(SEED_ANSWER_OPERATION,
                OPERATION_FIELD + "\"{{jsonPath request.body '$.transaction.meta.internal_operation_number'}}\""))
                .withTransformers("response-template");
    }

    /** {@code response} with {@code operationNumber} in its echo, as Pay-me answers that operation. */
    static String echoing(String operationNumber, JsonNode response) {
        ObjectNode copy = (ObjectNode) response.deepCopy();
        ((ObjectNode) copy.path("transaction").path("meta")).put("internal_operation_number", operationNumber);
        return copy.toString();
    }

    /** Pay-me's documented reversal shape, answered with success "true" and code 00. */
    static String reversedResponse(String operationNumber) {
        ObjectNode response = (ObjectNode) readTree(resource("payme/reverse-failed-response.json"));
        response.put("success", "true");
        ObjectNode meta = (ObjectNode) response.path("transaction").path("meta");
        meta.put("internal_operation_number", operationNumber);
        ObjectNode status = (ObjectNode) meta.path("status");
        status.put("code", "00");
        ArrayNode messages = (ArrayNode) status.path("message_ilgn");
        ((ObjectNode) messages.get(0)).put("value", "Operacion reversada");
        return response.toString();
    }

    static JsonNode readTree(String json) {
        try {
            return CobroJson.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String resource(String name) {
        try (InputStream in = PaymeHttpFixture.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
