package dev.cobro.adapters.http.eightyeightpay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cobro.adapters.http.support.CobroJson;
import dev.cobro.adapters.http.support.FeignClients;
import dev.cobro.adapters.http.support.RedactingFeignLogger;
import dev.cobro.adapters.http.support.Redaction;
import dev.cobro.adapters.http.support.TransportFailure;
import dev.cobro.application.port.out.ChargeOutcome;
import dev.cobro.application.port.out.CheckoutCharge;
import dev.cobro.application.port.out.HostedCheckoutProviderPort;
import dev.cobro.application.port.out.ParsedNotification;
import dev.cobro.application.port.out.PreparedCharge;
import dev.cobro.application.port.out.ProviderConfigurationException;
import dev.cobro.application.port.out.ProviderExchange;
import dev.cobro.application.port.out.SessionPolicy;
import dev.cobro.application.port.out.MetricsPort;
import dev.cobro.application.port.out.TokenRequestLedgerPort;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.ValidationException;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * 88Pay's hosted checkout (seed "Token &amp; Payment Flow"): a short-lived token, then
 * {@code POST /api/transactions/charges} whose answer carries the {@code urlCheckout} the customer
 * pays on; the webhook to {@code notification_url} settles the payment later.
 * <p>
 * Every answer becomes an outcome. Only a connection that was never made, or a 429 that says
 * nothing was processed, is NOT_SENT; anything after sending without a usable answer (timeout,
 * 5xx, a body that is not the documented JSON) is UNKNOWN, because 88Pay publishes no status query
 * and a second charge could leave two live checkout links.
 */
public final class EightyEightPayCheckoutAdapter implements HostedCheckoutProviderPort {

    /**
     * What 88Pay traffic may show: the key and the token travel in headers, the token and its
     * session in the token answer's {@code access_token} and {@code session_id}.
     */
    static final Redaction REDACTION = new Redaction(
            Map.of("access_token", Redaction.Mask.FULL, "session_id", Redaction.Mask.FULL),
            Set.of("x-api-key", "Authorization", "x-session-id"));

    private static final TypeReference<Envelope<ChargeData>> CHARGE_ANSWER = new TypeReference<>() {
    };

    private final EightyEightPaySettings settings;
    private final EightyEightPayApi api;
    private final EightyEightPayTokenManager tokens;
    private final Clock clock;
    private final RateLimitWaiter waiter;
    private final EightyEightPayMapper mapper = new EightyEightPayMapperImpl();

    public EightyEightPayCheckoutAdapter(EightyEightPaySettings settings, TokenRequestLedgerPort ledger, Clock clock) {
        this(settings, ledger, clock, MetricsPort.NONE);
    }

    /** With the metrics its token requests are counted in. */
    public EightyEightPayCheckoutAdapter(EightyEightPaySettings settings, TokenRequestLedgerPort ledger, Clock clock,
                                         MetricsPort metrics) {
        this(settings, ledger, clock, RateLimitWaiter.sleeping(Objects.requireNonNull(clock, "clock")), metrics);
    }

    /** With the waiter that rate-limit waits go through, so that tests move a clock instead of sleeping. */
    EightyEightPayCheckoutAdapter(EightyEightPaySettings settings, TokenRequestLedgerPort ledger, Clock clock,
                                  RateLimitWaiter waiter) {
        this(settings, ledger, clock, waiter, MetricsPort.NONE);
    }

