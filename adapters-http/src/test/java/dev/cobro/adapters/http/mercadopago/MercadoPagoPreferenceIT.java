package dev.cobro.adapters.http.mercadopago;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.cobro.adapters.http.support.CobroJson;
import dev.cobro.adapters.http.support.HttpTimeouts;
import dev.cobro.application.fakes.ControllableClock;
import dev.cobro.application.port.out.CheckoutCharge;
import dev.cobro.application.port.out.CheckoutCreated;
import dev.cobro.application.port.out.PreparedCharge;
import dev.cobro.application.port.out.ProviderOutcome;
import dev.cobro.application.testing.CapturedLogs;
import dev.cobro.domain.payment.CheckoutDetails;
import dev.cobro.domain.payment.Country;
import dev.cobro.domain.payment.CustomerId;
import dev.cobro.domain.shared.Description;
import dev.cobro.domain.payment.MerchantReference;
import dev.cobro.domain.payment.PaymentId;
import dev.cobro.domain.payment.PaymentMethod;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.HttpUrl;
import dev.cobro.domain.shared.Money;
import dev.cobro.domain.shared.ValidationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A checkout is one Mercado Pago preference: its body, its key, and how each answer ends. */
class MercadoPagoPreferenceIT {

    static final String TOKEN = "APP_USR-test-0123456789-token-never-logged";
    static final String PATH = "/checkout/preferences";
    static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");
    static final String CREATED = "{\"id\":\"202809963-920c288b-4ebb-40be-966f-700250fa5370\",\"init_point\":"
            + "\"https://www.mercadopago.com/mla/checkout/start?pref_id=202809963-920c288b\",\"items\":[{\"title\":\"x\","
            + "\"quantity\":1,\"currency_id\":\"MXN\",\"unit_price\":100.5}]}";

    static WireMockServer wm;
    static CapturedLogs logs;
    ControllableClock clock;

    @BeforeAll
    static void start() {
        logs = CapturedLogs.attachToRoot();
        wm = new WireMockServer(options().dynamicPort());
        wm.start();
    }

    @AfterAll
    static void theTokenIsNeverLogged() {
        wm.stop();
        logs.detach();
        assertThat(logs.lines()).isNotEmpty().noneMatch(line -> line.contains(TOKEN));
    }

    @BeforeEach
    void reset() {
        wm.resetAll();
        clock = new ControllableClock(T0);
    }

    private MercadoPagoCheckoutAdapter adapter(String baseUrl, Duration read) {
        return new MercadoPagoCheckoutAdapter(AccountId.DEFAULT, Set.of(), MercadoPagoSettings.defaults(baseUrl, TOKEN)
                .withTimeouts(new HttpTimeouts(Duration.ofSeconds(5), read)), Duration.ofHours(2), clock);
    }

    private MercadoPagoCheckoutAdapter adapter() {
        return adapter(wm.baseUrl(), Duration.ofSeconds(30));
    }

    static CheckoutCharge charge(UUID paymentId, String amount, String currency) {
        return new CheckoutCharge(new PaymentId(paymentId), new MerchantReference("order-7"), new CheckoutDetails(
                new CustomerId("cust-1"), Money.of(amount, currency), new Country("MEX"),
                PaymentMethod.of("CARDS", "CARD"), new Description("Order 7"),
                new HttpUrl("https://shop.example/notify"), new HttpUrl("https://shop.example/thanks")),
                "https://shop.example/notify?cobro_pid=" + paymentId + "&cobro_kid=k1&cobro_sig=abc", T0);
    }

