package dev.cobro.adapters.http.eightyeightpay;

import dev.cobro.application.port.out.CheckoutCreated;
import dev.cobro.application.port.out.ProviderOutcome;
import dev.cobro.application.testing.CapturedLogs;
import dev.cobro.application.fakes.ControllableClock;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.cobro.adapters.http.support.HttpTimeouts;
import dev.cobro.application.port.out.PreparedCharge;
import dev.cobro.application.port.out.ProviderConfigurationException;
import dev.cobro.application.port.out.ProviderUnavailableException;
import dev.cobro.application.service.InMemoryProviderTokenStore;
import dev.cobro.application.service.InMemoryTokenRequestLedger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.cobro.adapters.http.eightyeightpay.EightyEightPayStubs.API_KEY;
import static dev.cobro.adapters.http.eightyeightpay.EightyEightPayStubs.MERCHANT_ID;
import static dev.cobro.adapters.http.eightyeightpay.EightyEightPayStubs.T0;
import static dev.cobro.adapters.http.eightyeightpay.EightyEightPayStubs.TOKEN_PATH;
import static dev.cobro.adapters.http.eightyeightpay.EightyEightPayStubs.anyCharge;
import static dev.cobro.adapters.http.eightyeightpay.EightyEightPayStubs.chargeRequests;
import static dev.cobro.adapters.http.eightyeightpay.EightyEightPayStubs.chargeWithToken;
import static dev.cobro.adapters.http.eightyeightpay.EightyEightPayStubs.error;
import static dev.cobro.adapters.http.eightyeightpay.EightyEightPayStubs.okJson;
import static dev.cobro.adapters.http.eightyeightpay.EightyEightPayStubs.rateLimited;
import static dev.cobro.adapters.http.eightyeightpay.EightyEightPayStubs.resource;
import static dev.cobro.adapters.http.eightyeightpay.EightyEightPayStubs.seedCharge;
import static dev.cobro.adapters.http.eightyeightpay.EightyEightPayStubs.session;
import static dev.cobro.adapters.http.eightyeightpay.EightyEightPayStubs.stubToken;
import static dev.cobro.adapters.http.eightyeightpay.EightyEightPayStubs.stubTokenSequence;
import static dev.cobro.adapters.http.eightyeightpay.EightyEightPayStubs.tokenAnswer;
import static dev.cobro.adapters.http.eightyeightpay.EightyEightPayStubs.tokenOk;
import static dev.cobro.adapters.http.eightyeightpay.EightyEightPayStubs.tokenRequest;
import static dev.cobro.adapters.http.eightyeightpay.EightyEightPayStubs.tokenRequests;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Seed "Token Management": reuse, refresh, single flight, 401 retry and the rate limits. */
class EightyEightPayTokenManagementIT {

    private static WireMockServer wm;
    private static CapturedLogs logs;

    private ControllableClock clock;
    private ClockAdvancingWaiter waiter;
    private RecordingLedger ledger;

    @BeforeAll
    static void startProviderAndCaptureLogs() {
        logs = CapturedLogs.attachToRoot();
        wm = new WireMockServer(options().dynamicPort().containerThreads(80));
        wm.start();
    }

    @AfterAll
    static void logsNeverShowTheKeyATokenOrASession() {
        wm.stop();
        logs.detach();
        EightyEightPayLogChecks.assertShowTrafficButNoSecret(logs.lines(), API_KEY);
    }

    @BeforeEach
    void freshProviderAndClock() {
        wm.resetAll();
        clock = new ControllableClock(T0);
        waiter = new ClockAdvancingWaiter(clock);
        ledger = new RecordingLedger(clock);
    }

    private EightyEightPayCheckoutAdapter adapter(Duration maxRateLimitWait) {
        return new EightyEightPayCheckoutAdapter(EightyEightPayStubs.settings(wm, maxRateLimitWait), ledger, clock,
                waiter);
    }

