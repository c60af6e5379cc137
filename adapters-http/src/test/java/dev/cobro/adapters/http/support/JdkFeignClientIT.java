package dev.cobro.adapters.http.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import feign.Request;
import feign.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/** Cobro's Feign transport over real HTTP: what it sends, and the answer it hands Feign. */
class JdkFeignClientIT {

    private static WireMockServer server;
    private static final JdkFeignClient CLIENT = new JdkFeignClient(HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).build());
    private static final Request.Options OPTIONS =
            new Request.Options(5, TimeUnit.SECONDS, 30, TimeUnit.SECONDS, false);

    @BeforeAll
    static void start() {
        server = new WireMockServer(options().dynamicPort());
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void theRequestGoesWithItsHeadersAndBodyButNotTheHeadersTheJdkSetsItself() throws IOException {
        server.stubFor(post(urlEqualTo("/charges")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"ch_1\"}")));
        byte[] body = "{\"amount\":\"10.00\"}".getBytes(StandardCharsets.UTF_8);
        Map<String, Collection<String>> headers = Map.of("Content-Type", List.of("application/json"),
                "ALG-API-VERSION", List.of("1618440906"), "Content-Length", List.of(String.valueOf(body.length)),
                "Host", List.of("elsewhere.example"));

        try (Response response = CLIENT.execute(Request.create(Request.HttpMethod.POST, server.baseUrl() + "/charges",
                headers, body, StandardCharsets.UTF_8, null), OPTIONS)) {

            assertThat(response.status()).isEqualTo(201);
            assertThat(response.headers().get("content-type")).containsExactly("application/json");
            assertThat(read(response)).isEqualTo("{\"id\":\"ch_1\"}");
        }
        server.verify(postRequestedFor(urlEqualTo("/charges"))
                .withHeader("ALG-API-VERSION", equalTo("1618440906"))
                .withHeader("Content-Length", equalTo(String.valueOf(body.length)))
                .withHeader("Host", equalTo("localhost:" + server.port()))
                .withRequestBody(equalToJson("{\"amount\":\"10.00\"}")));
    }

    @Test
    void aGzippedAnswerIsHandedOnInflated() throws IOException {
        server.stubFor(post(urlEqualTo("/gzipped")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Encoding", "gzip").withBody(gzip("{\"status\":\"ok\"}"))));

        try (Response response = CLIENT.execute(Request.create(Request.HttpMethod.POST, server.baseUrl() + "/gzipped",
                Map.of(), new byte[0], StandardCharsets.UTF_8, null), OPTIONS)) {

            assertThat(read(response)).isEqualTo("{\"status\":\"ok\"}");
        }
    }

    private static String read(Response response) throws IOException {
        try (InputStream in = response.body().asInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