    @Test
    void aCheckoutIsOnePreferenceAndItsInitPointIsTheCheckoutUrl() throws Exception {
        wm.stubFor(post(PATH).willReturn(aResponse().withStatus(201).withBody(CREATED)));
        UUID id = UUID.fromString("4f1c7e2a-0000-4000-8000-000000000007");

        ProviderOutcome<CheckoutCreated> outcome = adapter().charge(adapter().prepareCharge(
                charge(id, "100.50", "MXN")));

        assertThat(outcome).isInstanceOf(ProviderOutcome.Succeeded.class);
        CheckoutCreated created = ((ProviderOutcome.Succeeded<CheckoutCreated>) outcome).answer();
        assertThat(created.reference()).isEqualTo("202809963-920c288b-4ebb-40be-966f-700250fa5370");
        assertThat(created.checkoutUrl()).startsWith("https://www.mercadopago.com/mla/checkout/start");
        LoggedRequest sent = wm.findAll(postRequestedFor(urlEqualTo(PATH))).get(0);
        assertThat(sent.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(sent.getHeader("X-Idempotency-Key")).isEqualTo("cobro-checkout-" + id);
        JsonNode body = CobroJson.mapper().readTree(sent.getBodyAsString());
        assertThat(body.path("items")).hasSize(1);
        assertThat(body.path("items").path(0).path("title").asText()).isEqualTo("Order 7");
        assertThat(body.path("items").path(0).path("quantity").asInt()).isEqualTo(1);
        assertThat(body.path("items").path(0).path("unit_price").decimalValue()).isEqualByComparingTo("100.50");
        assertThat(body.path("items").path(0).path("currency_id").asText()).isEqualTo("MXN");
        assertThat(body.path("external_reference").asText()).isEqualTo(id.toString());
        assertThat(body.path("notification_url").asText()).contains("cobro_sig=abc");
        assertThat(body.path("back_urls").path("success").asText()).isEqualTo("https://shop.example/thanks");
        assertThat(body.path("expires").asBoolean()).isTrue();
        assertThat(body.path("expiration_date_from").asText()).isEqualTo("2026-03-02T12:00:00.000+00:00");
        assertThat(body.path("expiration_date_to").asText()).isEqualTo("2026-03-02T14:00:00.000+00:00");
    }

    @Test
    void aResendOfTheSamePaymentIsTheSameRequestUnderTheSameKey() {
        wm.stubFor(post(PATH).willReturn(aResponse().withStatus(429).withBody("{\"message\":\"too many\"}")));
        UUID id = UUID.randomUUID();
        MercadoPagoCheckoutAdapter adapter = adapter();

        ProviderOutcome<CheckoutCreated> first = adapter.charge(adapter.prepareCharge(charge(id, "100", "MXN")));
        clock.advance(Duration.ofMinutes(3));
        wm.stubFor(post(PATH).willReturn(aResponse().withStatus(201).withBody(CREATED)));
        ProviderOutcome<CheckoutCreated> second = adapter.charge(adapter.prepareCharge(charge(id, "100", "MXN")));

        assertThat(first).isInstanceOf(ProviderOutcome.NotSent.class);
        assertThat(second).isInstanceOf(ProviderOutcome.Succeeded.class);
        List<LoggedRequest> sent = wm.findAll(postRequestedFor(urlEqualTo(PATH)));
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).getHeader("X-Idempotency-Key")).isEqualTo(sent.get(0).getHeader("X-Idempotency-Key"))
                .isEqualTo("cobro-checkout-" + id);
        assertThat(sent.get(1).getBodyAsString()).isEqualTo(sent.get(0).getBodyAsString());
    }

    @Test
    void wholeNumberCurrenciesRefuseDecimalsRatherThanRoundThem() {
        MercadoPagoCheckoutAdapter adapter = adapter();
        assertThatThrownBy(() -> adapter.prepareCharge(charge(UUID.randomUUID(), "1500.50", "COP")))
                .isInstanceOf(ValidationException.class).hasMessageContaining("whole number");
        // CLP has no decimals in ISO 4217 itself: Money refuses 990.5 before any adapter sees it.
        assertThat(adapter.prepareCharge(charge(UUID.randomUUID(), "990", "CLP")).redactedRequest())
                .contains("\"unit_price\":990}");
        assertThat(adapter.prepareCharge(charge(UUID.randomUUID(), "1500.00", "COP")).redactedRequest())
                .contains("\"unit_price\":1500}");
    }

    @Test
    void eachAnswerEndsAsTheOtherAdaptersJudgeIt() {
        MercadoPagoCheckoutAdapter adapter = adapter();
        PreparedCharge prepared = adapter.prepareCharge(charge(UUID.randomUUID(), "100", "MXN"));
        wm.stubFor(post(PATH).willReturn(aResponse().withStatus(400).withBody("{\"message\":\"items needed\","
                + "\"error\":\"invalid_items\",\"status\":\"400\"}")));
        assertThat(adapter.charge(prepared)).isInstanceOf(ProviderOutcome.Rejected.class);
        wm.stubFor(post(PATH).willReturn(aResponse().withStatus(401).withBody("{\"message\":\"invalid access token\","
                + "\"error\":\"unauthorized\",\"status\":401}")));
        assertThat(adapter.charge(prepared)).isInstanceOf(ProviderOutcome.Rejected.class)
                .extracting(ProviderOutcome::reason).asString().contains("configuration").doesNotContain(TOKEN);
        wm.stubFor(post(PATH).willReturn(aResponse().withStatus(503)));
        assertThat(adapter.charge(prepared)).isInstanceOf(ProviderOutcome.Unknown.class);
        wm.stubFor(post(PATH).willReturn(aResponse().withStatus(201).withBody("not json")));
        assertThat(adapter.charge(prepared)).isInstanceOf(ProviderOutcome.Unknown.class);
        assertThat(prepared.redactedRequest()).doesNotContain(TOKEN);
        assertThat(adapter.toString()).doesNotContain(TOKEN);
        assertThat(MercadoPagoSettings.defaults(TOKEN).withWebhookSecret("s3cr3t-webhook").toString())
                .doesNotContain(TOKEN).doesNotContain("s3cr3t-webhook");
    }

    @Test
    void aTimeoutAfterSendingIsUnknownAndARefusedConnectionNotSent() throws Exception {
        wm.stubFor(post(PATH).willReturn(aResponse().withStatus(201).withBody(CREATED).withFixedDelay(5_000)));
        MercadoPagoCheckoutAdapter slow = adapter(wm.baseUrl(), Duration.ofMillis(500));
        ProviderOutcome<CheckoutCreated> timedOut = slow.charge(slow.prepareCharge(charge(UUID.randomUUID(), "100",
                "MXN")));
        assertThat(timedOut).isInstanceOf(ProviderOutcome.Unknown.class);

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        MercadoPagoCheckoutAdapter nowhere = adapter("http://127.0.0.1:" + closedPort, Duration.ofSeconds(30));
        ProviderOutcome<CheckoutCreated> refused = nowhere.charge(nowhere.prepareCharge(charge(UUID.randomUUID(),
                "100", "MXN")));
        assertThat(refused).isInstanceOf(ProviderOutcome.NotSent.class);
    }

    @Test
    void theEchoedAmountIsReadForTheCoreToCompare() {
        wm.stubFor(post(PATH).willReturn(aResponse().withStatus(201).withBody(CREATED)));
        MercadoPagoCheckoutAdapter adapter = adapter();
        ProviderOutcome<CheckoutCreated> outcome = adapter.charge(adapter.prepareCharge(charge(UUID.randomUUID(),
                "100.50", "MXN")));
        CheckoutCreated created = ((ProviderOutcome.Succeeded<CheckoutCreated>) outcome).answer();
        assertThat(created.echoedAmount()).isEqualByComparingTo(new BigDecimal("100.5"));
        assertThat(created.echoedCurrency()).isEqualTo("MXN");
    }
}
