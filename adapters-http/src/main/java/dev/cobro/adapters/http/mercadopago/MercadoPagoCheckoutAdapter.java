package dev.cobro.adapters.http.mercadopago;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cobro.adapters.http.support.ProviderAccountAdapter;
import dev.cobro.adapters.http.support.CobroJson;
import dev.cobro.adapters.http.support.FeignClients;
import dev.cobro.adapters.http.support.HttpExchange;
import dev.cobro.adapters.http.support.RedactingFeignLogger;
import dev.cobro.adapters.http.support.PreparedRequest;
import dev.cobro.adapters.http.support.Redaction;
import dev.cobro.application.port.out.CheckoutCharge;
import dev.cobro.application.port.out.CheckoutCreated;
import dev.cobro.application.port.out.HostedCheckoutProviderPort;
import dev.cobro.application.port.out.ParsedNotification;
import dev.cobro.application.port.out.PreparedCall;
import dev.cobro.application.port.out.PreparedCharge;
import dev.cobro.application.port.out.ProviderExchange;
import dev.cobro.application.port.out.ProviderOutcome;
import dev.cobro.application.port.out.ProviderUnavailableException;
import dev.cobro.application.port.out.RefundCall;
import dev.cobro.application.port.out.RefundProviderPort;
import dev.cobro.domain.payment.Country;
import dev.cobro.domain.payment.PaymentId;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.Money;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.ValidationException;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Mercado Pago Checkout Pro: a checkout is a preference ({@code POST /checkout/preferences}) whose
 * {@code init_point} the customer pays on. A notification names a payment of the preference; it is
 * confirmed by reading that payment ({@code GET /v1/payments/{id}}) with Cobro's own token, and only
 * what the API answers counts.
 * <p>
 * Decisions where Mercado Pago publishes nothing:
 * <ul>
 *   <li>{@code X-Idempotency-Key} is documented for payments and refunds only; it is sent on the
 *       preference anyway, derived from Cobro's payment id, so that a re-send of the same payment
 *       (after NOT_SENT) is the same request, never a random key per try (sdk-java's default).</li>
 *   <li>CLP and COP take whole numbers (the API's own error text and Mercado Pago's plugins say so,
 *       the docs do not), every other currency at most 2 decimals: an amount that does not fit is
 *       refused, never rounded.</li>
 *   <li>The answer to a created preference is taken as 201 (200 is accepted too).</li>
 *   <li>{@code external_reference} is Cobro's payment id, not the merchant reference: it is what
 *       Cobro's signed notification URL names, so the fetched payment is compared with it directly,
 *       and it is unique even when one merchant reference is used with several providers.</li>
 *   <li>A preference alone moves no money (only a payment made on it does): so when a preference's
 *       creation went unanswered and {@link #lookup} finds no payment of it, the resolver sends the
 *       same preference again under the same key, which makes at most the one preference.</li>
 *   <li>A refund's answer is read by its {@code status}: {@code approved} is made, {@code rejected}
 *       or {@code cancelled} refused, anything else ({@code in_process}) not decided yet and so
 *       UNKNOWN: the payment's later report says how it ended. A refund of the whole payment goes
 *       with an empty body, as the reference says; any other with its amount.</li>
 * </ul>
 * Mercado Pago has no session: the payment id sent as {@code external_reference} stands in for it
 * ({@link PreparedCharge#sessionId()}), since it is what a fetched payment names its checkout by (a
 * payment carries no preference id).
 */
public final class MercadoPagoCheckoutAdapter extends ProviderAccountAdapter implements HostedCheckoutProviderPort, RefundProviderPort {

    /** The adapter's provider id; the name lives here only, never in domain or application. */
    public static final ProviderId PROVIDER = ProviderId.of("mercadopago");

    /**
     * The access token travels only in the Authorization header; no request or answer body holds a
     * secret. The idempotency key names Cobro's payment and is no secret: logs show it.
     */
    static final Redaction REDACTION = new Redaction(Map.of(), Set.of("Authorization"));

    /** Currencies Mercado Pago takes in whole numbers only. */
    private static final Set<String> WHOLE_NUMBER_CURRENCIES = Set.of("CLP", "COP");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx")
            .withZone(ZoneOffset.UTC);
    private static final String NAME = "Mercado Pago";
    /** How many of a preference's payments a lookup reads, newest first. */
    static final int LOOKUP_LIMIT = 30;

    private final MercadoPagoSettings settings;
    private final Duration checkoutLifetime;
    private final Clock clock;
    private final MercadoPagoApi api;

    /**
     * @param checkoutLifetime how long a checkout waits for its payment: the preference is payable for
     *                         exactly as long (Cobro expires the payment after it)
     */
    public MercadoPagoCheckoutAdapter(AccountId account, Set<Country> countries, MercadoPagoSettings settings,
                                      Duration checkoutLifetime, Clock clock) {
        super(PROVIDER, account, countries);
        this.settings = Objects.requireNonNull(settings, "settings");
        this.checkoutLifetime = Objects.requireNonNull(checkoutLifetime, "checkoutLifetime");
        this.clock = Objects.requireNonNull(clock, "clock");
        REDACTION.rememberCredential(settings.accessToken());
        REDACTION.rememberCredential(settings.webhookSecret());
        this.api = FeignClients.build(MercadoPagoApi.class, settings.baseUrl().trim(), settings.timeouts(),
                new RedactingFeignLogger(MercadoPagoCheckoutAdapter.class.getName(), REDACTION));
    }

    /** The key of one payment's preference: the same on every send of that payment (at most 64 characters). */
    static String idempotencyKey(CheckoutCharge charge) {
        return "cobro-checkout-" + charge.paymentId().value();
    }

    @Override
    public PreparedCharge prepareCharge(CheckoutCharge charge) {
        Objects.requireNonNull(charge, "charge");
        Money money = charge.details().money();
        String currency = money.currency().getCurrencyCode();
        BigDecimal amount = money.amount().stripTrailingZeros();
        int allowed = WHOLE_NUMBER_CURRENCIES.contains(currency) ? 0 : 2;
        if (Math.max(amount.scale(), 0) > allowed) {
            throw ValidationException.of("amount", allowed == 0 ? "must be a whole number in " + currency
                            + " for Mercado Pago (it is refused, not rounded)"
                            : "must have at most 2 decimals for Mercado Pago (it is refused, not rounded)",
                    money.amount().toPlainString());
        }
        // The window starts when the payment was requested, not when this try is prepared: a re-send
        // is then byte for byte the first request under the same key.
        Instant from = charge.requestedAt() != null ? charge.requestedAt() : clock.instant();
        String returnUrl = charge.details().returnUrl().value();
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("title", charge.details().description().value());
        item.put("quantity", 1);
        item.put("currency_id", currency);
        item.put("unit_price", amount.setScale(Math.max(amount.scale(), 0)));
        Map<String, Object> backUrls = new LinkedHashMap<>();
        backUrls.put("success", orElse(settings.successUrl(), returnUrl));
        backUrls.put("pending", orElse(settings.pendingUrl(), returnUrl));
        backUrls.put("failure", orElse(settings.failureUrl(), returnUrl));
        Map<String, Object> preference = new LinkedHashMap<>();
        preference.put("items", List.of(item));
        preference.put("external_reference", charge.paymentId().value().toString());
        preference.put("notification_url", charge.notificationUrl());
        preference.put("back_urls", backUrls);
        preference.put("expires", true);
        preference.put("expiration_date_from", DATE.format(from));
        preference.put("expiration_date_to", DATE.format(from.plus(checkoutLifetime)));
        Redaction.Serialized body;
        try {
            body = REDACTION.serialize(preference);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the Mercado Pago preference could not be written as JSON", e);
        }
        return new MercadoPagoPreparedPreference(body, idempotencyKey(charge),
                charge.paymentId().value().toString());
    }

    @Override
    public ProviderOutcome<CheckoutCreated> charge(PreparedCharge prepared) {
        MercadoPagoPreparedPreference preference = PreparedRequest.ours(prepared, MercadoPagoPreparedPreference.class,
                NAME, "preferences");
        Map<String, Object> headers = authorization();
        headers.put("X-Idempotency-Key", preference.idempotencyKey());
        HttpExchange exchange = HttpExchange.of(() -> api.createPreference(headers, preference.body()));
        if (exchange instanceof HttpExchange.Failed failed) {
            String reason = REDACTION.text(failed.reason());
            return failed.outcome(NAME, "preference", reason, new ProviderExchange(null, null, reason, null));
        }
        return judge((HttpExchange.Answered) exchange);
    }

    private ProviderOutcome<CheckoutCreated> judge(HttpExchange.Answered reply) {
        JsonNode answer = read(reply.body());
        ProviderExchange exchange = new ProviderExchange(reply.status(), text(answer, "error"),
                REDACTION.text(text(answer, "message")), REDACTION.body(reply.body()));
        int status = reply.status();
        if (reply.isSuccessful()) {
            String id = text(answer, "id");
            String initPoint = text(answer, "init_point");
            if (id == null || initPoint == null || initPoint.isBlank()) {
                return ProviderOutcome.unknown(NAME + " answered HTTP " + status + " without a preference id and an"
                        + " init_point; the preference may exist", exchange);
            }
            JsonNode item = answer.path("items").path(0);
            BigDecimal echoed = item.path("unit_price").isNumber() ? item.path("unit_price").decimalValue() : null;
            String echoedCurrency = item.path("currency_id").isTextual() ? item.path("currency_id").asText() : null;
            return ProviderOutcome.succeeded(new CheckoutCreated(id, initPoint, echoed, echoedCurrency), exchange);
        }
        return refused("preference", status, exchange);
    }

    /**
     * A call Mercado Pago answered with an error, as an outcome: the same reading for a preference
     * and a refund. Past the credentials, 429 (not processed) and 409 (the key's call exists, made
     * from another body), a 4xx is a refusal and anything else may have been processed.
     */
    private <S> ProviderOutcome<S> refused(String call, int status, ProviderExchange exchange) {
        String said = exchange.providerMessage() == null ? "" : ": " + exchange.providerMessage();
        if (status == 401 || status == 403) {
            return ProviderOutcome.rejected(NAME + " refused the access token of account " + account() + " (HTTP "
                    + status + said + "): check the account's configuration (access token, production or test)",
                    exchange);
        }
        if (status == 429) {
            return ProviderOutcome.notSent(NAME + " rate-limited the " + call + " (HTTP 429); it was not processed"
                    + " and may be sent again", exchange);
        }
        if (status == 409) {
            // sdk-java's idempotency conflict: a call under this key exists, made from another body.
            return ProviderOutcome.unknown(NAME + " answered HTTP 409 (idempotency conflict)" + said
                    + "; a " + call + " under this key may exist", exchange);
        }
        if (status >= 400 && status < 500) {
            return ProviderOutcome.rejected(NAME + " rejected the " + call + " (HTTP " + status + said + ")", exchange);
        }
        return ProviderOutcome.unknown(NAME + " answered HTTP " + status + " after the " + call + " was sent" + said
                + "; it may have been processed", exchange);
    }

    /**
     * A refund of the payment that settled the checkout ({@code POST /v1/payments/{id}/refunds}):
     * an empty body refunds the whole payment, {@code {"amount": x}} a part of it, and the
     * idempotency key is Cobro's refund's, the same on every send of that refund.
     */
    @Override
    public PreparedCall prepareRefund(RefundCall refund) {
        String id = refund.providerPaymentId();
        if (id == null || !id.matches("[0-9]{1,19}")) {
            throw new IllegalArgumentException("payment " + refund.paymentId() + " names no Mercado Pago payment id");
        }
        String body = "";
        if (!refund.whole()) {
            try {
                body = REDACTION.serialize(Map.of("amount", refund.amount().amount().stripTrailingZeros())).body();
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("the Mercado Pago refund could not be written as JSON", e);
            }
        }
        return new PreparedRefund(id, body, refund.idempotencyKey());
    }

    @Override
    public ProviderOutcome<String> refund(PreparedCall prepared) {
        PreparedRefund refund = PreparedRequest.ours(prepared, PreparedRefund.class, NAME, "refunds");
        Map<String, Object> headers = authorization();
        headers.put("X-Idempotency-Key", refund.idempotencyKey());
        HttpExchange exchange = HttpExchange.of(() -> api.refund(headers, refund.paymentId(), refund.request().body()));
        if (exchange instanceof HttpExchange.Failed failed) {
            String reason = REDACTION.text(failed.reason());
            return failed.outcome(NAME, "refund", reason, new ProviderExchange(null, null, reason, null));
        }
        HttpExchange.Answered reply = (HttpExchange.Answered) exchange;
        JsonNode answer = read(reply.body());
        String status = text(answer, "status");
        ProviderExchange recorded = new ProviderExchange(reply.status(), reply.isSuccessful() ? status
                : text(answer, "error"), REDACTION.text(text(answer, "message")), REDACTION.body(reply.body()));
        if (!reply.isSuccessful()) {
            return refused("refund", reply.status(), recorded);
        }
        // in_process: Mercado Pago has not decided yet; the payment's later report says how it ended.
        return switch (status == null ? "" : status) {
            case "approved" -> ProviderOutcome.succeeded(text(answer, "id"), recorded);
            case "rejected", "cancelled" -> ProviderOutcome.declined(null, NAME + " refused the refund (status "
                    + status + ")", recorded);
            default -> ProviderOutcome.unknown(NAME + " answered HTTP " + reply.status() + " with refund status "
                    + (status == null ? "none" : "'" + status + "'") + "; it may still be made", recorded);
        };
    }

    /** A refund prepared: the payment it refunds, its body (empty for the whole) and its key. */
    /** A refund's body holds only its amount: the request line and that body are what is recorded. */
    private record PreparedRefund(PreparedRequest request, String paymentId, String idempotencyKey)
            implements PreparedCall {

        PreparedRefund(String paymentId, String body, String idempotencyKey) {
            this(new PreparedRequest(body, "POST /v1/payments/" + paymentId + "/refunds "
                    + (body.isEmpty() ? "(whole payment)" : body)), paymentId, idempotencyKey);
        }

        @Override
        public String redactedRequest() {
            return request.redactedRequest();
        }
    }

    /**
     * A webhook's body: {@code {"action","data":{"id"},"type",…}}. It says which payment changed and
     * nothing that counts: the status, amount and currency come from {@link #confirm}.
     */
    @Override
    public ParsedNotification parseNotification(String body) {
        JsonNode tree = body == null || body.isBlank() ? null : read(body);
        if (tree == null || !tree.isObject()) {
            throw ValidationException.of("body", "is not a JSON object; a Mercado Pago notification is one", null);
        }
        String type = text(tree, "type");
        if (type != null && !"payment".equals(type)) {
            throw ValidationException.of("type", "is not 'payment': Cobro reads payment notifications only", type);
        }
        JsonNode id = tree.path("data").path("id");
        String paymentId = id.isTextual() || id.isNumber() ? id.asText() : null;
        if (paymentId == null || paymentId.isBlank()) {
            throw ValidationException.of("data.id", "is required", null);
        }
        return new ParsedNotification(null, paymentId, text(tree, "action"), null, null, null);
    }

    /**
     * Reads the payment the notification names ({@code data.id} of the query string, which
     * {@code x-signature} covers; the body's when the query has none) and answers what the API says:
     * its {@code external_reference} as the session (Cobro's payment id), its id as the reference,
     * its status, amount and currency.
     * <p>
     * Status meanings (Mercado Pago does not define which are final): {@code approved} settles the
     * checkout; every other status of a payment leaves the checkout open (a rejected or cancelled
     * try may be followed by another payment of the same preference; pending and in_process may
     * still be approved), so they map to the open checkout's own status and change nothing.
     * After success: {@code refunded} is REFUNDED, {@code charged_back} CHARGED_BACK, and
     * {@code approved} with {@code transaction_amount_refunded} above zero (a partial refund leaves
     * the payment approved) PARTIALLY_REFUNDED, with the refunded amount as the API states it.
     */
    @Override
    public ParsedNotification confirm(ParsedNotification notification, String url) {
        String paymentId = queryParameter(url, "data.id");
        if (paymentId == null) {
            paymentId = notification.reference();
        }
        if (paymentId == null || !paymentId.matches("[0-9]{1,19}")) {
            throw new ProviderUnavailableException("the notification names no numeric Mercado Pago payment id");
        }
        String id = paymentId;
        HttpExchange exchange = HttpExchange.of(() -> api.payment(authorization(), id));
        if (exchange instanceof HttpExchange.Failed failed) {
            throw new ProviderUnavailableException(NAME + " could not be asked about payment " + id + " ("
                    + REDACTION.text(failed.reason()) + ")");
        }
        HttpExchange.Answered reply = (HttpExchange.Answered) exchange;
        JsonNode payment = read(reply.body());
        if (!reply.isSuccessful() || payment == null || !payment.isObject()) {
            throw new ProviderUnavailableException(NAME + " answered HTTP " + reply.status() + " when asked about"
                    + " payment " + id);
        }
        return payment(payment, id);
    }

    /**
     * A payment as the API answered it: its {@code external_reference} as the session (Cobro's payment
     * id), its id as the reference, its status, amount and currency. One reading for a notification's
     * confirmation and for a lookup.
     */
    private static ParsedNotification payment(JsonNode payment, String id) {
        String status = text(payment, "status");
        JsonNode amount = payment.path("transaction_amount");
        JsonNode refunded = payment.path("transaction_amount_refunded");
        BigDecimal refundedAmount = refunded.isNumber() ? refunded.decimalValue() : null;
        PaymentStatus mapped = "approved".equals(status) && refundedAmount != null && refundedAmount.signum() > 0
                ? PaymentStatus.PARTIALLY_REFUNDED : map(status);
        return new ParsedNotification(text(payment, "external_reference"), payment.path("id").asText(id), status,
                mapped, amount.isNumber() ? amount.decimalValue() : null, text(payment, "currency_id"), refundedAmount);
    }

    /**
     * Searches the payments whose {@code external_reference} is the checkout's payment id, newest
     * first (the search Mercado Pago advises when the outcome is unknown or no webhook came). Each is
     * read as {@link #confirm} reads one, so the resolver judges it as it judges a confirmed
     * notification. The first {@value #LOOKUP_LIMIT} are read: a preference sees a few tries, and
     * when more exist than were read none of them is taken as "no payment" (the caller sees a
     * non-empty list).
     */
    @Override
    public Optional<List<ParsedNotification>> lookup(PaymentId payment, String providerReference) {
        String reference = payment.value().toString();
        HttpExchange exchange = HttpExchange.of(() -> api.searchPayments(authorization(), reference, LOOKUP_LIMIT));
        if (exchange instanceof HttpExchange.Failed failed) {
            throw new ProviderUnavailableException(NAME + " could not be asked about the payments of payment "
                    + reference + " (" + REDACTION.text(failed.reason()) + ")");
        }
        HttpExchange.Answered reply = (HttpExchange.Answered) exchange;
        JsonNode answer = read(reply.body());
        JsonNode results = answer == null ? null : answer.path("results");
        if (!reply.isSuccessful() || results == null || !results.isArray()) {
            throw new ProviderUnavailableException(NAME + " answered HTTP " + reply.status() + " when asked about"
                    + " the payments of payment " + reference);
        }
        List<ParsedNotification> found = new ArrayList<>();
        results.forEach(result -> found.add(payment(result, null)));
        return Optional.of(List.copyOf(found));
    }

    static PaymentStatus map(String status) {
        if (status == null) {
            return null;
        }
        return switch (status) {
            case "approved" -> PaymentStatus.SUCCEEDED;
            case "refunded" -> PaymentStatus.REFUNDED;
            case "charged_back" -> PaymentStatus.CHARGED_BACK;
            case "pending", "in_process", "authorized", "rejected", "cancelled" -> PaymentStatus.AWAITING_CUSTOMER;
            default -> null;
        };
    }

    private Map<String, Object> authorization() {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + settings.accessToken());
        return headers;
    }

    static String queryParameter(String url, String name) {
        if (url == null) {
            return null;
        }
        String query;
        try {
            query = URI.create(url.trim()).getRawQuery();
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static String orElse(String value, String fallback) {
        return value != null ? value : fallback;
    }

    private static JsonNode read(String body) {
        try {
            return CobroJson.mapper().readTree(body);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return null;
        }
    }

    /** A field as text; Mercado Pago's error {@code status} is sometimes a string, sometimes a number. */
    private static String text(JsonNode node, String field) {
        if (node == null) {
            return null;
        }
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() ? value.asText() : null;
    }

    @Override
    public String toString() {
        return "MercadoPagoCheckoutAdapter[account=" + account() + ", baseUrl=" + settings.baseUrl() + "]";
    }
}
