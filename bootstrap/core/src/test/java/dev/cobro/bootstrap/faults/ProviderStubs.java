package dev.cobro.bootstrap.faults;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.cobro.adapters.http.eightyeightpay.EightyEightPaySettings;
import dev.cobro.adapters.http.payme.PaymeSettings;
import dev.cobro.adapters.http.support.HttpTimeouts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * Both providers as the seeds describe them, on WireMock: 88Pay at the server's root
 * ({@code /api/auth/token}, {@code /api/transactions/charges}), Pay-me's auth host under
 * {@code /auth} and its api host under {@code /api}. The credentials and tokens are distinctive
 * strings, so that a test can look for them where they must never be.
 */
public final class ProviderStubs {

    public static final String EIGHTY_EIGHT_PAY_API_KEY = "sk_test_FAULTS_apikey_9f3a7c21d0";
    public static final String EIGHTY_EIGHT_PAY_MERCHANT = "MCH-COL-TEST-FAULTS";
    /** Every 88Pay access token of these tests starts so; each token request gets a new one. */
    public static final String EIGHTY_EIGHT_PAY_TOKEN_PREFIX = "eyJfaultToken.";
    public static final String PAYME_CLIENT_ID = "faults-client";
    public static final String PAYME_CLIENT_SECRET = "faults-client-secret-7b1e44";
    public static final String PAYME_ACCESS_TOKEN = "pmAccessToken-faults-c0ffee5eed";
    /** The secrets a test must never find in a message, a log line or a row (card data aside). */
    public static final List<String> CREDENTIALS = List.of(EIGHTY_EIGHT_PAY_API_KEY, EIGHTY_EIGHT_PAY_TOKEN_PREFIX,
            PAYME_CLIENT_SECRET, PAYME_ACCESS_TOKEN);

    public static final String TOKEN_88PAY = "/api/auth/token";
    public static final String CHARGES_88PAY = "/api/transactions/charges";
    public static final String TOKEN_PAYME = "/auth/token";
    public static final String CHARGES_PAYME = "/api/charges";

    /**
     * WireMock answers at once, but a loaded 2-core machine (load 10-20) can stall a thread for
     * seconds: an answer, a token's included, must not turn into a timeout. A test that wants no
     * answer in time pays this read timeout once.
     */
    public static final HttpTimeouts TIMEOUTS = new HttpTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10));
    /** A delay far past {@link #TIMEOUTS}' read timeout: the client gives up first, however loaded the machine. */
    public static final int NO_ANSWER_IN_TIME_MS = 60_000;

    private ProviderStubs() {
    }

    public static EightyEightPaySettings eightyEightPay(WireMockServer wm) {
        return new EightyEightPaySettings(wm.baseUrl(), EIGHTY_EIGHT_PAY_API_KEY, EIGHTY_EIGHT_PAY_MERCHANT,
                TIMEOUTS, Duration.ZERO);
    }

    public static PaymeSettings payme(WireMockServer wm) {
        return payme(wm.baseUrl() + "/auth", wm.baseUrl() + "/api");
    }

    public static PaymeSettings payme(String authUrl, String apiUrl) {
        return PaymeSettings.defaults(authUrl, apiUrl, PAYME_CLIENT_ID, PAYME_CLIENT_SECRET)
                .withTimeouts(TIMEOUTS);
    }

    /** Token endpoints of both providers, answering as the seeds show. */
    public static void stubTokens(WireMockServer wm) {
        wm.stubFor(post(urlEqualTo(TOKEN_88PAY)).willReturn(json(200,
                "{\"status\":\"Success\",\"code\":200,\"message\":\"Token generated successfully\",\"data\":{"
                        + "\"access_token\":\"" + EIGHTY_EIGHT_PAY_TOKEN_PREFIX + "{{randomValue length=24 type='ALPHANUMERIC'}}\","
                        + "\"expires_in\":60,\"session_id\":\"sess_{{randomValue type='UUID'}}\"}}")
                .withTransformers("response-template")));
        wm.stubFor(post(urlEqualTo(TOKEN_PAYME)).willReturn(json(200,
                "{\"action\":\"authorize\",\"success\":true,\"access_token\":\"" + PAYME_ACCESS_TOKEN + "\","
                        + "\"expires_in\":86400,\"token_type\":\"Bearer\",\"authorization\":{\"meta\":{\"status\":{"
                        + "\"code\":\"00\",\"message_ilgn\":[{\"locale\":\"es_PE\",\"value\":\"Access Token creado\"}]}}}}")));
    }

    public static MappingBuilder charge88Pay() {
        return post(urlEqualTo(CHARGES_88PAY));
    }

    public static MappingBuilder chargePayme() {
        return post(urlEqualTo(CHARGES_PAYME));
    }

    public static MappingBuilder reversePayme() {
        return delete(urlPathMatching(CHARGES_PAYME + "/[0-9]+"));
    }

    /** The seed's charge answer (without the amount echo, which a test would otherwise have to match). */
    public static ResponseDefinitionBuilder checkoutOpened() {
        return json(200, "{\"status\":\"Success\",\"code\":200,\"message\":\"Method processed\",\"data\":{"
                + "\"urlCheckout\":\"https://checkout.example/mex/cards?session=1\",\"reference\":\"\"}}");
    }

    /**
     * The seed's authorize answer: code 00, authorization code 191046, echoing the request's currency,
     * amount and operation number as Pay-me does (an answer that does not echo them is not believed).
     */
    public static ResponseDefinitionBuilder authorized() {
        return json(200, approvedBody()).withTransformers("response-template");
    }

    private static String echoed(String path) {
        return "{{jsonPath request.body '$.transaction." + path + "'}}";
    }

    /** The approval's body, with WireMock templates for the echoed fields: serve it with response templating. */
    public static String approvedBody() {
        return "{\"action\":\"authorize\",\"id\":\"500114\",\"success\":\"true\",\"transaction\":{\"currency\":\""
                + echoed("currency") + "\",\"amount\":\"" + echoed("amount") + "\",\"meta\":{\"internal_operation_number\":\""
                + echoed("meta.internal_operation_number") + "\",\"description\":"
                + "\"Descripcion de la transaccion\",\"processor\":{\"authorization\":{\"code\":\"191046\"}},"
                + "\"status\":{\"code\":\"00\",\"message_ilgn\":[{\"locale\":\"es_PE\",\"value\":"
                + "\"Operacion Autorizada\"}]}}},\"validations\":null,\"token\":null}";
    }

    /** Pay-me's documented reversal shape, successful. */
    public static ResponseDefinitionBuilder reversed() {
        return json(200, "{\"action\":\"reverse\",\"success\":\"true\",\"transaction\":{\"meta\":{\"commerce_id\":"
                + "\"9011\",\"status\":{\"code\":\"00\",\"message_ilgn\":[{\"locale\":\"es_PE\",\"value\":"
                + "\"Operacion reversada\"}]}}}}");
    }

    public static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    public static int requests(WireMockServer wm, String postPath) {
        return wm.findAll(postRequestedFor(urlEqualTo(postPath))).size();
    }

    public static int reversals(WireMockServer wm) {
        return wm.findAll(deleteRequestedFor(urlPathMatching(CHARGES_PAYME + "/[0-9]+"))).size();
    }

    public static int allRequests(WireMockServer wm) {
        return wm.findAll(postRequestedFor(anyUrl())).size();
    }

    /** A loopback port nobody listens on now (bound and closed again): connecting there is refused. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
