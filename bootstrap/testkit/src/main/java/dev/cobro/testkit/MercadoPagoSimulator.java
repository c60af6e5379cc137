package dev.cobro.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cobro.testkit.SandboxResponse.Late;
import dev.cobro.testkit.SandboxResponse.Reply;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Mercado Pago Checkout Pro as its API reference and SDKs describe it: preferences, the payments
 * a simulated payer makes on them, search, refunds, and the signed webhook to each preference's
 * {@code notification_url}. Paths are relative to the sandbox's {@code /mercadopago}; a client
 * takes {@link #baseUrl()} as Mercado Pago's {@code https://api.mercadopago.com}.
 *
 * <p>The test drives the payer (Mercado Pago's test cards APRO, OTHE and CONT, without a browser):
 * {@link #approve}, {@link #reject}, {@link #leavePending} then {@link #approvePending}, or
 * {@link #pay} with a chosen {@link Webhook} (signed, forged, stale or dropped). One preference
 * may see several payments, each with its own id. After the fact: {@link #refundInPanel} (a refund
 * the seller makes outside the API) and {@link #chargeback}. Faults per path:
 * {@link #inject(String, String, Fault, int)}.
 *
 * <p>Where Mercado Pago publishes nothing, the sandbox decides, and says so where it matters:
 * <ul>
 *   <li>{@code POST /checkout/preferences} and a refund answer 201.</li>
 *   <li>{@code X-Idempotency-Key} is honoured on preferences when sent (optional there, as
 *       Mercado Pago documents it only for payments and refunds) and required on refunds (400,
 *       cause 4292). The same key with the same method, path and body answers the first answer
 *       again and creates nothing; with a different request it answers 409 (sdk-java's
 *       idempotency conflict). Keys are per account, 1 to 64 characters (else 400), and kept for
 *       the sandbox's life; a refused request does not use up its key.</li>
 *   <li>Prices: {@code items[].currency_id} is required; CLP and COP take whole numbers, the
 *       other currencies at most 2 decimals.</li>
 *   <li>The webhook's {@code ts} is in milliseconds (the docs' unit; {@code ProviderSandbox.Builder
 *       .mercadoPagoTsInSeconds()} switches to seconds, the SDKs' reading) and the manifest takes
 *       {@code data.id} as it is in the query string. Each change is sent once: Mercado Pago's retry
 *       schedule is not simulated, a test redelivers with {@link #redeliver}.</li>
 *   <li>A partial refund leaves the payment {@code approved} with status_detail
 *       {@code partially_refunded}; the refund that reaches the amount makes it {@code refunded}
 *       ({@code refunded}). A chargeback makes it {@code charged_back} ({@code settled}). Each sends
 *       {@code payment.updated} for the payment: the payment, fetched, is what tells.</li>
 *   <li>Error bodies: {@code {"message","error","status","cause":[{"code","description","data"}]}}
 *       with {@code status} an integer (a client parses it leniently: the real API sometimes sends
 *       a string); documented codes are numbers (2000, 2063, 4040, 4041, 4292), the preference
 *       causes their documented names, and undocumented cases a descriptive name.</li>
 *   <li>A preference stays payable after an approved payment (a Checkout Pro link can be paid
 *       again until it expires): a second approved payment is the receiver's to handle. A payment
 *       whose preference has no notification_url is notified nowhere (the dashboard's URL is not
 *       simulated).</li>
 *   <li>Search defaults to {@code limit=30}, {@code offset=0}, {@code sort=date_created},
 *       {@code criteria=desc}, ties broken by id; a limit above 1000 is cause 1000.</li>
 * </ul>
 *
 * <p>Counters count requests received, whatever the answer. Time comes from the {@link Clock}.
 * Thread-safe. Access tokens and webhook secrets are never logged.
 */
public final class MercadoPagoSimulator {

    /** What the simulated payer does at the checkout (Mercado Pago's APRO, OTHE and CONT test cards). */
    public enum Outcome { APPROVED, REJECTED, PENDING }

    /** How the webhook of one change is sent. */
    public enum Webhook {
        /** Signed with the account's webhook secret, dated now. */
        SIGNED,
        /** Signed with another secret: a well-formed {@code v1} that does not verify. */
        FORGED_SIGNATURE,
        /** Correctly signed over a {@code ts} {@link #STALE_TS_AGE} in the past. */
        STALE_TS,
        /** Never sent: whoever waits for it has to ask the API (search by external_reference). */
        DROPPED
    }

    /** A fault for the next requests on a path. */
    public enum Fault {
        /** The request is processed, then answered only after the sandbox's timeout delay (longer than a client's). */
        TIMEOUT,
        /** 500 in the error shape; nothing is processed. */
        SERVER_ERROR,
        /** 429 with {@code Retry-After}; nothing is processed. */
        RATE_LIMITED,
        /**
         * The connection is closed before the request is read: nothing is processed, no answer. A
         * client that retries an idempotent request on a fresh connection (the JDK's HttpClient does
         * for a GET) meets the rule again while it has requests left.
         */
        CONNECTION_RESET
    }

    /**
     * One webhook the sandbox built: where and what it sent, how, and the receiver's HTTP status
     * ({@link #NOT_SENT} when dropped or when the preference had no notification_url,
     * {@link #UNREACHABLE} when the receiver could not be reached or did not answer in 22 s).
     */
    public record Delivery(SandboxNotification notification, Webhook mode, long paymentId, String action,
                           int receiverStatus) {
        public static final int NOT_SENT = 0;
        public static final int UNREACHABLE = -1;

        public boolean delivered() {
            return receiverStatus > 0;
        }
    }

    /** One sandbox account: its access token, its webhook secret and its user id (collector_id). */
    record Account(String accessToken, String webhookSecret, long collectorId) {
        @Override
        public String toString() {
            return "Account[collectorId=" + collectorId + "]";
        }
    }

    /** A stale webhook's age: beyond any tolerance a receiver should allow. */
    public static final Duration STALE_TS_AGE = Duration.ofHours(1);
    /** The {@code Retry-After} of a {@link Fault#RATE_LIMITED} answer, in seconds. */
    public static final int RETRY_AFTER_SECONDS = 2;
    /** "Reply 200 or 201 within 22 s" ({@code X-Socket-Timeout: 22000}). */
    static final Duration WEBHOOK_TIMEOUT = Duration.ofSeconds(22);
    static final int DEFAULT_SEARCH_LIMIT = 30;
    static final int MAX_SEARCH_LIMIT = 1000;
    static final int MAX_IDEMPOTENCY_KEY = 64;

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx");
    private static final DateTimeFormatter WEBHOOK_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
    private static final String PREFERENCES = "/checkout/preferences";
    private static final String PAYMENTS = "/v1/payments/";
    private static final String SEARCH = "/v1/payments/search";
    private static final String MERCHANT_ORDERS = "/merchant_orders/";
    private static final String REDIRECT = "/checkout/v1/redirect";
    private static final String CONTROLS = "/sandbox/";
    private static final Set<String> SORTS = Set.of("date_created", "date_approved", "date_last_updated", "id");
    /** A cash voucher's method per currency: the pending payer pays "later, at a store". */
    private static final Map<String, String> VOUCHERS = Map.of("ARS", "rapipago", "BRL", "bolbradesco",
            "CLP", "servipag", "COP", "efecty", "MXN", "oxxo", "PEN", "pagoefectivo_atm", "UYU", "abitab",
            "USD", "rapipago");

    private final Map<String, Account> accounts;
    private final Set<String> expiredTokens = ConcurrentHashMap.newKeySet();
    private final Clock clock;
    private final String baseUrl;
    private final Duration timeoutDelay;
    private final boolean tsInSeconds;
    private final ExecutorService webhookThreads;
    private final HttpClient webhookClient;

    /** Guards every map below: each request and each payer step is one atomic change. */
    private final Object lock = new Object();
    private final Map<String, Preference> preferences = new HashMap<>();
    private final Map<Long, Payment> payments = new LinkedHashMap<>();
    private final Map<Long, MerchantOrder> merchantOrders = new HashMap<>();
    private final Map<String, Remembered> idempotencyKeys = new HashMap<>();
    private final List<FaultRule> faults = new CopyOnWriteArrayList<>();
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    /** The X-Idempotency-Key of every preference request that reached the API, in order (null: none sent). */
    private final List<String> preferenceKeys = new CopyOnWriteArrayList<>();
    private volatile Webhook apiChangeWebhook = Webhook.SIGNED;

    private final AtomicLong paymentIds = new AtomicLong(1_320_000_000L);
    private final AtomicLong merchantOrderIds = new AtomicLong(9_100_000_000L);
    private final AtomicLong refundIds = new AtomicLong(1_600_000_000L);
    private final AtomicLong notificationIds = new AtomicLong(112_000_000_000L);
    private final AtomicLong payerIds = new AtomicLong(1_200_000_000L);

    final AtomicLong preferenceRequests = new AtomicLong();
    final AtomicLong preferencesCreated = new AtomicLong();
    final AtomicLong paymentReads = new AtomicLong();
    final AtomicLong searchRequests = new AtomicLong();
    final AtomicLong refundRequests = new AtomicLong();
    final AtomicLong refundsMade = new AtomicLong();

    private static final class Preference {
        final String id;
        final Account account;
        final ObjectNode answer;
        final String externalReference;
        final String notificationUrl;
        final String currency;
        final BigDecimal amount;
        final String title;
        final JsonNode metadata;
        final Instant payableFrom;
        final Instant payableUntil;
        final boolean binaryMode;
        Long merchantOrderId;

        Preference(String id, Account account, ObjectNode answer, JsonNode request) {
            this.id = id;
            this.account = account;
            this.answer = answer;
            this.externalReference = answer.path("external_reference").asText("");
            this.notificationUrl = answer.hasNonNull("notification_url") ? answer.get("notification_url").asText() : null;
            JsonNode items = request.get("items");
            this.currency = items.get(0).get("currency_id").asText();
            this.amount = MercadoPagoPreferenceValidator.total(items);
            this.title = items.get(0).get("title").asText();
            this.metadata = request.hasNonNull("metadata") ? request.get("metadata") : SandboxJson.object();
            boolean expires = request.path("expires").asBoolean(false);
            OffsetDateTime from = MercadoPagoPreferenceValidator.date(request.get("expiration_date_from"));
            OffsetDateTime to = MercadoPagoPreferenceValidator.date(request.get("expiration_date_to"));
            this.payableFrom = expires && from != null ? from.toInstant() : null;
            this.payableUntil = expires && to != null ? to.toInstant() : null;
            this.binaryMode = request.path("binary_mode").asBoolean(false);
        }
    }

    private static final class Payment {
        final long id;
        final Preference preference;
        final long payerId;
        final String paymentTypeId;
        final String paymentMethodId;
        final Instant created;
        String status;
        String statusDetail;
        Instant approved;
        Instant lastUpdated;
        BigDecimal refunded = BigDecimal.ZERO;
        final List<ObjectNode> refunds = new ArrayList<>();

        Payment(long id, Preference preference, long payerId, String paymentTypeId, String paymentMethodId, Instant created) {
            this.id = id;
            this.preference = preference;
            this.payerId = payerId;
            this.paymentTypeId = paymentTypeId;
            this.paymentMethodId = paymentMethodId;
            this.created = created;
            this.lastUpdated = created;
        }

        BigDecimal remaining() {
            return preference.amount.subtract(refunded);
        }
    }

    private static final class MerchantOrder {
        final long id;
        final Preference preference;
        final Instant created;
        final List<Long> paymentIds = new ArrayList<>();

        MerchantOrder(long id, Preference preference, Instant created) {
            this.id = id;
            this.preference = preference;
            this.created = created;
        }
    }

    /** A key's first request (method and path, body) and the answer it got. */
    private record Remembered(String target, JsonNode body, Reply answer) {
    }

    private static final class FaultRule {
        final String method;
        final String pathPrefix;
        final Fault fault;
        final AtomicInteger remaining;

        FaultRule(String method, String pathPrefix, Fault fault, int times) {
            this.method = method;
            this.pathPrefix = pathPrefix;
            this.fault = fault;
            this.remaining = new AtomicInteger(times);
        }
    }

    MercadoPagoSimulator(List<Account> accounts, Clock clock, String baseUrl, Duration timeoutDelay, boolean tsInSeconds) {
        Map<String, Account> byToken = new LinkedHashMap<>();
        for (Account account : accounts) {
            byToken.put(account.accessToken(), account);
        }
        this.accounts = Map.copyOf(byToken);
        this.clock = clock;
        this.baseUrl = baseUrl;
        this.timeoutDelay = timeoutDelay;
        this.tsInSeconds = tsInSeconds;
        AtomicInteger count = new AtomicInteger();
        this.webhookThreads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "cobro-sandbox-mercadopago-webhook-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.webhookClient = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(WEBHOOK_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(webhookThreads)
                .build();
    }

    // --- the public surface a test drives --------------------------------------------------------

    /** Mercado Pago's API base URL in this sandbox (the production one is {@code https://api.mercadopago.com}). */
    public String baseUrl() {
        return baseUrl;
    }

    /** The payer pays with an approved card: a new {@code approved}/{@code accredited} payment, its webhook signed. */
    public long approve(String preference) {
        return pay(preference, Outcome.APPROVED, Webhook.SIGNED);
    }

    /** The payer's card is declined: a new {@code rejected}/{@code cc_rejected_other_reason} payment; the preference stays payable. */
    public long reject(String preference) {
        return pay(preference, Outcome.REJECTED, Webhook.SIGNED);
    }

    /** The payer takes a cash voucher: a new {@code pending}/{@code pending_waiting_payment} payment; {@link #approvePending} pays it. */
    public long leavePending(String preference) {
        return pay(preference, Outcome.PENDING, Webhook.SIGNED);
    }

    /**
     * The payer pays a preference (named by its id or by its {@code init_point}): a new payment of
     * the preference's amount and currency, and its {@code payment.created} webhook sent as {@code webhook}
     * says, before this returns.
     *
     * @return the new payment's id
     * @throws IllegalArgumentException when no preference has that id
     * @throws IllegalStateException    when the preference is outside its validity window
     */
    public long pay(String preference, Outcome outcome, Webhook webhook) {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(webhook, "webhook");
        Payment payment;
        synchronized (lock) {
            Preference paid = preferenceFor(preference);
            Instant now = clock.instant();
            if (paid.payableFrom != null && now.isBefore(paid.payableFrom)) {
                throw new IllegalStateException("Mercado Pago sandbox: the preference is not payable before its expiration_date_from");
            }
            if (paid.payableUntil != null && !now.isBefore(paid.payableUntil)) {
                throw new IllegalStateException("Mercado Pago sandbox: the preference expired at its expiration_date_to");
            }
            boolean card = outcome != Outcome.PENDING;
            payment = new Payment(paymentIds.incrementAndGet(), paid, payerIds.incrementAndGet(),
                    card ? "credit_card" : "ticket", card ? "visa" : VOUCHERS.get(paid.currency), now);
            switch (outcome) {
                case APPROVED -> {
                    payment.status = "approved";
                    payment.statusDetail = "accredited";
                    payment.approved = now;
                }
                case REJECTED -> {
                    payment.status = "rejected";
                    payment.statusDetail = "cc_rejected_other_reason";
                }
                case PENDING -> {
                    payment.status = "pending";
                    payment.statusDetail = "pending_waiting_payment";
                }
            }
            payments.put(payment.id, payment);
            if (paid.merchantOrderId == null) {
                MerchantOrder order = new MerchantOrder(merchantOrderIds.incrementAndGet(), paid, now);
                merchantOrders.put(order.id, order);
                paid.merchantOrderId = order.id;
            }
            merchantOrders.get(paid.merchantOrderId).paymentIds.add(payment.id);
        }
        deliver(payment, "payment.created", webhook);
        return payment.id;
    }

    /** A pending payment is paid (the voucher at the store): {@code approved}/{@code accredited}, webhook signed. */
    public void approvePending(long paymentId) {
        approvePending(paymentId, Webhook.SIGNED);
    }

    /**
     * @throws IllegalArgumentException when no payment has that id
     * @throws IllegalStateException    when the payment is not pending
     */
    public void approvePending(long paymentId, Webhook webhook) {
        Payment payment;
        synchronized (lock) {
            payment = paymentFor(paymentId);
            if (!payment.status.equals("pending")) {
                throw new IllegalStateException("Mercado Pago sandbox: payment " + paymentId + " is " + payment.status + ", not pending");
            }
            Instant now = clock.instant();
            payment.status = "approved";
            payment.statusDetail = "accredited";
            payment.approved = now;
            payment.lastUpdated = now;
        }
        deliver(payment, "payment.updated", webhook);
    }

    /** The payer's bank charges an approved payment back: {@code charged_back}/{@code settled}, webhook signed. */
    public void chargeback(long paymentId) {
        chargeback(paymentId, Webhook.SIGNED);
    }

    /**
     * @throws IllegalArgumentException when no payment has that id
     * @throws IllegalStateException    when the payment is not approved
     */
    public void chargeback(long paymentId, Webhook webhook) {
        Payment payment;
        synchronized (lock) {
            payment = paymentFor(paymentId);
            if (!payment.status.equals("approved")) {
                throw new IllegalStateException("Mercado Pago sandbox: payment " + paymentId + " is " + payment.status + ", not approved");
            }
            payment.status = "charged_back";
            payment.statusDetail = "settled";
            payment.lastUpdated = clock.instant();
        }
        deliver(payment, "payment.updated", webhook);
    }

    /**
     * A refund the seller makes outside the API (Mercado Pago's panel), reported like any change:
     * {@code amount} null refunds what remains.
     *
     * @return the refund's id
     * @throws IllegalArgumentException when no payment has that id, or the amount is not positive or above what remains
     * @throws IllegalStateException    when the payment is not approved
     */
    public long refundInPanel(long paymentId, BigDecimal amount, Webhook webhook) {
        Payment payment;
        long refundId;
        synchronized (lock) {
            payment = paymentFor(paymentId);
            if (!payment.status.equals("approved")) {
                throw new IllegalStateException("Mercado Pago sandbox: payment " + paymentId + " is " + payment.status + ", not approved");
            }
            BigDecimal refunded = amount == null ? payment.remaining() : amount;
            if (refunded.signum() <= 0 || refunded.compareTo(payment.remaining()) > 0) {
                throw new IllegalArgumentException("Mercado Pago sandbox: the amount must be positive and at most what remains");
            }
            refundId = refund(payment, refunded).get("id").asLong();
        }
        deliver(payment, "payment.updated", webhook);
        return refundId;
    }

    /** How the webhook of a change made through the API (a refund) is sent; signed unless told otherwise. */
    public void apiChangeWebhooks(Webhook webhook) {
        this.apiChangeWebhook = Objects.requireNonNull(webhook, "webhook");
    }

    /** The signed webhook Mercado Pago would send now for a payment, built and handed over, not sent. */
    public SandboxNotification webhook(long paymentId, String action) {
        return webhook(paymentId, action, Webhook.SIGNED);
    }

    /**
     * As {@link #webhook(long, String)}, signed as {@code mode} says ({@link Webhook#DROPPED} builds a signed one).
     *
     * @throws IllegalArgumentException when no payment has that id, or its preference has no notification_url
     */
    public SandboxNotification webhook(long paymentId, String action, Webhook mode) {
        Payment payment;
        synchronized (lock) {
            payment = paymentFor(paymentId);
        }
        if (payment.preference.notificationUrl == null) {
            throw new IllegalArgumentException("Mercado Pago sandbox: the payment's preference has no notification_url");
        }
        return notification(payment, action == null ? "payment.updated" : action, mode);
    }

    /** Sends a payment's webhook again, now ({@code payment.updated}, signed): Mercado Pago's retry, by hand. */
    public Delivery redeliver(long paymentId) {
        Payment payment;
        synchronized (lock) {
            payment = paymentFor(paymentId);
        }
        return deliver(payment, "payment.updated", Webhook.SIGNED);
    }

    /** Every webhook built for a change so far, oldest first (dropped ones included, not sent). */
    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /**
     * The next {@code times} requests whose method is {@code method} ({@code *} for any) and whose
     * path (relative to this base URL, query excluded) starts with {@code pathPrefix} meet {@code fault}.
     * Rules apply in the order they were added; the sandbox's own controls never fault.
     */
    public void inject(String method, String pathPrefix, Fault fault, int times) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(pathPrefix, "pathPrefix");
        Objects.requireNonNull(fault, "fault");
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1, was " + times);
        }
        faults.add(new FaultRule(method.toUpperCase(Locale.ROOT), pathPrefix, fault, times));
    }

    public void clearFaults() {
        faults.clear();
    }

    /** From now on the token is refused with 401, as Mercado Pago refuses an expired or revoked one. */
    public void expireAccessToken(String accessToken) {
        expiredTokens.add(Objects.requireNonNull(accessToken, "accessToken"));
    }

    /** {@code POST /checkout/preferences} requests received (any answer). */
    public long preferenceRequests() {
        return preferenceRequests.get();
    }

    /** Preferences created: an idempotent replay creates none. */
    /**
     * The {@code X-Idempotency-Key} of every preference request received, in order (null where none
     * was sent): what a test compares to tell a re-send under the same key from a new request.
     */
    public List<String> preferenceIdempotencyKeys() {
        return java.util.Collections.unmodifiableList(new ArrayList<>(preferenceKeys));
    }

    /**
     * The ids of the preferences made with this {@code external_reference}, sorted: a test reaches a
     * preference whose creation answer its client never read.
     */
    public List<String> preferencesWithExternalReference(String externalReference) {
        synchronized (lock) {
            return preferences.values().stream().filter(p -> p.externalReference.equals(externalReference))
                    .map(p -> p.id).sorted().toList();
        }
    }

    public long preferencesCreated() {
        return preferencesCreated.get();
    }

    /** {@code GET /v1/payments/{id}} requests received. */
    public long paymentReads() {
        return paymentReads.get();
    }

    /** {@code GET /v1/payments/search} requests received. */
    public long searchRequests() {
        return searchRequests.get();
    }

    /** {@code POST /v1/payments/{id}/refunds} requests received. */
    public long refundRequests() {
        return refundRequests.get();
    }

    /** Refunds made, through the API or in the panel: an idempotent replay makes none. */
    public long refundsMade() {
        return refundsMade.get();
    }

    @Override
    public String toString() {
        return "MercadoPagoSimulator[" + baseUrl + "]";
    }

    void close() {
        webhookThreads.shutdownNow();
    }

    // --- faults (before anything is read) ----------------------------------------------------

    /** The fault the request at {@code path} meets, or null; counts it against the rule. */
    Fault takeFault(String method, String path) {
        if (path.startsWith(CONTROLS) || path.equals(REDIRECT)) {
            return null;
        }
        for (FaultRule rule : faults) {
            if ((rule.method.equals("*") || rule.method.equalsIgnoreCase(method)) && path.startsWith(rule.pathPrefix)
                    && rule.remaining.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                return rule.fault;
            }
        }
        return null;
    }

    // --- HTTP ------------------------------------------------------------------------------------

    SandboxResponse handle(SandboxRequest request, String rawQuery, Fault fault) {
        if (request.path().startsWith(CONTROLS)) {
            return control(request).undelayed();
        }
        if (request.is("GET", REDIRECT)) {
            return checkoutPage(query(rawQuery).get("pref_id")).undelayed();
        }
        count(request);
        if (fault == Fault.SERVER_ERROR) {
            return error(500, "internal_server_error", "Internal server error", List.of());
        }
        if (fault == Fault.RATE_LIMITED) {
            return error(429, "too_many_requests", "Too many requests", List.of())
                    .withHeaders(Map.of("Retry-After", Integer.toString(RETRY_AFTER_SECONDS)));
        }
        Reply reply = api(request, rawQuery);
        return fault == Fault.TIMEOUT ? new Late(reply, timeoutDelay) : reply;
    }

    /** Counts a request that reached the API, whatever it is answered (a reset never reaches it). */
    private void count(SandboxRequest request) {
        String path = request.path();
        boolean post = request.method().equalsIgnoreCase("POST");
        boolean get = request.method().equalsIgnoreCase("GET");
        if (post && path.equals(PREFERENCES)) {
            preferenceRequests.incrementAndGet();
            preferenceKeys.add(request.header("X-Idempotency-Key"));
        } else if (get && path.equals(SEARCH)) {
            searchRequests.incrementAndGet();
        } else if (post && path.startsWith(PAYMENTS) && path.endsWith("/refunds")) {
            refundRequests.incrementAndGet();
        } else if (get && path.startsWith(PAYMENTS) && path.indexOf('/', PAYMENTS.length()) < 0) {
            paymentReads.incrementAndGet();
        }
    }

    private Reply api(SandboxRequest request, String rawQuery) {
        String path = request.path();
        boolean post = request.method().equalsIgnoreCase("POST");
        boolean get = request.method().equalsIgnoreCase("GET");
        Account account = account(request);
        if (account == null) {
            return error(401, "unauthorized", "invalid access token",
                    List.of(cause("invalid_access_token", "access denied")));
        }
        if (post && path.equals(PREFERENCES)) {
            return createPreference(account, request);
        }
        if (get && path.startsWith(PREFERENCES + "/")) {
            return readPreference(account, path.substring(PREFERENCES.length() + 1));
        }
        if (get && path.equals(SEARCH)) {
            return search(account, query(rawQuery));
        }
        if (path.startsWith(PAYMENTS)) {
            String[] parts = path.substring(PAYMENTS.length()).split("/", -1);
            Long id = parseId(parts[0]);
            if (get && parts.length == 1) {
                return readPayment(account, id);
            }
            if (parts.length == 2 && parts[1].equals("refunds")) {
                if (post) {
                    return createRefund(account, id, request);
                }
                if (get) {
                    return listRefunds(account, id);
                }
            }
        }
        if (get && path.startsWith(MERCHANT_ORDERS)) {
            return readMerchantOrder(account, parseId(path.substring(MERCHANT_ORDERS.length())));
        }
        return error(404, "not_found", "resource not found", List.of());
    }

    /** The account of a known, unexpired bearer token; null otherwise (401). */
    private Account account(SandboxRequest request) {
        String token = request.bearerToken();
        if (token == null || expiredTokens.contains(token)) {
            return null;
        }
        for (Map.Entry<String, Account> known : accounts.entrySet()) {
            if (SandboxJson.sameSecret(token, known.getKey())) {
                return known.getValue();
            }
        }
        return null;
    }

    // --- POST /checkout/preferences --------------------------------------------------------------

    private Reply createPreference(Account account, SandboxRequest request) {
        JsonNode body = SandboxJson.read(request.body());
        String key = request.header("X-Idempotency-Key");
        Reply badKey = checkKey(key, false);
        if (badKey != null) {
            return badKey;
        }
        MercadoPagoPreferenceValidator.Problem problem = MercadoPagoPreferenceValidator.validate(body);
        if (problem != null) {
            return error(400, "bad_request", problem.description(), List.of(cause(problem.code(), problem.description())));
        }
        synchronized (lock) {
            return idempotent(account, key, "POST " + PREFERENCES, body, () -> {
                String id = account.collectorId() + "-" + UUID.randomUUID();
                ObjectNode answer = preferenceAnswer(id, account, body);
                preferences.put(id, new Preference(id, account, answer, body));
                preferencesCreated.incrementAndGet();
                return Reply.json(201, SandboxJson.bytes(answer));
            });
        }
    }

    /** The reference's sample answer, in its field order, echoing what was sent. */
    private ObjectNode preferenceAnswer(String id, Account account, JsonNode body) {
        ObjectNode answer = SandboxJson.object()
                .put("id", id)
                .put("collector_id", account.collectorId())
                .put("client_id", Long.toString(account.collectorId() + 6_000_000_000_000_000L))
                .put("operation_type", "regular_payment");
        answer.set("items", body.get("items").deepCopy());
        answer.set("payer", body.hasNonNull("payer") ? body.get("payer").deepCopy() : defaultPayer());
        ObjectNode backUrls = answer.putObject("back_urls");
        for (String name : new String[] {"success", "pending", "failure"}) {
            backUrls.put(name, body.path("back_urls").path(name).asText(""));
        }
        answer.put("auto_return", body.path("auto_return").asText(""));
        answer.set("payment_methods", body.hasNonNull("payment_methods")
                ? body.get("payment_methods").deepCopy() : defaultPaymentMethods());
        answer.set("notification_url", body.hasNonNull("notification_url") ? body.get("notification_url") : NullNode.getInstance());
        answer.put("external_reference", body.path("external_reference").asText(""));
        answer.put("expires", body.path("expires").asBoolean(false));
        answer.set("expiration_date_from", textOrNull(body.get("expiration_date_from")));
        answer.set("expiration_date_to", textOrNull(body.get("expiration_date_to")));
        for (String echoed : new String[] {"date_of_expiration", "metadata", "binary_mode", "statement_descriptor"}) {
            if (body.hasNonNull(echoed)) {
                answer.set(echoed, body.get(echoed).deepCopy());
            }
        }
        answer.put("date_created", date(clock.instant()));
        // One sandbox, so the live and the legacy test URL are the same checkout page.
        answer.put("init_point", baseUrl + REDIRECT + "?pref_id=" + id);
        answer.put("sandbox_init_point", baseUrl + REDIRECT + "?pref_id=" + id);
        return answer;
    }

    private Reply readPreference(Account account, String id) {
        synchronized (lock) {
            Preference preference = preferences.get(id);
            if (preference == null || preference.account != account) {
                return error(404, "not_found", "preference not found", List.of());
            }
            return Reply.json(200, SandboxJson.bytes(preference.answer));
        }
    }

    // --- GET /v1/payments/{id}, /v1/payments/search, /merchant_orders/{id} -----------------------

    private Reply readPayment(Account account, Long id) {
        synchronized (lock) {
            Payment payment = id == null ? null : payments.get(id);
            if (payment == null || payment.preference.account != account) {
                return paymentNotFound();
            }
            return Reply.json(200, SandboxJson.bytes(paymentJson(payment)));
        }
    }

    private Reply search(Account account, Map<String, String> query) {
        Integer limit = integer(query.getOrDefault("limit", Integer.toString(DEFAULT_SEARCH_LIMIT)));
        Integer offset = integer(query.getOrDefault("offset", "0"));
        if (limit == null || offset == null || limit < 0 || offset < 0) {
            return error(400, "bad_request", "limit and offset must be non-negative integers",
                    List.of(cause("invalid_paging", "limit and offset must be non-negative integers")));
        }
        if (limit > MAX_SEARCH_LIMIT) {
            return error(400, "bad_request", "Number of rows exceeded the limits",
                    List.of(cause(1000, "Number of rows exceeded the limits")));
        }
        String sort = query.getOrDefault("sort", "date_created");
        if (!SORTS.contains(sort)) {
            return error(400, "bad_request", "Invalid sort", List.of(cause(1003, "Invalid sort")));
        }
        String criteria = query.getOrDefault("criteria", "desc");
        if (!criteria.equals("asc") && !criteria.equals("desc")) {
            return error(400, "bad_request", "Invalid criteria", List.of(cause(1004, "Invalid criteria")));
        }
        String reference = query.get("external_reference");
        String status = query.get("status");
        synchronized (lock) {
            Comparator<Payment> order = switch (sort) {
                case "date_approved" -> Comparator.comparing((Payment p) -> p.approved == null ? Instant.MIN : p.approved);
                case "date_last_updated" -> Comparator.comparing((Payment p) -> p.lastUpdated);
                case "id" -> Comparator.comparingLong((Payment p) -> p.id);
                default -> Comparator.comparing((Payment p) -> p.created);
            };
            order = order.thenComparingLong(p -> p.id);
            if (criteria.equals("desc")) {
                order = order.reversed();
            }
            List<Payment> found = payments.values().stream()
                    .filter(p -> p.preference.account == account)
                    .filter(p -> reference == null || reference.equals(p.preference.externalReference))
                    .filter(p -> status == null || status.equals(p.status))
                    .sorted(order)
                    .toList();
            ObjectNode answer = SandboxJson.object();
            answer.putObject("paging").put("total", found.size()).put("limit", limit).put("offset", offset);
            ArrayNode results = answer.putArray("results");
            found.stream().skip(offset).limit(limit).forEach(p -> results.add(paymentJson(p)));
            return Reply.json(200, SandboxJson.bytes(answer));
        }
    }

    private Reply readMerchantOrder(Account account, Long id) {
        synchronized (lock) {
            MerchantOrder order = id == null ? null : merchantOrders.get(id);
            if (order == null || order.preference.account != account) {
                return error(404, "not_found", "merchant order not found", List.of());
            }
            return Reply.json(200, SandboxJson.bytes(merchantOrderJson(order)));
        }
    }

    // --- POST /v1/payments/{id}/refunds ----------------------------------------------------------

    private Reply createRefund(Account account, Long paymentId, SandboxRequest request) {
        String key = request.header("X-Idempotency-Key");
        Reply badKey = checkKey(key, true);
        if (badKey != null) {
            return badKey;
        }
        JsonNode body = request.body() == null || request.body().length == 0 ? NullNode.getInstance()
                : SandboxJson.read(request.body());
        if (body == null || !(body.isNull() || body.isObject())) {
            return error(400, "bad_request", "the body must be a JSON object", List.of());
        }
        JsonNode amountNode = body.get("amount");
        BigDecimal amount = null;
        if (amountNode != null && !amountNode.isNull()) {
            if (!amountNode.isNumber()) {
                return error(400, "bad_request", "amount must be numeric", List.of(cause(4041, "amount must be numeric")));
            }
            amount = amountNode.decimalValue();
            // Bounded before anything compares or echoes it (1e999999999 would expand).
            if (amount.precision() - amount.scale() > 18 || amount.scale() > 18) {
                return error(400, "bad_request", "amount invalid", List.of(cause(4041, "amount invalid")));
            }
            if (amount.signum() <= 0) {
                return error(400, "bad_request", "amount must be positive", List.of(cause(4040, "amount must be positive")));
            }
        }
        BigDecimal requested = amount;
        Payment refunded;
        Reply answer;
        synchronized (lock) {
            Payment payment = paymentId == null ? null : payments.get(paymentId);
            if (payment == null || payment.preference.account != account) {
                return paymentNotFound();
            }
            long before = refundsMade.get();
            answer = idempotent(account, key, "POST " + request.path(), body, () -> {
                if (!payment.status.equals("approved")) {
                    return error(400, "bad_request", "The action requested is not valid for the current payment state",
                            List.of(cause(2063, "The action requested is not valid for the current payment state")));
                }
                int decimals = MercadoPagoPreferenceValidator.CURRENCY_DECIMALS.get(payment.preference.currency);
                if (requested != null && Math.max(0, requested.stripTrailingZeros().scale()) > decimals) {
                    return error(400, "bad_request", "amount invalid", List.of(cause(4041, "amount invalid")));
                }
                BigDecimal value = requested == null ? payment.remaining() : requested;
                if (value.compareTo(payment.remaining()) > 0) {
                    return error(400, "bad_request", "The refund amount exceeds the amount available to refund",
                            List.of(cause("refund_amount_exceeds_available",
                                    "The refund amount exceeds the amount available to refund")));
                }
                return Reply.json(201, SandboxJson.bytes(refund(payment, value)));
            });
            refunded = refundsMade.get() > before ? payment : null;
        }
        if (refunded != null) {
            // Mercado Pago notifies on its own time: the webhook may reach the seller before the answer.
            deliverLater(refunded, apiChangeWebhook);
        }
        return answer;
    }

    /** Records a refund of {@code amount} (already checked) on the payment; under the lock. */
    private ObjectNode refund(Payment payment, BigDecimal amount) {
        Instant now = clock.instant();
        ObjectNode refund = SandboxJson.object()
                .put("id", refundIds.incrementAndGet())
                .put("payment_id", payment.id)
                .put("amount", plain(amount))
                .put("adjustment_amount", 0)
                .put("status", "approved")
                .put("refund_mode", "standard")
                .putNull("reason")
                .put("date_created", date(now))
                .putNull("unique_sequence_number");
        refund.putObject("source").put("id", Long.toString(payment.preference.account.collectorId()))
                .put("name", "collector").put("type", "collector");
        refund.putObject("metadata");
        payment.refunds.add(refund);
        payment.refunded = payment.refunded.add(amount);
        payment.lastUpdated = now;
        if (payment.remaining().signum() == 0) {
            payment.status = "refunded";
            payment.statusDetail = "refunded";
        } else {
            payment.statusDetail = "partially_refunded";
        }
        refundsMade.incrementAndGet();
        return refund;
    }

    private Reply listRefunds(Account account, Long paymentId) {
        synchronized (lock) {
            Payment payment = paymentId == null ? null : payments.get(paymentId);
            if (payment == null || payment.preference.account != account) {
                return paymentNotFound();
            }
            ArrayNode list = SandboxJson.array();
            payment.refunds.forEach(refund -> list.add(refund.deepCopy()));
            return Reply.json(200, SandboxJson.bytes(list));
        }
    }

    // --- idempotency -----------------------------------------------------------------------------

    /** A missing key is fine on preferences (not required there) and cause 4292 on refunds. */
    private static Reply checkKey(String key, boolean required) {
        if (key == null || key.isBlank()) {
            return required ? error(400, "bad_request", "Header-X-Idempotency-Key-can't-be-null",
                    List.of(cause(4292, "Header-X-Idempotency-Key-can't-be-null"))) : null;
        }
        if (key.length() > MAX_IDEMPOTENCY_KEY) {
            return error(400, "bad_request", "X-Idempotency-Key must be 1 to 64 characters",
                    List.of(cause("invalid_idempotency_key", "X-Idempotency-Key must be 1 to 64 characters")));
        }
        return null;
    }

    /**
     * Under the lock: the answer remembered for this account's key when the request is the same,
     * 409 when it differs, else what {@code create} answers (remembered only when it succeeded).
     */
    private Reply idempotent(Account account, String key, String target, JsonNode body, Supplier<Reply> create) {
        if (key == null || key.isBlank()) {
            return create.get();
        }
        String scoped = account.collectorId() + "\n" + key;
        Remembered known = idempotencyKeys.get(scoped);
        if (known != null) {
            if (known.target().equals(target) && Objects.equals(known.body(), body)) {
                return known.answer();
            }
            return error(409, "conflict", "the idempotency key was already used for another request",
                    List.of(cause("idempotency_key_conflict", "the idempotency key was already used for another request")));
        }
        Reply answer = create.get();
        if (answer.status() / 100 == 2) {
            idempotencyKeys.put(scoped, new Remembered(target, body, answer));
        }
        return answer;
    }

    // --- the webhook -----------------------------------------------------------------------------

    private Delivery deliver(Payment payment, String action, Webhook mode) {
        if (payment.preference.notificationUrl == null) {
            // The dashboard's URL would get it; the sandbox has none.
            return record(new Delivery(null, mode, payment.id, action, Delivery.NOT_SENT));
        }
        SandboxNotification notification = notification(payment, action, mode);
        if (mode == Webhook.DROPPED) {
            return record(new Delivery(notification, mode, payment.id, action, Delivery.NOT_SENT));
        }
        int status;
        try {
            status = webhookClient.send(post(notification), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException unreachable) {
            status = Delivery.UNREACHABLE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = Delivery.UNREACHABLE;
        }
        return record(new Delivery(notification, mode, payment.id, action, status));
    }

    private void deliverLater(Payment payment, Webhook mode) {
        try {
            webhookThreads.execute(() -> deliver(payment, "payment.updated", mode));
        } catch (RejectedExecutionException closed) {
            record(new Delivery(null, mode, payment.id, "payment.updated", Delivery.NOT_SENT));
        }
    }

    private Delivery record(Delivery delivery) {
        deliveries.add(delivery);
        return delivery;
    }

    private static HttpRequest post(SandboxNotification notification) {
        HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(notification.url()))
                .timeout(WEBHOOK_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString(notification.body(), StandardCharsets.UTF_8));
        notification.headers().forEach(post::header);
        return post.build();
    }

    /** The documented Webhooks request: {@code ?data.id=<id>&type=payment} on the URL, signed headers, the body. */
    private SandboxNotification notification(Payment payment, String action, Webhook mode) {
        String dataId = Long.toString(payment.id);
        String url = payment.preference.notificationUrl
                + (payment.preference.notificationUrl.contains("?") ? "&" : "?") + "data.id=" + dataId + "&type=payment";
        Instant now = clock.instant();
        Instant signedAt = mode == Webhook.STALE_TS ? now.minus(STALE_TS_AGE) : now;
        String ts = Long.toString(tsInSeconds ? signedAt.getEpochSecond() : signedAt.toEpochMilli());
        String requestId = UUID.randomUUID().toString();
        Account account = payment.preference.account;
        String secret = mode == Webhook.FORGED_SIGNATURE ? "forged:" + account.webhookSecret() : account.webhookSecret();
        ObjectNode body = SandboxJson.object()
                .put("action", action)
                .put("api_version", "v1");
        body.putObject("data").put("id", dataId);
        body.put("date_created", WEBHOOK_DATE.format(now.atZone(clock.getZone())))
                .put("id", Long.toString(notificationIds.incrementAndGet()))
                .put("live_mode", false)
                .put("type", "payment")
                .put("user_id", account.collectorId());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("x-request-id", requestId);
        headers.put("x-signature", MercadoPagoSignature.header(secret, dataId, requestId, ts));
        headers.put("X-Retry", "0");
        headers.put("X-Socket-Timeout", Long.toString(WEBHOOK_TIMEOUT.toMillis()));
        return new SandboxNotification(url, SandboxJson.string(body), headers);
    }

    // --- the resources as JSON -------------------------------------------------------------------

    private ObjectNode paymentJson(Payment payment) {
        Preference preference = payment.preference;
        ObjectNode json = SandboxJson.object()
                .put("id", payment.id)
                .put("date_created", date(payment.created))
                .put("date_approved", payment.approved == null ? null : date(payment.approved))
                .put("date_last_updated", date(payment.lastUpdated))
                .putNull("date_of_expiration")
                .put("money_release_date", payment.approved == null ? null : date(payment.approved))
                .put("operation_type", "regular_payment")
                .put("payment_method_id", payment.paymentMethodId)
                .put("payment_type_id", payment.paymentTypeId)
                .put("status", payment.status)
                .put("status_detail", payment.statusDetail)
                .put("currency_id", preference.currency)
                .put("description", preference.title)
                .put("live_mode", false)
                .put("captured", true)
                .put("binary_mode", preference.binaryMode)
                .put("collector_id", preference.account.collectorId());
        json.putObject("payer").put("id", Long.toString(payment.payerId))
                .put("email", "test_user_" + payment.payerId + "@testuser.com").put("type", "guest");
        json.set("metadata", preference.metadata.deepCopy());
        json.putObject("order").put("id", Long.toString(preference.merchantOrderId)).put("type", "mercadopago");
        json.put("external_reference", preference.externalReference)
                .put("transaction_amount", plain(preference.amount))
                .put("transaction_amount_refunded", plain(payment.refunded))
                .put("installments", 1)
                .put("notification_url", preference.notificationUrl);
        boolean paid = payment.approved != null;
        json.putObject("transaction_details")
                .put("net_received_amount", paid ? plain(preference.amount) : BigDecimal.ZERO)
                .put("total_paid_amount", plain(preference.amount))
                .put("installment_amount", plain(preference.amount))
                .put("overpaid_amount", 0);
        json.putArray("fee_details");
        ArrayNode refunds = json.putArray("refunds");
        payment.refunds.forEach(refund -> refunds.add(refund.deepCopy()));
        return json;
    }

    private ObjectNode merchantOrderJson(MerchantOrder order) {
        Preference preference = order.preference;
        BigDecimal paid = BigDecimal.ZERO;
        BigDecimal refunded = BigDecimal.ZERO;
        boolean inProcess = false;
        ArrayNode list = SandboxJson.array();
        Instant updated = order.created;
        for (long id : order.paymentIds) {
            Payment payment = payments.get(id);
            if (payment.approved != null) {
                paid = paid.add(preference.amount);
                refunded = refunded.add(payment.refunded);
            }
            inProcess |= payment.status.equals("pending");
            updated = payment.lastUpdated.isAfter(updated) ? payment.lastUpdated : updated;
            list.addObject().put("id", payment.id).put("transaction_amount", plain(preference.amount))
                    .put("total_paid_amount", plain(preference.amount)).put("currency_id", preference.currency)
                    .put("status", payment.status).put("status_detail", payment.statusDetail)
                    .put("date_approved", payment.approved == null ? null : date(payment.approved))
                    .put("amount_refunded", plain(payment.refunded));
        }
        boolean fullyPaid = paid.compareTo(preference.amount) >= 0;
        String orderStatus = fullyPaid && refunded.compareTo(paid) >= 0 ? "reverted"
                : fullyPaid ? "paid" : inProcess ? "payment_in_process" : "payment_required";
        ObjectNode json = SandboxJson.object()
                .put("id", order.id)
                .put("status", fullyPaid ? "closed" : "opened")
                .put("external_reference", preference.externalReference)
                .put("preference_id", preference.id);
        json.set("payments", list);
        json.putObject("collector").put("id", preference.account.collectorId());
        json.put("notification_url", preference.notificationUrl)
                .put("date_created", date(order.created))
                .put("last_updated", date(updated))
                .put("total_amount", plain(preference.amount))
                .put("paid_amount", plain(paid))
                .put("refunded_amount", plain(refunded))
                .put("order_status", orderStatus);
        return json;
    }

    // --- controls (POST /mercadopago/sandbox/...) --------------------------------------------------

    /**
     * The sandbox's own HTTP controls, for a person or a script driving it from outside the JVM:
     * <ul>
     *   <li>{@code POST /sandbox/pay {"preference_id" (or "init_point"), "outcome":"approved|rejected|pending",
     *       "webhook"?:"signed|forged_signature|stale_ts|dropped"}} answers {@code {"payment_id","receiver_status"}};</li>
     *   <li>{@code POST /sandbox/payments/{id}/approve|chargeback {"webhook"?}},
     *       {@code POST /sandbox/payments/{id}/refund {"amount"?, "webhook"?}};</li>
     *   <li>{@code POST /sandbox/notification {"payment_id","action"?}} hands the signed webhook over
     *       ({@code {"url","headers","body"}}) without sending it, for {@code cobro notify};</li>
     *   <li>{@code POST /sandbox/faults {"method","path","fault":"timeout|server_error|rate_limited|connection_reset","times"?}}
     *       and {@code DELETE /sandbox/faults}.</li>
     * </ul>
     */
    private Reply control(SandboxRequest request) {
        JsonNode body = SandboxJson.read(request.body());
        JsonNode args = body == null ? SandboxJson.object() : body;
        String path = request.path().substring(CONTROLS.length() - 1);
        try {
            if (request.method().equalsIgnoreCase("POST") && path.equals("/pay")) {
                String preference = args.hasNonNull("preference_id") ? args.get("preference_id").asText()
                        : args.path("init_point").asText(null);
                Outcome outcome = Outcome.valueOf(required(args, "outcome").toUpperCase(Locale.ROOT));
                long paymentId = pay(preference, outcome, webhookOf(args));
                return controlAnswer(paymentId);
            }
            if (request.method().equalsIgnoreCase("POST") && path.startsWith("/payments/")) {
                String[] parts = path.substring("/payments/".length()).split("/", -1);
                Long id = parseId(parts[0]);
                if (id == null || parts.length != 2) {
                    return error(404, "not_found", "no such control", List.of());
                }
                switch (parts[1]) {
                    case "approve" -> approvePending(id, webhookOf(args));
                    case "chargeback" -> chargeback(id, webhookOf(args));
                    case "refund" -> refundInPanel(id, args.hasNonNull("amount") ? new BigDecimal(args.get("amount").asText()) : null,
                            webhookOf(args));
                    default -> {
                        return error(404, "not_found", "no such control", List.of());
                    }
                }
                return controlAnswer(id);
            }
            if (request.method().equalsIgnoreCase("POST") && path.equals("/notification")) {
                Long id = parseId(required(args, "payment_id"));
                if (id == null) {
                    return error(400, "bad_request", "payment_id must be a payment id", List.of());
                }
                SandboxNotification notification = webhook(id, args.path("action").asText("payment.updated"));
                ObjectNode out = SandboxJson.object().put("url", notification.url());
                ObjectNode headers = out.putObject("headers");
                notification.headers().forEach(headers::put);
                out.put("body", notification.body());
                return Reply.json(200, SandboxJson.bytes(out));
            }
            if (request.method().equalsIgnoreCase("POST") && path.equals("/faults")) {
                inject(required(args, "method"), required(args, "path"),
                        Fault.valueOf(required(args, "fault").toUpperCase(Locale.ROOT)), args.path("times").asInt(1));
                return Reply.json(200, SandboxJson.bytes(SandboxJson.object().put("faults", faults.size())));
            }
            if (request.method().equalsIgnoreCase("DELETE") && path.equals("/faults")) {
                clearFaults();
                return Reply.json(200, SandboxJson.bytes(SandboxJson.object().put("faults", 0)));
            }
        } catch (IllegalStateException wrongState) {
            return error(409, "conflict", wrongState.getMessage(), List.of());
        } catch (IllegalArgumentException badInput) {
            // Unknown preference or payment, unknown enum name, bad number: the message names no secret.
            return error(400, "bad_request", badInput.getMessage() == null ? "bad request" : badInput.getMessage(), List.of());
        }
        return error(404, "not_found", "no such control", List.of());
    }

    private Reply controlAnswer(long paymentId) {
        Delivery last = null;
        for (Delivery delivery : deliveries) {
            if (delivery.paymentId() == paymentId) {
                last = delivery;
            }
        }
        ObjectNode out = SandboxJson.object().put("payment_id", paymentId);
        if (last != null) {
            out.put("webhook", last.mode().name().toLowerCase(Locale.ROOT)).put("receiver_status", last.receiverStatus());
        }
        return Reply.json(200, SandboxJson.bytes(out));
    }

    private static Webhook webhookOf(JsonNode args) {
        return args.hasNonNull("webhook") ? Webhook.valueOf(args.get("webhook").asText().toUpperCase(Locale.ROOT))
                : Webhook.SIGNED;
    }

    private static String required(JsonNode args, String field) {
        JsonNode value = args.get(field);
        if (value == null || value.isNull() || value.asText().isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value.asText();
    }

    private Reply checkoutPage(String preferenceId) {
        synchronized (lock) {
            Preference preference = preferenceId == null ? null : preferences.get(preferenceId);
            if (preference == null) {
                return Reply.text(404, "Mercado Pago sandbox: no such preference\n");
            }
            return Reply.text(200, "Mercado Pago sandbox checkout " + preference.id + "\n"
                    + "amount: " + plain(preference.amount).toPlainString() + " " + preference.currency + "\n"
                    + "The payer does not pay here: POST /mercadopago/sandbox/pay {\"preference_id\", \"outcome\"}"
                    + " (approved, rejected or pending).\n");
        }
    }

    // --- shared ----------------------------------------------------------------------------------

    private Preference preferenceFor(String preferenceOrInitPoint) {
        String id = preferenceOrInitPoint == null ? null : preferenceOrInitPoint.trim();
        if (id != null && id.contains("pref_id=")) {
            id = id.substring(id.indexOf("pref_id=") + "pref_id=".length());
            int end = id.indexOf('&');
            id = end < 0 ? id : id.substring(0, end);
        }
        Preference preference = id == null ? null : preferences.get(id);
        if (preference == null) {
            throw new IllegalArgumentException("Mercado Pago sandbox: no preference has this id or init_point");
        }
        return preference;
    }

    private Payment paymentFor(long paymentId) {
        Payment payment = payments.get(paymentId);
        if (payment == null) {
            throw new IllegalArgumentException("Mercado Pago sandbox: no payment has id " + paymentId);
        }
        return payment;
    }

    private static Reply paymentNotFound() {
        return error(404, "not_found", "Payment not found", List.of(cause(2000, "Payment not found")));
    }

    /** The v1 error body: {@code {"message","error","status","cause":[...]}}. */
    static Reply error(int status, String error, String message, List<ObjectNode> causes) {
        ObjectNode body = SandboxJson.object().put("message", message).put("error", error).put("status", status);
        ArrayNode list = body.putArray("cause");
        causes.forEach(list::add);
        return Reply.json(status, SandboxJson.bytes(body));
    }

    private static ObjectNode cause(int code, String description) {
        ObjectNode cause = SandboxJson.object().put("code", code).put("description", description);
        cause.putNull("data");
        return cause;
    }

    private static ObjectNode cause(String code, String description) {
        ObjectNode cause = SandboxJson.object().put("code", code).put("description", description);
        cause.putNull("data");
        return cause;
    }

    private static ObjectNode defaultPayer() {
        ObjectNode payer = SandboxJson.object().put("name", "").put("surname", "").put("email", "");
        payer.putObject("phone").put("area_code", "").putNull("number");
        payer.putObject("identification").put("type", "").put("number", "");
        payer.putObject("address").put("zip_code", "").put("street_name", "").putNull("street_number");
        return payer;
    }

    private static ObjectNode defaultPaymentMethods() {
        ObjectNode methods = SandboxJson.object();
        methods.putArray("excluded_payment_methods").addObject().put("id", "");
        methods.putArray("excluded_payment_types").addObject().put("id", "");
        methods.putNull("installments");
        methods.putNull("default_installments");
        return methods;
    }

    private static JsonNode textOrNull(JsonNode node) {
        return node == null || node.isNull() ? NullNode.getInstance() : node.deepCopy();
    }

    private String date(Instant instant) {
        return DATE.format(instant.atZone(clock.getZone()));
    }

    /** Amounts as Mercado Pago writes them: 100.5, not 100.50; 1000, not 1E+3. */
    private static BigDecimal plain(BigDecimal amount) {
        BigDecimal stripped = amount.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private static Long parseId(String text) {
        if (text == null || text.isEmpty() || text.length() > 18 || !text.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return Long.parseLong(text);
    }

    private static Integer integer(String text) {
        if (text == null || text.isEmpty() || text.length() > 9 || !text.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return Integer.parseInt(text);
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> values = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return values;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            values.putIfAbsent(name, value);
        }
        return values;
    }
}
