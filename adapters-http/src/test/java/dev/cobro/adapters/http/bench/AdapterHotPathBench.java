package dev.cobro.adapters.http.bench;

import dev.cobro.application.port.in.AggregateViews;
import dev.cobro.domain.authorization.Authorization.ProviderResponse;
import dev.cobro.application.port.out.CheckoutCreated;
import dev.cobro.application.port.out.ProviderOutcome;
import ch.qos.logback.classic.Level;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.cobro.adapters.http.eightyeightpay.EightyEightPayCheckoutAdapter;
import dev.cobro.adapters.http.eightyeightpay.EightyEightPaySettings;
import dev.cobro.adapters.http.payme.PaymeCardAuthorizationAdapter;
import dev.cobro.adapters.http.payme.PaymeSettings;
import dev.cobro.adapters.http.support.CobroJson;
import dev.cobro.adapters.http.support.HttpTimeouts;
import dev.cobro.adapters.http.support.Redaction;
import dev.cobro.application.port.out.AuthorizationCall;
import dev.cobro.application.port.out.CheckoutCharge;
import dev.cobro.application.port.out.PreparedCall;
import dev.cobro.application.port.out.PreparedCharge;
import dev.cobro.application.service.InMemoryTokenRequestLedger;
import dev.cobro.domain.authorization.AdditionalFields;
import dev.cobro.domain.authorization.Address;
import dev.cobro.domain.authorization.Authorization;
import dev.cobro.domain.authorization.AuthorizationDetails;
import dev.cobro.domain.authorization.AuthorizationId;
import dev.cobro.domain.authorization.CardHolder;
import dev.cobro.domain.authorization.CardSecret;
import dev.cobro.domain.authorization.Channel;
import dev.cobro.domain.authorization.Instrument;
import dev.cobro.domain.authorization.OperationNumber;
import dev.cobro.domain.payment.CheckoutDetails;
import dev.cobro.domain.payment.Country;
import dev.cobro.domain.payment.CustomerId;
import dev.cobro.domain.payment.MerchantReference;
import dev.cobro.domain.payment.PaymentId;
import dev.cobro.domain.payment.PaymentMethod;
import dev.cobro.domain.shared.Description;
import dev.cobro.domain.shared.HttpUrl;
import dev.cobro.domain.shared.Money;
import dev.cobro.domain.shared.ProviderId;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * NOT A TEST and not run by the build: what one provider call costs the HTTP adapters, in bytes
 * allocated and CPU time per operation, so that a change to the hot path (Feign's use, the
 * serialization, the redaction) can be measured before and after.
 * <p>
 * Each round sends N Pay-me authorizations ({@code prepareAuthorize} + {@code authorize}) or N 88Pay
 * charges ({@code prepareCharge} + {@code charge}) one after another from the main thread, through the
 * real adapter, Feign and {@code java.net.http}, to a stub in this JVM (WireMock, answering the seeds'
 * bodies at once: the testkit's sandbox cannot be used here, it depends on this module).
 * Allocation and CPU are read per thread (com.sun.management.ThreadMXBean) and summed over the client
 * side only: the calling thread and the {@code HttpClient-*} threads; the stub's threads are left out.
 * Cobro's own INFO lines are turned off (logging is not what this measures); Feign's wire log is
 * off as in production (DEBUG). One token request happens in the warm-up; none in the rounds.
 * <p>
 * Run from the worktree root, after {@code mvn -o -q test-compile dependency:build-classpath -pl adapters-http
 * -am -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test}:
 * <pre>
 * java -cp adapters-http/target/test-classes:adapters-http/target/classes:$(cat /tmp/cp.txt) \
 *     dev.cobro.adapters.http.bench.AdapterHotPathBench [payme|88pay|redaction|all] [warmup] [count] [rounds]
 * </pre>
 * Defaults: all, 2000 warm-up calls, 2000 measured calls, 5 rounds; the report gives each round and
 * the medians. Allocations are steady from run to run; CPU time moves with whatever else the machine runs.
 */
public final class AdapterHotPathBench {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static final String PAYME_TOKEN_ANSWER = "{\"action\":\"authorize\",\"success\":true,"
            + "\"access_token\":\"eyBENCHaccess-token-1\",\"expires_in\":86400,\"token_type\":\"Bearer\","
            + "\"authorization\":{\"meta\":{\"status\":{\"code\":\"00\",\"message_ilgn\":[{\"locale\":\"es_PE\","
            + "\"value\":\"Access Token creado\"}]}}}}";
    private static final String EIGHTY_EIGHT_TOKEN_ANSWER = "{\"status\":\"Success\",\"code\":200,"
            + "\"message\":\"Token generated successfully\",\"data\":{\"access_token\":\"eyJbench.token-1\","
            + "\"expires_in\":86400,\"session_id\":\"sess_bench-1\"}}";

    private AdapterHotPathBench() {
    }

    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "all";
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int count = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("dev.cobro")).setLevel(Level.WARN);
        THREADS.setThreadAllocatedMemoryEnabled(true);
        THREADS.setThreadCpuTimeEnabled(true);

        try (Stub stub = new Stub()) {
            if (what.equals("payme") || what.equals("all")) {
                report("payme authorize", measure(new Payme(stub), warmup, count, rounds));
            }
            if (what.equals("88pay") || what.equals("all")) {
                report("88pay charge", measure(new EightyEightPay(stub), warmup, count, rounds));
            }
            if (what.equals("redaction") || what.equals("all")) {
                Redaction payme = new Redaction(Map.of("pan", Redaction.Mask.PAN, "security_code", Redaction.Mask.FULL,
                        "token.id", Redaction.Mask.LAST4, "client_secret", Redaction.Mask.FULL,
                        "access_token", Redaction.Mask.FULL), Set.of("Authorization"));
                String request = CobroJson.mapper().readTree(Stub.resource("payme/seed-example-3-channel-1-card.json"))
                        .toString();
                String answer = Stub.resource("payme/seed-authorize-response.json");
                report("payme request body redaction (Redaction.body)", measure(new RedactOnly(payme, request),
                        warmup * 5, count * 5, rounds));
                report("payme answer body redaction (Redaction.body)", measure(new RedactOnly(payme, answer),
                        warmup * 5, count * 5, rounds));
            }
        }
    }

    /** One operation, split in what runs before the write-ahead and the call itself. */
    private interface Operation {
        Object prepare(int i);

        void send(Object prepared, int i);
    }

    private record Round(double bytesPerOp, double callerBytesPerOp, double prepareBytesPerOp, double cpuMicrosPerOp,
                         double callerCpuMicrosPerOp) {
    }

    private static List<Round> measure(Operation op, int warmup, int count, int rounds) {
        int n = 0;
        for (int i = 0; i < warmup; i++, n++) {
            op.send(op.prepare(n), n);
        }
        List<Round> results = new ArrayList<>();
        long self = Thread.currentThread().getId();
        for (int r = 0; r < rounds; r++) {
            System.gc();
            Map<Long, long[]> before = clientThreads();
            long prepareBytes = 0;
            for (int i = 0; i < count; i++, n++) {
                long a = THREADS.getThreadAllocatedBytes(self);
                Object prepared = op.prepare(n);
                prepareBytes += THREADS.getThreadAllocatedBytes(self) - a;
                op.send(prepared, n);
            }
            Map<Long, long[]> after = clientThreads();
            long bytes = 0;
            long cpu = 0;
            for (Map.Entry<Long, long[]> e : after.entrySet()) {
                long[] start = before.getOrDefault(e.getKey(), new long[2]);
                bytes += e.getValue()[0] - start[0];
                cpu += e.getValue()[1] - start[1];
            }
            long[] callerStart = before.get(self);
            long[] callerEnd = after.get(self);
            results.add(new Round((double) bytes / count, (double) (callerEnd[0] - callerStart[0]) / count,
                    (double) prepareBytes / count, cpu / 1000.0 / count, (callerEnd[1] - callerStart[1]) / 1000.0 / count));
        }
        return results;
    }

    /** Allocated bytes and CPU nanoseconds of the caller and of java.net.http's threads. */
    private static Map<Long, long[]> clientThreads() {
        Map<Long, long[]> out = new HashMap<>();
        long self = Thread.currentThread().getId();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getId() == self || t.getName().startsWith("HttpClient-")) {
                out.put(t.getId(), new long[] {THREADS.getThreadAllocatedBytes(t.getId()),
                        THREADS.getThreadCpuTime(t.getId())});
            }
        }
        return out;
    }

    private static void report(String name, List<Round> rounds) {
        System.out.printf(Locale.ROOT, "%s (%d rounds)%n", name, rounds.size());
        for (Round r : rounds) {
            System.out.printf(Locale.ROOT, "  client alloc %8.0f B/op (caller %8.0f, prepare %7.0f)   client cpu %7.1f us/op"
                    + " (caller %7.1f)%n", r.bytesPerOp(), r.callerBytesPerOp(), r.prepareBytesPerOp(),
                    r.cpuMicrosPerOp(), r.callerCpuMicrosPerOp());
        }
        System.out.printf(Locale.ROOT, "  MEDIAN client alloc %8.0f B/op (caller %8.0f, prepare %7.0f)   client cpu %7.1f"
                        + " us/op (caller %7.1f)%n", median(rounds, Round::bytesPerOp), median(rounds, Round::callerBytesPerOp),
                median(rounds, Round::prepareBytesPerOp), median(rounds, Round::cpuMicrosPerOp),
                median(rounds, Round::callerCpuMicrosPerOp));
    }

    private static double median(List<Round> rounds, java.util.function.ToDoubleFunction<Round> f) {
        double[] values = rounds.stream().mapToDouble(f).sorted().toArray();
        int m = values.length / 2;
        return values.length % 2 == 1 ? values[m] : (values[m - 1] + values[m]) / 2;
    }

    // ---- Pay-me ------------------------------------------------------------------------------

    private static final class Payme implements Operation {

        private static final CardSecret CARD = CardSecret.card("4111111111111111", "1230", "123");

        private final PaymeCardAuthorizationAdapter adapter;

        Payme(Stub stub) {
            PaymeSettings settings = PaymeSettings.defaults(stub.baseUrl() + "/payme-auth", stub.baseUrl() + "/payme-api",
                    "bench-client", "bench-client-secret").withTimeouts(timeouts());
            adapter = new PaymeCardAuthorizationAdapter(settings, Clock.systemUTC());
        }

        @Override
        public Object prepare(int i) {
            return adapter.prepareAuthorize(call(i));
        }

        @Override
        public void send(Object prepared, int i) {
            ProviderOutcome<ProviderResponse> outcome = adapter.authorize((PreparedCall) prepared);
            if (!(outcome instanceof ProviderOutcome.Succeeded)) {
                throw new IllegalStateException("the stub should approve: " + outcome);
            }
        }

        static AuthorizationCall call(int i) {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("reserved1", "Ejemplo valor reservado 1");
            fields.put("2", "Ejemplo valor reservado 2");
            AuthorizationDetails details = new AuthorizationDetails(Channel.ECOMMERCE, Money.of("10.00", "PEN"),
                    Instrument.of(CARD, null),
                    new CardHolder("Juan Diego", "Perez Sanchez", "juan.perez@email.com", "PER", "DNI", "87654321"),
                    Address.billing(null, "Juan Diego", "Perez Sanchez", "juan.perez@gmail.com", "51", "987654321",
                            "Mi casa", "Mi casa", "LIMA", "LIMA", "PE", "18"),
                    null, new Description("Descripcion de la transaccion"), new AdditionalFields(fields), null);
            Authorization authorization = Authorization.request(new AuthorizationId(UUID.randomUUID()),
                    ProviderId.PAYME, OperationNumber.of(100_000L + i % 800_000_000), details, "fingerprint",
                    Clock.systemUTC());
            return new AuthorizationCall(AggregateViews.authorization(authorization), CARD);
        }
    }

    // ---- 88Pay -------------------------------------------------------------------------------

    private static final class EightyEightPay implements Operation {

        private final EightyEightPayCheckoutAdapter adapter;

        EightyEightPay(Stub stub) {
            EightyEightPaySettings settings = new EightyEightPaySettings(stub.baseUrl() + "/88pay", "sk_test_bench_key",
                    "MCH-COL-TEST-BENCH", timeouts(), Duration.ZERO);
            adapter = new EightyEightPayCheckoutAdapter(settings, new InMemoryTokenRequestLedger(Clock.systemUTC()),
                    Clock.systemUTC());
        }

        @Override
        public Object prepare(int i) {
            return adapter.prepareCharge(charge(i));
        }

        @Override
        public void send(Object prepared, int i) {
            ProviderOutcome<CheckoutCreated> outcome = adapter.charge((PreparedCharge) prepared);
            if (!(outcome instanceof ProviderOutcome.Succeeded)) {
                throw new IllegalStateException("the stub should accept: " + outcome);
            }
        }

        static CheckoutCharge charge(int i) {
            PaymentId id = PaymentId.of(UUID.randomUUID().toString());
            return new CheckoutCharge(id, new MerchantReference("order-" + i), new CheckoutDetails(
                    new CustomerId("cust_987654"), Money.of("100.00", "MXN"), new Country("MEX"),
                    PaymentMethod.of("CARDS", "CARD"), new Description("Compra #3"),
                    new HttpUrl("https://merchant.example.com/notify"), new HttpUrl("https://merchant.example.com/notify")),
                    "https://merchant.example.com/notify?cobro_pid=" + id
                            + "&cobro_sig=c2lnbmF0dXJlLW9mLXRoZS1zZWVkLXBheW1lbnQtZm9yLXRlc3Rz");
        }
    }

    private static final class RedactOnly implements Operation {

        private final Redaction redaction;
        private final String body;

        RedactOnly(Redaction redaction, String body) {
            this.redaction = redaction;
            this.body = body;
        }

        @Override
        public Object prepare(int i) {
            return redaction.body(body);
        }

        @Override
        public void send(Object prepared, int i) {
        }
    }

    private static HttpTimeouts timeouts() {
        return new HttpTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(10));
    }

    // ---- the stub ----------------------------------------------------------------------------

    /**
     * Pay-me and 88Pay answering at once with the seeds' bodies on WireMock (as the ITs use it);
     * Pay-me's answer echoes the request's operation number. (A stub on the JDK's own HttpServer left a
     * call waiting for its body now and then on a busy machine.)
     */
    static final class Stub implements AutoCloseable {

        private final WireMockServer server;

        Stub() {
            server = new WireMockServer(WireMockConfiguration.options().dynamicPort().containerThreads(8)
                    .disableRequestJournal());
            server.start();
            server.stubFor(WireMock.post("/payme-auth/token").willReturn(json(PAYME_TOKEN_ANSWER)));
            server.stubFor(WireMock.post("/payme-api/charges").willReturn(json(resource(
                    "payme/seed-authorize-response.json").replace("\"internal_operation_number\": \"500114\"",
                    "\"internal_operation_number\": \"{{jsonPath request.body '$.transaction.meta.internal_operation_number'}}\""))
                    .withTransformers("response-template")));
            server.stubFor(WireMock.post("/88pay/api/auth/token").willReturn(json(EIGHTY_EIGHT_TOKEN_ANSWER)));
            server.stubFor(WireMock.post("/88pay/api/transactions/charges")
                    .willReturn(json(resource("eightyeightpay/charge-response-seed.json"))));
        }

        String baseUrl() {
            return server.baseUrl();
        }

        private static ResponseDefinitionBuilder json(String body) {
            return WireMock.aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
        }

        static String resource(String name) {
            try (InputStream in = AdapterHotPathBench.class.getClassLoader().getResourceAsStream(name)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            server.stop();
        }
    }
}