    /**
     * Each process kept its own token, so two busy instances reached 88Pay's hourly
     * cap. Instances sharing one token store (the database, in production) make one token request per
     * 50 s between them: here three instances, one charge each every 10 s for 10 minutes of clock.
     */
    @Test
    void instancesSharingTheTokenStoreMakeOneTokenRequestPerFiftySecondsBetweenThem() {
        wm.stubFor(tokenRequest().willReturn(okJson(tokenAnswer("S", 60))));
        wm.stubFor(anyCharge().willReturn(okJson(resource("charge-response-seed.json"))));
        InMemoryProviderTokenStore shared = new InMemoryProviderTokenStore(clock);
        List<EightyEightPayCheckoutAdapter> instances = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            instances.add(new EightyEightPayCheckoutAdapter(EightyEightPayStubs.settings(wm, Duration.ZERO), ledger,
                    shared, clock, waiter));
        }
        Duration total = Duration.ofMinutes(10);
        for (Duration elapsed = Duration.ZERO; elapsed.compareTo(total) < 0; elapsed = elapsed.plusSeconds(10)) {
            for (EightyEightPayCheckoutAdapter instance : instances) {
                assertThat(instance.charge(instance.prepareCharge(seedCharge())))
                        .isInstanceOf(ProviderOutcome.Succeeded.class);
            }
            clock.advance(Duration.ofSeconds(10));
        }

