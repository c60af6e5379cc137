package dev.cobro.testkit;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cobro.adapters.http.support.Redaction;
import dev.cobro.testkit.SandboxResponse.Late;
import dev.cobro.testkit.SandboxResponse.NoAnswer;
import dev.cobro.testkit.SandboxResponse.Reply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The providers simulated over loopback HTTP, faithfully to their published pages, for the
 * offline demo, the tests and the benchmarks.
 *
 * <p>88Pay lives under {@code /88pay} ({@code POST /88pay/api/auth/token},
 * {@code POST /88pay/api/transactions/charges}): 60 s tokens bound to a session, 10 tokens a
 * minute and 100 an hour per merchant (429 with {@code Retry-After}), 401 on a stale token or a
 * foreign session. The customer's payment is simulated by {@link #notifyPayment} or
 * {@code POST /88pay/sandbox/notify {"checkout_url","status","amount"?}}, which post the webhook
 * of that one charge to its {@code notification_url} (Cobro's signed URL) with a bearer token
 * encrypted with the sandbox's webhook secret ({@link #DEFAULT_88PAY_WEBHOOK_SECRET}), as 88Pay does.
 *
 * <p>Pay-me lives under {@code /payme} ({@code POST /payme/auth/token},
 * {@code POST /payme/api/charges}, {@code DELETE /payme/api/charges/{internal_operation_number}}).
 * The outcome is chosen by test card ({@link #CARD_APPROVED_VISA}, {@link #CARD_APPROVED_MASTERCARD},
 * {@link #CARD_DECLINED} 05, {@link #CARD_INSUFFICIENT_FUNDS} 51, {@link #CARD_NO_ANSWER}: held
 * open, never answered; any other Luhn-valid card approves, a Luhn-invalid one declines 14) or by
 * the last four characters of a token id (0051 approves, 0005 declines 05, 9995 declines 51,
 * 0119 is never answered; any other approves). A no-answer authorization was approved at Pay-me,
 * so its reversal succeeds: that is the case a timeout reversal exists for. A repeated
 * internal_operation_number gets the stored answer.
 *
 * <p>Mercado Pago lives under {@code /mercadopago} ({@link #mercadoPagoBaseUrl()} stands for
 * {@code https://api.mercadopago.com}): Checkout Pro preferences, payments and their search,
 * refunds, and the webhook signed with {@code x-signature}, for accounts of an access token and a
 * webhook secret ({@link #DEFAULT_MERCADOPAGO_ACCESS_TOKEN}, {@link #DEFAULT_MERCADOPAGO_WEBHOOK_SECRET}).
 * The payer, the faults and the decisions on what Mercado Pago does not publish are
 * {@link MercadoPagoSimulator}'s ({@link #mercadoPago()}).
 *
 * <p>Counters count requests received at an endpoint, whatever the answer. Time (token expiry,
 * rate limits, webhook dates) comes from the {@link Clock}; latency and the no-answer hold are
 * real time. Thread-safe. Nothing secret (keys, secrets, tokens, PAN, CVV) is logged.
 *
 * <p>It sets no JVM-wide property. The JDK's HTTP server sends headers and body as two segments,
 * so with Nagle's algorithm on each answer may wait ~40 ms for the client's delayed ACK; a test or
 * bench that measures latency runs its JVM with {@code -Dsun.net.httpserver.nodelay=true} (the CLI
 * sets it for itself).
 */
public final class ProviderSandbox implements AutoCloseable {

    public static final String DEFAULT_88PAY_API_KEY = "sk_test_sandbox_key";
    public static final String DEFAULT_88PAY_MERCHANT_ID = "MCH-COL-TEST-29ZTP4";
    /**
     * A second merchant the sandbox accepts unless told otherwise, as 88Pay issues one merchant id per
     * country: the README's {@code mex} account uses it. Its tokens and limits are its own.
     */
    public static final String DEFAULT_88PAY_MEX_API_KEY = "sk_test_sandbox_mex_key";
    public static final String DEFAULT_88PAY_MEX_MERCHANT_ID = "MCH-MEX-TEST-4B7N2K";
    /** The sandbox merchant's webhook secret (32 bytes: an AES-256 key); configure Cobro with the same. */
    public static final String DEFAULT_88PAY_WEBHOOK_SECRET = "whsec_sandbox_0123456789abcdefgh";
    public static final String DEFAULT_PAYME_CLIENT_ID = "sandbox-client";
    public static final String DEFAULT_PAYME_CLIENT_SECRET = "sandbox-secret";
    /** Shaped like Mercado Pago's test tokens ({@code TEST-<app>-<date>-<hash>-<user id>}), opaque all the same. */
    public static final String DEFAULT_MERCADOPAGO_ACCESS_TOKEN =
            "TEST-5210963887404421-120700-0c1a5e0d2b3f4a5b6c7d8e9f00112233-202809963";
    /** The default account's user id: its preferences' {@code collector_id} and its webhooks' {@code user_id}. */
    public static final long DEFAULT_MERCADOPAGO_COLLECTOR_ID = 202_809_963L;
    /** The default account's webhook secret ("secret signature"); configure Cobro with the same. */
    public static final String DEFAULT_MERCADOPAGO_WEBHOOK_SECRET = "mp_whsec_sandbox_7f3c9a1e5b2d4068";
    /** How long a Mercado Pago {@code TIMEOUT} fault holds its answer: longer than any client waits. */
    public static final Duration DEFAULT_MERCADOPAGO_TIMEOUT_DELAY = Duration.ofSeconds(60);
    /** ALG-API-VERSION: "Available values: 1618440906". */
    public static final String PAYME_API_VERSION = PaymeSimulator.API_VERSION;

    /** Approved, as is any other Luhn-valid card not named below (the seed's card included). */
    public static final String CARD_APPROVED_VISA = "4111111111111111";
    /** Approved: a second card for flows that need two. */
    public static final String CARD_APPROVED_MASTERCARD = "5555555555554444";
    /** Declined 05 (not accepted). */
    public static final String CARD_DECLINED = "4000000000000002";
    /** Declined 51 (insufficient funds). */
    public static final String CARD_INSUFFICIENT_FUNDS = "4000000000009995";
    /** Never answered: the request is held open, then dropped. */
    public static final String CARD_NO_ANSWER = "4000000000000119";

    public static final Duration DEFAULT_NO_ANSWER_HOLD = Duration.ofSeconds(60);
    /** The README's token example: {@code "expires_in":86400}. */
    public static final Duration DEFAULT_PAYME_TOKEN_LIFETIME = Duration.ofSeconds(86_400);
    public static final int DEFAULT_THREADS = 8;

    private static final Logger LOG = LoggerFactory.getLogger(ProviderSandbox.class);
    private static final String EIGHTY_EIGHT_PAY_PATH = "/88pay";
    private static final String PAYME_PATH = "/payme";
    private static final String MERCADO_PAGO_PATH = "/mercadopago";
    private final HttpServer server;
    private final ExecutorService handlers;
    private final ScheduledThreadPoolExecutor timers;
    /** Exchanges waiting for their latency or held without answer; close() drops them. */
    private final Set<HttpExchange> pending = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Duration latency;
    private final Duration noAnswerHold;
    private final String baseUrl;
    private final EightyEightPaySimulator eightyEightPay;
    private final PaymeSimulator payme;
    private final MercadoPagoSimulator mercadoPago;

    private ProviderSandbox(Builder b) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}),
                    b.port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("provider sandbox could not bind 127.0.0.1:" + b.port, e);
        }
        latency = b.latency;
        noAnswerHold = b.noAnswerHold;
        baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
        Map<String, String> merchants = new LinkedHashMap<>();
        merchants.put(b.eightyEightPayMerchantId, b.eightyEightPayApiKey);
        merchants.putAll(b.moreEightyEightPayMerchants);
        eightyEightPay = new EightyEightPaySimulator(merchants, b.eightyEightPayWebhookSecret,
                b.moreEightyEightPayWebhookSecrets, b.clock, baseUrl + EIGHTY_EIGHT_PAY_PATH);
        payme = new PaymeSimulator(b.paymeClientId, b.paymeClientSecret, b.paymeTokenLifetime, b.clock);
        mercadoPago = new MercadoPagoSimulator(b.mercadoPagoAccounts(), b.clock, baseUrl + MERCADO_PAGO_PATH,
                b.mercadoPagoTimeoutDelay, b.mercadoPagoTsInSeconds);
        handlers = Executors.newFixedThreadPool(b.threads, daemonThreads("cobro-sandbox-http-"));
        timers = new ScheduledThreadPoolExecutor(2, daemonThreads("cobro-sandbox-timer-"));
        timers.setRemoveOnCancelPolicy(true);
        server.setExecutor(handlers);
        server.createContext(EIGHTY_EIGHT_PAY_PATH, exchange -> serve(exchange, EIGHTY_EIGHT_PAY_PATH,
                eightyEightPay::handle));
        server.createContext(PAYME_PATH, exchange -> serve(exchange, PAYME_PATH, payme::handle));
        server.createContext(MERCADO_PAGO_PATH, this::serveMercadoPago);
        server.createContext("/", exchange -> serve(exchange, "",
                request -> EightyEightPaySimulator.error(404, "Not Found")));
        server.start();
        LOG.debug("provider sandbox listening on {}", baseUrl);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        return baseUrl;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** 88Pay's base URL: token at {@code /api/auth/token}, charges at {@code /api/transactions/charges}. */
    public String eightyEightPayBaseUrl() {
        return baseUrl + EIGHTY_EIGHT_PAY_PATH;
    }

    /** Pay-me's auth host: the token is {@code POST {paymeAuthUrl}/token}. */
    public String paymeAuthUrl() {
        return baseUrl + PAYME_PATH + "/auth";
    }

    /** Pay-me's API host: authorize is {@code POST {paymeApiUrl}/charges}. */
    public String paymeApiUrl() {
        return baseUrl + PAYME_PATH + "/api";
    }

    /** Mercado Pago's API base URL (preferences at {@code /checkout/preferences}, payments at {@code /v1/payments}). */
    public String mercadoPagoBaseUrl() {
        return baseUrl + MERCADO_PAGO_PATH;
    }

    /** Mercado Pago's simulator: its payer, webhooks, faults and counters. */
    public MercadoPagoSimulator mercadoPago() {
        return mercadoPago;
    }

    public long tokenRequests88Pay() {
        return eightyEightPay.tokenRequests.get();
    }

    /** Token requests that named this merchant id (88Pay counts its limits per merchant). */
    public long tokenRequests88Pay(String merchantId) {
        AtomicLong count = eightyEightPay.tokenRequestsByMerchant.get(merchantId);
        return count == null ? 0 : count.get();
    }

    /** Charges accepted under a token of this merchant id. */
    public long charges88Pay(String merchantId) {
        AtomicLong count = eightyEightPay.chargesByMerchant.get(merchantId);
        return count == null ? 0 : count.get();
    }

    public long charges88Pay() {
        return eightyEightPay.chargeRequests.get();
    }

    public long paymeTokenRequests() {
        return payme.tokenRequests.get();
    }

    public long paymeAuthorizations() {
        return payme.authorizationRequests.get();
    }

    public long paymeReversals() {
        return payme.reversalRequests.get();
    }

    /**
     * The webhook 88Pay sends when the customer of one charge has paid (or not): to the charge's
     * notification_url, with the body and a bearer token made with the sandbox webhook secret.
     * A host's test can feed it to Cobro as its endpoint would, without HTTP.
     *
     * @param checkoutUrl the charge's checkout URL (the payment's {@code checkoutUrl()}) or its id
     * @throws IllegalArgumentException when no charge has that checkout URL
     */
    public SandboxNotification notification(String checkoutUrl, String status) {
        return eightyEightPay.webhook(checkoutUrl, status, null);
    }

    /** As {@link #notification(String, String)}, reporting {@code amount} instead of the charge's (body and token alike). */
    public SandboxNotification notification(String checkoutUrl, String status, BigDecimal amount) {
        return eightyEightPay.webhook(checkoutUrl, status, amount);
    }

    /**
     * Posts the webhook of one charge to its notification_url (one delivery).
     *
     * @return the receiver's HTTP status
     * @throws IllegalArgumentException when no charge has that checkout URL
     * @throws UncheckedIOException     when the receiver cannot be reached or does not answer in 5 s
     */
    public int notifyPayment(String checkoutUrl, String status) {
        return eightyEightPay.notifyPayment(checkoutUrl, status, null);
    }

    /** As {@link #notifyPayment(String, String)}, reporting {@code amount} instead of the charge's. */
    public int notifyPayment(String checkoutUrl, String status, BigDecimal amount) {
        return eightyEightPay.notifyPayment(checkoutUrl, status, amount);
    }

    /** Stops listening and drops every delayed or held exchange at once. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        timers.shutdownNow();
        mercadoPago.close();
        // stop(0) first: it closes the listener and every connection, held ones included, so a client
        // that retries a dropped GET at once (the JDK's does) finds nothing to connect to, not an answer.
        server.stop(0);
        for (HttpExchange exchange : pending) {
            drop(exchange);
        }
        handlers.shutdownNow();
        LOG.debug("provider sandbox on {} closed", baseUrl);
    }

    @Override
    public String toString() {
        return "ProviderSandbox[" + baseUrl + "]";
    }

    // --- request handling ----------------------------------------------------------------------

    private void serve(HttpExchange exchange, String basePath, Function<SandboxRequest, SandboxResponse> simulator) {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        SandboxResponse response;
        try {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Headers headers = exchange.getRequestHeaders();
            response = simulator.apply(new SandboxRequest(method, path.substring(basePath.length()), headers, body));
        } catch (IOException | RuntimeException e) {
            LOG.debug("sandbox {} {} failed: {}", method, loggable(path), e.getClass().getSimpleName());
            response = EightyEightPaySimulator.error(500, "Internal Server Error");
        }
        dispatch(exchange, method, path, response);
    }

    /**
     * Mercado Pago's faults come first: a reset closes the connection before the request is read, so
     * nothing is processed; the others are the simulator's to answer.
     */
    private void serveMercadoPago(HttpExchange exchange) {
        String relative = exchange.getRequestURI().getPath().substring(MERCADO_PAGO_PATH.length());
        MercadoPagoSimulator.Fault fault = mercadoPago.takeFault(exchange.getRequestMethod(), relative);
        if (fault == MercadoPagoSimulator.Fault.CONNECTION_RESET) {
            LOG.debug("sandbox {} {} -> connection reset", exchange.getRequestMethod(),
                    loggable(exchange.getRequestURI().getPath()));
            drop(exchange);
            return;
        }
        String query = exchange.getRequestURI().getRawQuery();
        serve(exchange, MERCADO_PAGO_PATH, request -> mercadoPago.handle(request, query, fault));
    }

    private void dispatch(HttpExchange exchange, String method, String path, SandboxResponse response) {
        if (response instanceof Late late) {
            LOG.debug("sandbox {} {} -> {} held for {}", method, loggable(path), late.reply().status(), late.delay());
            later(exchange, () -> send(exchange, late.reply()), late.delay());
            return;
        }
        if (response instanceof NoAnswer) {
            LOG.debug("sandbox {} {} -> held without answer for {}", method, loggable(path), noAnswerHold);
            later(exchange, () -> drop(exchange), noAnswerHold);
            return;
        }
        Reply reply = (Reply) response;
        LOG.debug("sandbox {} {} -> {}", method, loggable(path), reply.status());
        if (reply.delayed() && !latency.isZero()) {
            later(exchange, () -> send(exchange, reply), latency);
        } else {
            send(exchange, reply);
        }
    }

    private void later(HttpExchange exchange, Runnable action, Duration delay) {
        pending.add(exchange);
        try {
            timers.schedule(action, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closing) {
            drop(exchange);
        }
    }

    private void send(HttpExchange exchange, Reply reply) {
        try {
            Headers headers = exchange.getResponseHeaders();
            headers.set("Content-Type", reply.contentType());
            reply.headers().forEach(headers::set);
            byte[] body = reply.body();
            exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (IOException clientGone) {
            LOG.debug("sandbox could not answer {}: {}", loggable(exchange.getRequestURI().getPath()),
                    clientGone.getClass().getSimpleName());
        } finally {
            pending.remove(exchange);
            exchange.close();
        }
    }

    /**
     * Only the path is logged (query strings and bodies carry what must not be), and a card number
     * that a careless client put in it is masked all the same.
     */
    private static String loggable(String path) {
        return Redaction.scrubText(path);
    }

    /** Closing an exchange that was never answered closes its connection: the client sees no answer. */
    private void drop(HttpExchange exchange) {
        pending.remove(exchange);
        exchange.close();
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Settings of a sandbox; {@link #start()} binds and starts it. */
    public static final class Builder {

        private int port;
        private Duration latency = Duration.ZERO;
        private Duration noAnswerHold = DEFAULT_NO_ANSWER_HOLD;
        private Duration paymeTokenLifetime = DEFAULT_PAYME_TOKEN_LIFETIME;
        private String eightyEightPayApiKey = DEFAULT_88PAY_API_KEY;
        private String eightyEightPayMerchantId = DEFAULT_88PAY_MERCHANT_ID;
        private String eightyEightPayWebhookSecret = DEFAULT_88PAY_WEBHOOK_SECRET;
        private final Map<String, String> moreEightyEightPayMerchants = new LinkedHashMap<>(
                Map.of(DEFAULT_88PAY_MEX_MERCHANT_ID, DEFAULT_88PAY_MEX_API_KEY));
        private final Map<String, String> moreEightyEightPayWebhookSecrets = new LinkedHashMap<>();
        private String paymeClientId = DEFAULT_PAYME_CLIENT_ID;
        private String paymeClientSecret = DEFAULT_PAYME_CLIENT_SECRET;
        private Clock clock = Clock.systemUTC();
        private int threads = DEFAULT_THREADS;
        private String mercadoPagoAccessToken = DEFAULT_MERCADOPAGO_ACCESS_TOKEN;
        private String mercadoPagoWebhookSecret = DEFAULT_MERCADOPAGO_WEBHOOK_SECRET;
        private long mercadoPagoCollectorId = DEFAULT_MERCADOPAGO_COLLECTOR_ID;
        private final List<MercadoPagoSimulator.Account> moreMercadoPagoAccounts = new ArrayList<>();
        private Duration mercadoPagoTimeoutDelay = DEFAULT_MERCADOPAGO_TIMEOUT_DELAY;
        private boolean mercadoPagoTsInSeconds;

        private Builder() {
        }

        /** 0 (the default) takes an ephemeral port. */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /** A fixed delay added to every provider answer (default none). */
        public Builder latency(Duration latency) {
            this.latency = nonNegative(latency, "latency");
            return this;
        }

        public Builder eightyEightPayCredentials(String apiKey, String merchantId) {
            this.eightyEightPayApiKey = required(apiKey, "88Pay api key");
            this.eightyEightPayMerchantId = required(merchantId, "88Pay merchant id");
            return this;
        }

        /**
         * One more 88Pay merchant the sandbox accepts, with its own API key (88Pay issues a merchant id
         * per country: {@code MCH-COL-…}, {@code MCH-MEX-…}); its tokens and limits are its own.
         */
        public Builder eightyEightPayMerchant(String apiKey, String merchantId) {
            moreEightyEightPayMerchants.put(required(merchantId, "88Pay merchant id"),
                    required(apiKey, "88Pay api key"));
            return this;
        }

        /**
         * One more 88Pay merchant with its own API key and its own webhook secret: its webhooks' bearer
         * tokens are encrypted with that secret (16, 24 or 32 bytes), not the default one.
         */
        public Builder eightyEightPayMerchant(String apiKey, String merchantId, String webhookSecret) {
            eightyEightPayMerchant(apiKey, merchantId);
            moreEightyEightPayWebhookSecrets.put(merchantId, aesKey(webhookSecret));
            return this;
        }

        /** The merchant's webhook secret the sandbox encrypts each webhook's bearer token with (16, 24 or 32 bytes). */
        public Builder eightyEightPayWebhookSecret(String secret) {
            this.eightyEightPayWebhookSecret = aesKey(secret);
            return this;
        }

        private static String aesKey(String secret) {
            String value = required(secret, "88Pay webhook secret");
            if (!java.util.Set.of(16, 24, 32).contains(value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)) {
                throw new IllegalArgumentException("88Pay webhook secret must be 16, 24 or 32 bytes (an AES key)");
            }
            return value;
        }

        /** The default Mercado Pago account's access token, webhook secret and user id (collector_id). */
        public Builder mercadoPagoCredentials(String accessToken, String webhookSecret, long collectorId) {
            this.mercadoPagoAccessToken = required(accessToken, "Mercado Pago access token");
            this.mercadoPagoWebhookSecret = required(webhookSecret, "Mercado Pago webhook secret");
            this.mercadoPagoCollectorId = positive(collectorId);
            return this;
        }

        /**
         * One more Mercado Pago account (a seller per country, as Mercado Pago issues them): its own
         * access token, webhook secret and user id; its preferences, payments and keys are its own.
         */
        public Builder mercadoPagoAccount(String accessToken, String webhookSecret, long collectorId) {
            moreMercadoPagoAccounts.add(new MercadoPagoSimulator.Account(required(accessToken, "Mercado Pago access token"),
                    required(webhookSecret, "Mercado Pago webhook secret"), positive(collectorId)));
            return this;
        }

        /** How long a Mercado Pago {@code TIMEOUT} fault holds the answer (default 60 s); close() drops it sooner. */
        public Builder mercadoPagoTimeoutDelay(Duration delay) {
            this.mercadoPagoTimeoutDelay = nonNegative(delay, "mercadoPagoTimeoutDelay");
            return this;
        }

        /**
         * Mercado Pago's webhook {@code ts} in seconds, as the SDKs read it, instead of milliseconds,
         * as the docs write it (the default): a receiver's check can be tried against both.
         */
        public Builder mercadoPagoTsInSeconds() {
            this.mercadoPagoTsInSeconds = true;
            return this;
        }

        private List<MercadoPagoSimulator.Account> mercadoPagoAccounts() {
            List<MercadoPagoSimulator.Account> all = new ArrayList<>();
            all.add(new MercadoPagoSimulator.Account(mercadoPagoAccessToken, mercadoPagoWebhookSecret, mercadoPagoCollectorId));
            all.addAll(moreMercadoPagoAccounts);
            return all;
        }

        private static long positive(long collectorId) {
            if (collectorId < 1) {
                throw new IllegalArgumentException("Mercado Pago collector id must be positive, was " + collectorId);
            }
            return collectorId;
        }

        public Builder paymeCredentials(String clientId, String clientSecret) {
            this.paymeClientId = required(clientId, "Pay-me client id");
            this.paymeClientSecret = required(clientSecret, "Pay-me client secret");
            return this;
        }

        /** How long a no-answer request is held open before its connection is dropped (default 60 s). */
        public Builder noAnswerHold(Duration hold) {
            this.noAnswerHold = nonNegative(hold, "noAnswerHold");
            return this;
        }

        /** Pay-me's token {@code expires_in} (default 86400 s). */
        public Builder paymeTokenLifetime(Duration lifetime) {
            Objects.requireNonNull(lifetime, "paymeTokenLifetime");
            if (lifetime.getSeconds() < 1) {
                throw new IllegalArgumentException("paymeTokenLifetime must be at least 1 s, was " + lifetime);
            }
            this.paymeTokenLifetime = lifetime;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Handler threads (default 8); held and delayed requests do not occupy one. */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, was " + threads);
            }
            this.threads = threads;
            return this;
        }

        public ProviderSandbox start() {
            return new ProviderSandbox(this);
        }

        private static Duration nonNegative(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, was " + value);
            }
            return value;
        }

        /** The message names the setting, never its value: these are credentials. */
        private static String required(String value, String name) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(name + " is required");
            }
            return value;
        }
    }
}