    private EightyEightPayCheckoutAdapter(EightyEightPaySettings settings, TokenRequestLedgerPort ledger, Clock clock,
                                          RateLimitWaiter waiter, MetricsPort metrics) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        REDACTION.rememberCredential(settings.apiKey());
        this.waiter = Objects.requireNonNull(waiter, "waiter");
        this.api = FeignClients.build(EightyEightPayApi.class, settings.baseUrl().trim(), settings.timeouts(),
                new RedactingFeignLogger(EightyEightPayCheckoutAdapter.class.getName(), REDACTION));
        this.tokens = new EightyEightPayTokenManager(api, settings.apiKey(), settings.merchantId(),
                Objects.requireNonNull(ledger, "ledger"), clock, waiter, settings.maxRateLimitWait(),
                Objects.requireNonNull(metrics, "metrics"));
    }

    @Override
    public ProviderId providerId() {
        return ProviderId.EIGHTY_EIGHT_PAY;
    }

    /**
     * Token requests this instance has sent to 88Pay, whatever their answer: each one counts
     * against the seed's 10-a-minute limit. Requests the ledger refused were never sent and are
     * not counted.
     */
    public long tokenRequests() {
        return tokens.requests();
    }

    @Override
    public PreparedCharge prepareCharge(CheckoutCharge charge, SessionPolicy policy) {
        Objects.requireNonNull(charge, "charge");
        Objects.requireNonNull(policy, "policy");
        String body;
        try {
            // Serialized once: the attempt row holds the redacted form of exactly these bytes.
            body = CobroJson.mapper().writeValueAsString(mapper.toRequest(charge.details()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the 88Pay charge body could not be written as JSON", e);
        }
        SessionToken token = tokens.obtain(policy);
        return new EightyEightPayPreparedCharge(body, REDACTION.body(body), token);
    }

    @Override
    public ChargeOutcome charge(PreparedCharge prepared) {
        if (!(prepared instanceof EightyEightPayPreparedCharge charge)) {
            throw new IllegalArgumentException("the 88Pay adapter sends only charges it prepared, not "
                    + (prepared == null ? "null" : prepared.getClass().getName()));
        }
        SessionToken token = charge.token();
        boolean tokenRenewed = false;
        boolean rateLimitWaited = false;
        while (true) {
            HttpReply reply;
            try {
                reply = HttpReply.read(api.charge(headers(token), charge.body()));
            } catch (IOException | RuntimeException e) {
                return transportFailure(e, token);
            }
            Envelope<ChargeData> answer = parse(reply.body());
            ProviderExchange exchange = exchange(reply, answer, token);
            if (reply.status() == 401) {
                if (tokenRenewed) {
                    return new ChargeOutcome.Rejected("88Pay refused a fresh access token of merchant "
                            + settings.merchantId() + " too (HTTP 401 twice): check the API key and merchant id"
                            + " of this environment", exchange);
                }
                // Seed: "Handle 401 errors by generating a fresh token and retrying", once.
                tokenRenewed = true;
                try {
                    token = tokens.renew(token);
                } catch (ProviderConfigurationException e) {
                    return new ChargeOutcome.Rejected(e.getMessage(), exchange);
                } catch (RuntimeException e) {
                    // The 401 means 88Pay did not process the charge, and no retry went out.
                    return new ChargeOutcome.NotSent("88Pay refused the token (HTTP 401) and no fresh one could be"
                            + " obtained: " + e.getMessage(), exchange);
                }
                continue;
            }
            if (reply.status() == 429) {
                Instant now = clock.instant();
                Instant until = RetryAfter.until(reply.header("Retry-After"),
                        answer == null ? null : answer.retryAfter(), now);
                if (!rateLimitWaited && !until.isAfter(now.plus(settings.maxRateLimitWait()))) {
                    rateLimitWaited = true;
                    try {
                        waiter.waitUntil(until);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return new ChargeOutcome.NotSent("interrupted while waiting out 88Pay's rate limit (HTTP"
                                + " 429); the charge was not processed", exchange);
                    }
                    continue;
                }
                return new ChargeOutcome.NotSent("88Pay rate-limited the charge (HTTP 429) until " + until
                        + "; it was not processed and may be sent again", exchange);
            }
            return judge(reply, answer, exchange, token);
        }
    }

    @Override
    public ParsedNotification parseNotification(String body) {
        if (body == null || body.isBlank()) {
            throw ValidationException.of("body", "is empty; an 88Pay notification is a JSON object", null);
        }
        JsonNode tree;
        try {
            tree = CobroJson.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw ValidationException.of("body", "is not JSON; an 88Pay notification is a JSON object", null);
        }
        if (tree == null || !tree.isObject()) {
            throw ValidationException.of("body", "must be a JSON object", null);
        }
        NotificationMessage message;
        try {
            message = CobroJson.mapper().treeToValue(tree, NotificationMessage.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            // Jackson's message may quote the body; the field types are what is wrong.
            throw ValidationException.of("body", "is not an 88Pay notification (a field has the wrong type)", null);
        }
        ParsedNotification parsed = mapper.toParsed(message);
        if (parsed.sessionId() == null && parsed.reference() == null) {
            throw ValidationException.of("transaction_id", "is required when the notification has no reference",
                    null);
        }
        return parsed;
    }

    @Override
    public String toString() {
        return "EightyEightPayCheckoutAdapter[baseUrl=" + settings.baseUrl() + ", merchantId="
                + settings.merchantId() + "]";
    }

    private ChargeOutcome judge(HttpReply reply, Envelope<ChargeData> answer, ProviderExchange exchange,
                                SessionToken token) {
        int status = reply.status();
        if (reply.isSuccessful()) {
            if (answer == null || answer.status() == null) {
                return new ChargeOutcome.Unknown("88Pay answered HTTP " + status + " with a body that is not the"
                        + " documented JSON; the charge may exist", exchange);
            }
            if (answer.isError()) {
                return new ChargeOutcome.Rejected("88Pay refused the charge (status Error"
                        + messageSuffix(exchange) + ")", exchange);
            }
            ChargeData data = answer.data();
            if (answer.isSuccess() && data != null && data.urlCheckout() != null && !data.urlCheckout().isBlank()) {
                return mapper.toAccepted(data, token.sessionId(), exchange);
            }
            return new ChargeOutcome.Unknown("88Pay answered HTTP " + status + " without status Success and a"
                    + " urlCheckout; the charge may exist", exchange);
        }
        if (status == 403) {
            return new ChargeOutcome.Rejected("88Pay refused merchant " + settings.merchantId() + " (HTTP 403"
                    + messageSuffix(exchange) + "): check that the credentials belong to this environment and that"
                    + " the method is enabled for the merchant", exchange);
        }
        if (status >= 400 && status < 500) {
            // 400, 404, 422 ("Method Not Available"): refused before processing.
            return new ChargeOutcome.Rejected("88Pay rejected the charge (HTTP " + status
                    + messageSuffix(exchange) + ")", exchange);
        }
        return new ChargeOutcome.Unknown("88Pay answered HTTP " + status + " after the charge was sent"
                + messageSuffix(exchange) + "; it may exist, and 88Pay publishes no status query", exchange);
    }

    private ChargeOutcome transportFailure(Throwable e, SessionToken token) {
        String what = safe(TransportFailure.describe(e));
        ProviderExchange nothing = new ProviderExchange(null, null, what, null);
        if (TransportFailure.classify(e) == TransportFailure.NOT_SENT) {
            return new ChargeOutcome.NotSent("88Pay could not be reached (" + what + "); nothing was sent",
                    nothing);
        }
        return new ChargeOutcome.Unknown("no answer from 88Pay after the charge was sent (" + what
                + "); it may exist", nothing);
    }

    private ProviderExchange exchange(HttpReply reply, Envelope<ChargeData> answer, SessionToken token) {
        return new ProviderExchange(reply.status(), answer == null ? null : safe(answer.code()),
                answer == null ? null : safe(answer.message()), REDACTION.body(reply.body()));
    }

    private static Map<String, Object> headers(SessionToken token) {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + token.accessToken());
        headers.put("x-session-id", token.sessionId());
        return headers;
    }

    private static String messageSuffix(ProviderExchange exchange) {
        return exchange.providerMessage() == null || exchange.providerMessage().isBlank() ? ""
                : ": " + exchange.providerMessage();
    }

    /**
     * A provider's words and library messages pass here before they are kept: the key, every token
     * and session the manager obtained are known to the redaction, so none of them survives.
     */
    private static String safe(String text) {
        return REDACTION.text(text);
    }

    private static Envelope<ChargeData> parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return CobroJson.mapper().readValue(body, CHARGE_ANSWER);
        } catch (IOException | RuntimeException notTheDocumentedJson) {
            return null;
        }
    }
}