        long allowed = (long) Math.ceil(total.toSeconds() / 50.0) + 1;
        assertThat(tokenRequests(wm)).isLessThanOrEqualTo((int) allowed);
        assertThat(instances.stream().mapToLong(EightyEightPayCheckoutAdapter::tokenRequests).sum())
                .isEqualTo(tokenRequests(wm));
    }

    /** A 401 retires the token for every instance: the other one takes the new token, it fetches none. */
    @Test
    void aTokenRefusedOnOneInstanceIsReplacedOnceForAll() {
        stubTokenSequence(wm, tokenOk("A"), tokenOk("B"));
        wm.stubFor(chargeWithToken("A").willReturn(error(401, "Unauthorized")));
        wm.stubFor(chargeWithToken("B").willReturn(okJson(resource("charge-response-seed.json"))));
        InMemoryProviderTokenStore shared = new InMemoryProviderTokenStore(clock);
        EightyEightPayCheckoutAdapter one = new EightyEightPayCheckoutAdapter(
                EightyEightPayStubs.settings(wm, Duration.ZERO), ledger, shared, clock, waiter);
        EightyEightPayCheckoutAdapter two = new EightyEightPayCheckoutAdapter(
                EightyEightPayStubs.settings(wm, Duration.ZERO), ledger, shared, clock, waiter);
        PreparedCharge first = one.prepareCharge(seedCharge());
        PreparedCharge second = two.prepareCharge(seedCharge());
        String secondPrepared = second.sessionId();

        assertThat(one.charge(first)).isInstanceOf(ProviderOutcome.Succeeded.class);
        assertThat(two.charge(second)).isInstanceOf(ProviderOutcome.Succeeded.class);

        assertThat(secondPrepared).isEqualTo(session("A"));
        assertThat(second.sessionId()).as("re-sent under the token the other instance fetched").isEqualTo(session("B"));
        assertThat(tokenRequests(wm)).isEqualTo(2);
    }

    @Test
    void fiftyConcurrentChargesShareOneTokenRequest() throws Exception {
        // The token answer is slow, so that every caller arrives while the one fetch is in flight.
        wm.stubFor(tokenRequest().willReturn(okJson(tokenAnswer("A", 60)).withFixedDelay(300)));
        wm.stubFor(chargeWithToken("A").willReturn(okJson(resource("charge-response-seed.json"))));
        EightyEightPayCheckoutAdapter adapter = adapter(Duration.ZERO);
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<ProviderOutcome<CheckoutCreated>>> outcomes = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                outcomes.add(pool.submit(() -> {
                    start.await();
                    return adapter.charge(adapter.prepareCharge(seedCharge()));
                }));
            }
            start.countDown();
            for (Future<ProviderOutcome<CheckoutCreated>> outcome : outcomes) {
                assertThat(outcome.get(30, TimeUnit.SECONDS)).isInstanceOf(ProviderOutcome.Succeeded.class)
                        .extracting(ProviderOutcome<CheckoutCreated>::exchange).extracting("httpStatus").isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(tokenRequests(wm)).isEqualTo(1);
        assertThat(chargeRequests(wm)).isEqualTo(50);
        assertThat(adapter.tokenRequests()).isEqualTo(1);
    }

    @Test
    void aTokenIsReusedForUpToFiftySecondsAndRefreshedWhenOlder() {
        stubTokenSequence(wm, tokenOk("A"), tokenOk("B"));
        EightyEightPayCheckoutAdapter adapter = adapter(Duration.ZERO);

        PreparedCharge first = adapter.prepareCharge(seedCharge());
        clock.advance(Duration.ofSeconds(49));
        PreparedCharge at49s = adapter.prepareCharge(seedCharge());
        clock.advance(Duration.ofSeconds(2));
        PreparedCharge at51s = adapter.prepareCharge(seedCharge());

        assertThat(first.sessionId()).isEqualTo(session("A"));
        assertThat(at49s.sessionId()).isEqualTo(session("A"));
        assertThat(at51s.sessionId()).isEqualTo(session("B"));
        assertThat(tokenRequests(wm)).isEqualTo(2);
    }

    @Test
    void aShortLivedTokenIsRefreshedTenSecondsBeforeItExpires() {
        stubTokenSequence(wm, okJson(tokenAnswer("A", 30)), tokenOk("B"));
        EightyEightPayCheckoutAdapter adapter = adapter(Duration.ZERO);

        adapter.prepareCharge(seedCharge());
        clock.advance(Duration.ofSeconds(19));
        PreparedCharge at19s = adapter.prepareCharge(seedCharge());
        clock.advance(Duration.ofSeconds(2));
        PreparedCharge at21s = adapter.prepareCharge(seedCharge());

        assertThat(at19s.sessionId()).isEqualTo(session("A"));
        assertThat(at21s.sessionId()).isEqualTo(session("B"));
        assertThat(tokenRequests(wm)).isEqualTo(2);
    }

    @Test
    void expiredTokenIsRefreshedOnceAndTheChargeRetried() {
        stubTokenSequence(wm, tokenOk("A"), tokenOk("B"));
        wm.stubFor(chargeWithToken("A").willReturn(error(401, "Unauthorized")));
        wm.stubFor(chargeWithToken("B").willReturn(okJson(resource("charge-response-seed.json"))));
        EightyEightPayCheckoutAdapter adapter = adapter(Duration.ZERO);

        PreparedCharge prepared = adapter.prepareCharge(seedCharge());
        String preparedSession = prepared.sessionId();
        ProviderOutcome<CheckoutCreated> outcome = adapter.charge(prepared);
        PreparedCharge next = adapter.prepareCharge(seedCharge());

        assertThat(preparedSession).isEqualTo(session("A"));
        assertThat(outcome).isInstanceOf(ProviderOutcome.Succeeded.class);
        assertThat(prepared.sessionId()).as("the session finally used").isEqualTo(session("B"));
        assertThat(next.sessionId()).as("the refreshed token is the one reused").isEqualTo(session("B"));
        assertThat(tokenRequests(wm)).isEqualTo(2);
        assertThat(chargeRequests(wm)).isEqualTo(2);
    }

    @Test
    void aSecondUnauthorizedIsRejectedAsACredentialsProblem() {
        stubTokenSequence(wm, tokenOk("A"), tokenOk("B"), tokenOk("C"));
        wm.stubFor(anyCharge().willReturn(error(401, "Unauthorized")));
        EightyEightPayCheckoutAdapter adapter = adapter(Duration.ZERO);

        ProviderOutcome<CheckoutCreated> outcome = adapter.charge(adapter.prepareCharge(seedCharge()));

        assertThat(outcome).isInstanceOf(ProviderOutcome.Rejected.class);
        ProviderOutcome.Rejected rejected = (ProviderOutcome.Rejected) outcome;
        assertThat(rejected.reason()).contains("401", MERCHANT_ID, "API key").doesNotContain(API_KEY);
        assertThat(rejected.exchange().httpStatus()).isEqualTo(401);
        assertThat(rejected.exchange().providerCode()).isEqualTo("401");
        assertThat(tokenRequests(wm)).isEqualTo(2);
        assertThat(chargeRequests(wm)).isEqualTo(2);
    }

    @Test
    void theEleventhTokenRequestWithinAMinuteIsNeverSent() {
        stubToken(wm, "A");
        // Eleven instances sharing one ledger (the database's), each needing its own token.
        InMemoryTokenRequestLedger shared = new InMemoryTokenRequestLedger(clock);
        java.util.function.Supplier<EightyEightPayCheckoutAdapter> instance = () -> new EightyEightPayCheckoutAdapter(
                EightyEightPayStubs.settings(wm, Duration.ZERO), shared, clock, waiter);
        long sent = 0;
        for (int i = 0; i < 10; i++) {
            EightyEightPayCheckoutAdapter adapter = instance.get();
            adapter.prepareCharge(seedCharge());
            sent += adapter.tokenRequests();
            clock.advance(Duration.ofSeconds(1));
        }
        EightyEightPayCheckoutAdapter adapter = instance.get();
        assertThatThrownBy(() -> adapter.prepareCharge(seedCharge()))
                .isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("10 token requests a minute")
                .hasMessageContaining(MERCHANT_ID)
                .hasMessageNotContaining(API_KEY);

        assertThat(tokenRequests(wm)).isEqualTo(10);
        assertThat(sent + adapter.tokenRequests()).isEqualTo(10);
        assertThat(waiter.waits()).isEmpty();
    }

    @Test
    void theEleventhTokenRequestWaitsForTheLedgerWhenWaitingIsAllowed() {
        stubToken(wm, "A");
        // Eleven instances sharing one ledger (the database's), each needing its own token.
        for (int i = 0; i < 11; i++) {
            adapter(Duration.ofSeconds(60)).prepareCharge(seedCharge());
        }

        // The first request left at T0: the eleventh fits once it is a minute old.
        assertThat(waiter.waits()).containsExactly(T0.plusSeconds(60));
        assertThat(ledger.allowed()).hasSize(11).last().isEqualTo(T0.plusSeconds(60));
        assertThat(ledger.credentials()).containsOnly("88pay/" + MERCHANT_ID);
        assertThat(tokenRequests(wm)).isEqualTo(11);
    }

    @Test
    void rateLimitedTokenRequestDelaysTheNextOneByRetryAfter() {
        stubTokenSequence(wm, rateLimited("2", 60), tokenOk("A"));
        EightyEightPayCheckoutAdapter adapter = adapter(Duration.ofSeconds(5));

        PreparedCharge prepared = adapter.prepareCharge(seedCharge());

        assertThat(prepared.sessionId()).isEqualTo(session("A"));
        assertThat(waiter.waits()).containsExactly(T0.plusSeconds(2));
        List<Instant> sent = ledger.allowed();
        assertThat(sent).hasSize(2);
        assertThat(Duration.between(sent.get(0), sent.get(1))).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(tokenRequests(wm)).isEqualTo(2);
    }

    @Test
    void retryAfterInTheBodyCountsWhenTheHeaderIsMissing() {
        stubTokenSequence(wm, rateLimited(null, 7), tokenOk("A"));
        EightyEightPayCheckoutAdapter adapter = adapter(Duration.ofSeconds(10));

        adapter.prepareCharge(seedCharge());

        assertThat(waiter.waits()).containsExactly(T0.plusSeconds(7));
        assertThat(tokenRequests(wm)).isEqualTo(2);
    }

    @Test
    void rateLimitBeyondTheAllowedWaitFailsFastAndIsRememberedUntilRetryAfter() {
        stubTokenSequence(wm, rateLimited("2", 2), tokenOk("A"));
        EightyEightPayCheckoutAdapter adapter = adapter(Duration.ZERO);

        assertThatThrownBy(() -> adapter.prepareCharge(seedCharge()))
                .isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("429");
        clock.advance(Duration.ofSeconds(1));
        assertThatThrownBy(() -> adapter.prepareCharge(seedCharge()))
                .as("no token request before Retry-After").isInstanceOf(ProviderUnavailableException.class);
        assertThat(tokenRequests(wm)).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        PreparedCharge prepared = adapter.prepareCharge(seedCharge());

        assertThat(prepared.sessionId()).isEqualTo(session("A"));
        assertThat(tokenRequests(wm)).isEqualTo(2);
        assertThat(waiter.waits()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403})
    void refusedCredentialsNameTheMerchantButNeverTheKey(int status) {
        wm.stubFor(tokenRequest().willReturn(error(status, "Invalid API key or merchant ID")));
        EightyEightPayCheckoutAdapter adapter = adapter(Duration.ZERO);

        assertThatThrownBy(() -> adapter.prepareCharge(seedCharge()))
                .isInstanceOf(ProviderConfigurationException.class)
                .hasMessageContaining(MERCHANT_ID)
                .hasMessageContaining(String.valueOf(status))
                .hasMessageNotContaining(API_KEY);
        assertThat(tokenRequests(wm)).isEqualTo(1);
    }

    @Test
    void tokenRequestsCarryTheKeyAndMerchantHeadersAndNoBody() {
        stubToken(wm, "A");
        EightyEightPayCheckoutAdapter adapter = adapter(Duration.ZERO);

        adapter.prepareCharge(seedCharge());

        wm.verify(1, postRequestedFor(urlEqualTo(TOKEN_PATH))
                .withHeader("x-api-key", equalTo(API_KEY))
                .withHeader("x-merchant-id", equalTo(MERCHANT_ID)));
        assertThat(wm.findAll(postRequestedFor(urlEqualTo(TOKEN_PATH))).get(0).getBodyAsString()).isEmpty();
    }

    @Test
    void unreachableTokenEndpointMeansProviderUnavailable() {
        EightyEightPaySettings closed = new EightyEightPaySettings("http://127.0.0.1:" + EightyEightPayStubs.closedPort(),
                API_KEY, MERCHANT_ID, new HttpTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(30)), Duration.ZERO);
        EightyEightPayCheckoutAdapter adapter = new EightyEightPayCheckoutAdapter(closed, ledger, clock, waiter);

        assertThatThrownBy(() -> adapter.prepareCharge(seedCharge()))
                .isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining(MERCHANT_ID)
                .hasMessageContaining("nothing was sent")
                .hasMessageNotContaining(API_KEY);
    }

    @Test
    void tokenEndpointServerErrorMeansProviderUnavailable() {
        wm.stubFor(tokenRequest().willReturn(error(503, "Service Unavailable")));
        EightyEightPayCheckoutAdapter adapter = adapter(Duration.ZERO);

        assertThatThrownBy(() -> adapter.prepareCharge(seedCharge()))
                .isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("503");
    }

    @Test
    void tokenAnswerWithoutASessionIsNotUsed() {
        wm.stubFor(tokenRequest().willReturn(aResponse().withStatus(200)
                .withBody("{\"status\":\"Success\",\"code\":200,\"data\":{\"access_token\":\"eyJtest.X\"}}")));
        EightyEightPayCheckoutAdapter adapter = adapter(Duration.ZERO);

        assertThatThrownBy(() -> adapter.prepareCharge(seedCharge()))
                .isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("session_id")
                .hasMessageNotContaining("eyJtest.X");
    }
}
