package dev.cobro.adapters.http.eightyeightpay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.cobro.adapters.http.support.ProviderAccountAdapter;
import dev.cobro.adapters.http.support.CobroJson;
import dev.cobro.adapters.http.support.FeignClients;
import dev.cobro.adapters.http.support.RedactingFeignLogger;
import dev.cobro.adapters.http.support.PreparedRequest;
import dev.cobro.adapters.http.support.Redaction;
import dev.cobro.adapters.http.support.HttpExchange;
import dev.cobro.adapters.http.support.TokenRenewal;
import dev.cobro.application.port.out.CheckoutCharge;
import dev.cobro.application.port.out.CheckoutCreated;
import dev.cobro.application.port.out.HostedCheckoutProviderPort;
import dev.cobro.application.port.out.ParsedNotification;
import dev.cobro.application.port.out.PreparedCharge;
import dev.cobro.application.port.out.ProviderConfigurationException;
import dev.cobro.application.port.out.ProviderExchange;
import dev.cobro.application.port.out.ProviderOutcome;
import dev.cobro.application.port.out.MetricsPort;
import dev.cobro.application.port.out.ProviderTokenStorePort;
import dev.cobro.application.port.out.TokenRequestLedgerPort;
import dev.cobro.application.service.InMemoryProviderTokenStore;
import dev.cobro.domain.payment.Country;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.ValidationException;

import java.time.Clock;
import java.time.Duration;
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
public final class EightyEightPayCheckoutAdapter extends ProviderAccountAdapter implements HostedCheckoutProviderPort {

    /**
     * What 88Pay traffic may show: the key and the token travel in headers, the token and its
     * session in the token answer's {@code access_token} and {@code session_id}.
     */
    static final Redaction REDACTION = new Redaction(
            Map.of("access_token", Redaction.Mask.FULL, "session_id", Redaction.Mask.FULL,
                    // A webhook's transaction_id is the session of the charge's token.
                    "transaction_id", Redaction.Mask.FULL, "transactionid", Redaction.Mask.FULL),
            Set.of("x-api-key", "Authorization", "x-session-id"));

    private static final ObjectReader CHARGE_ANSWER = Envelope.reader(new TypeReference<Envelope<ChargeData>>() {
    });

    private final EightyEightPaySettings settings;
    private final EightyEightPayApi api;
    private final EightyEightPayTokenManager tokens;
    private final Clock clock;
    private final RateLimitWaiter waiter;
    private final EightyEightPayMapper mapper = new EightyEightPayMapperImpl();

    /**
     * For a Cobro that is the only user of its 88Pay merchant: the token is kept in this process.
     * Several instances share one token through {@link #EightyEightPayCheckoutAdapter(EightyEightPaySettings,
     * TokenRequestLedgerPort, ProviderTokenStorePort, Clock, MetricsPort)}.
     */
    public EightyEightPayCheckoutAdapter(EightyEightPaySettings settings, TokenRequestLedgerPort ledger, Clock clock) {
        this(settings, ledger, new InMemoryProviderTokenStore(clock), clock, MetricsPort.NONE);
    }

    /**
     * With the token store every instance on one database shares (ARCHITECTURE.md, several instances) and
     * the metrics its token requests are counted in.
     */
    public EightyEightPayCheckoutAdapter(EightyEightPaySettings settings, TokenRequestLedgerPort ledger,
                                         ProviderTokenStorePort tokenStore, Clock clock, MetricsPort metrics) {
        this(settings, ledger, tokenStore, clock, RateLimitWaiter.sleeping(Objects.requireNonNull(clock, "clock")),
                metrics);
    }

    /** With the waiter that rate-limit waits go through, so that tests move a clock instead of sleeping. */
    EightyEightPayCheckoutAdapter(EightyEightPaySettings settings, TokenRequestLedgerPort ledger, Clock clock,
                                  RateLimitWaiter waiter) {
        this(settings, ledger, new InMemoryProviderTokenStore(clock), clock, waiter, MetricsPort.NONE);
    }

    EightyEightPayCheckoutAdapter(EightyEightPaySettings settings, TokenRequestLedgerPort ledger,
                                  ProviderTokenStorePort tokenStore, Clock clock, RateLimitWaiter waiter) {
        this(settings, ledger, tokenStore, clock, waiter, MetricsPort.NONE);
    }

    private EightyEightPayCheckoutAdapter(EightyEightPaySettings settings, TokenRequestLedgerPort ledger,
                                          ProviderTokenStorePort tokenStore, Clock clock, RateLimitWaiter waiter,
                                          MetricsPort metrics) {
        this(AccountId.DEFAULT, Set.of(), settings, ledger, tokenStore, clock, waiter, metrics);
    }

    /**
     * One account of 88Pay (a merchant id, 88Pay issues one per country): its own credentials, its
     * token row (provider, account) shared by every instance, and the countries whose checkouts it
     * takes when they name no account (ISO alpha-3; may be empty).
     */
    public EightyEightPayCheckoutAdapter(AccountId account, Set<Country> countries, EightyEightPaySettings settings,
                                         TokenRequestLedgerPort ledger, ProviderTokenStorePort tokenStore,
                                         Clock clock, MetricsPort metrics) {
        this(account, countries, settings, ledger, tokenStore, clock,
                RateLimitWaiter.sleeping(Objects.requireNonNull(clock, "clock")), metrics);
    }

    EightyEightPayCheckoutAdapter(AccountId account, Set<Country> countries, EightyEightPaySettings settings,
                                  TokenRequestLedgerPort ledger, ProviderTokenStorePort tokenStore, Clock clock,
                                  RateLimitWaiter waiter, MetricsPort metrics) {
        super(ProviderId.EIGHTY_EIGHT_PAY, account, countries);
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        REDACTION.rememberCredential(settings.apiKey());
        REDACTION.rememberCredential(settings.webhookSecret());
        this.waiter = Objects.requireNonNull(waiter, "waiter");
        this.api = FeignClients.build(EightyEightPayApi.class, settings.baseUrl().trim(), settings.timeouts(),
                new RedactingFeignLogger(EightyEightPayCheckoutAdapter.class.getName(), REDACTION));
        this.tokens = new EightyEightPayTokenManager(api, settings.apiKey(), settings.merchantId(), account.value(),
                Objects.requireNonNull(ledger, "ledger"), Objects.requireNonNull(tokenStore, "tokenStore"), clock,
                waiter, settings.maxRateLimitWait(), Objects.requireNonNull(metrics, "metrics"));
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
    public PreparedCharge prepareCharge(CheckoutCharge charge) {
        Objects.requireNonNull(charge, "charge");
        Redaction.Serialized body;
        try {
            // Serialized once: the attempt row holds the redacted form of exactly these bytes, made in the same pass.
            body = REDACTION.serialize(mapper.toRequest(charge));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the 88Pay charge body could not be written as JSON", e);
        }
        SessionToken token = tokens.obtain();
        return new EightyEightPayPreparedCharge(body, token);
    }

    @Override
    public ProviderOutcome<CheckoutCreated> charge(PreparedCharge prepared) {
        EightyEightPayPreparedCharge charge = PreparedRequest.ours(prepared, EightyEightPayPreparedCharge.class, "88Pay",
                "charges");
        RateLimit rateLimit = new RateLimit();
        // Seed: "Handle 401 errors by generating a fresh token and retrying", once. The charge then
        // names the token it last went out under, whatever the outcome: a notification is matched on its session.
        TokenRenewal.Sent<SessionToken> sent = TokenRenewal.send(charge.token(), tokens::renew, token -> {
            charge.sentUnder(token);
            return sendWaitingOutOneRateLimit(token, charge.body(), rateLimit);
        });
        if (sent instanceof TokenRenewal.NotRenewed<SessionToken> notRenewed) {
            ProviderExchange exchange = exchange(notRenewed.unauthorized(), read(notRenewed.unauthorized()));
            if (notRenewed.problem() instanceof ProviderConfigurationException refused) {
                return ProviderOutcome.rejected(refused.getMessage(), exchange);
            }
            // The 401 means 88Pay did not process the charge, and no retry went out.
            return ProviderOutcome.notSent("88Pay refused the token (HTTP 401) and no fresh one could be"
                    + " obtained: " + notRenewed.problem().getMessage(), exchange);
        }
        HttpExchange exchange = ((TokenRenewal.Exchanged<SessionToken>) sent).exchange();
        if (exchange instanceof HttpExchange.Failed failed) {
            String reason = safe(failed.reason());
            return failed.outcome("88Pay", "charge", reason, new ProviderExchange(null, null, reason, null));
        }
        return judge((HttpExchange.Answered) exchange, rateLimit);
    }

    /** A charge's wait on 88Pay's rate limit: at most one, no longer than the setting allows. */
    private static final class RateLimit {
        boolean waited;
        boolean interrupted;
        Instant until;
    }

    /**
     * Sends the charge; a 429 (nothing processed) is waited out once when its wait is allowed, then
     * the charge goes again. The last exchange is returned, a 429 included.
     */
    private HttpExchange sendWaitingOutOneRateLimit(SessionToken token, String body, RateLimit rateLimit) {
        while (true) {
            HttpExchange exchange = HttpExchange.of(() -> api.charge(headers(token), body));
            if (!(exchange instanceof HttpExchange.Answered reply) || reply.status() != 429) {
                return exchange;
            }
            Envelope<ChargeData> answer = parse(reply.body());
            Instant now = clock.instant();
            Duration wait = RetryAfter.wait(reply.header("Retry-After"), answer == null ? null : answer.retryAfter(),
                    now);
            rateLimit.until = now.plus(wait);
            if (rateLimit.waited || wait.compareTo(settings.maxRateLimitWait()) > 0) {
                return exchange;
            }
            rateLimit.waited = true;
            try {
                waiter.waitUntil(rateLimit.until);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                rateLimit.interrupted = true;
                return exchange;
            }
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

    /** {@code transaction_id} is the token's session: masked, as in every other 88Pay text Cobro keeps. */
    @Override
    public String redactedNotificationBody(String body) {
        return REDACTION.body(body);
    }

    @Override
    public String toString() {
        return "EightyEightPayCheckoutAdapter[baseUrl=" + settings.baseUrl() + ", merchantId="
                + settings.merchantId() + "]";
    }

    private ProviderOutcome<CheckoutCreated> judge(HttpExchange.Answered reply, RateLimit rateLimit) {
        Redaction.Read<Envelope<ChargeData>> read = read(reply);
        Envelope<ChargeData> answer = read.value();
        ProviderExchange exchange = exchange(reply, read);
        int status = reply.status();
        if (status == 401) {
            // A first 401 was renewed: this one refused the fresh token too.
            return ProviderOutcome.rejected("88Pay refused a fresh access token of merchant " + settings.merchantId()
                    + " too (HTTP 401 twice): check the API key and merchant id of this environment", exchange);
        }
        if (status == 429) {
            // Nothing was processed: NOT_SENT.
            return ProviderOutcome.notSent(rateLimit.interrupted ? "interrupted while waiting out 88Pay's rate limit"
                    + " (HTTP 429); the charge was not processed" : "88Pay rate-limited the charge (HTTP 429) until "
                    + rateLimit.until + "; it was not processed and may be sent again", exchange);
        }
        if (reply.isSuccessful()) {
            if (answer == null || answer.status() == null) {
                return ProviderOutcome.unknown("88Pay answered HTTP " + status + " with a body that is not the"
                        + " documented JSON; the charge may exist", exchange);
            }
            if (answer.isError()) {
                // The envelope's code is the status that counts, as on the token path: a 5xx in it says
                // the server failed while handling the charge, which may exist (UNKNOWN, never REJECTED).
                int code = envelopeCode(answer);
                if (code >= 500) {
                    return ProviderOutcome.unknown("88Pay answered status Error with code " + code
                            + messageSuffix(exchange) + "; the charge may exist", exchange);
                }
                if (code == 429) {
                    return ProviderOutcome.notSent("88Pay rate-limited the charge (status Error, code 429); it"
                            + " was not processed and may be sent again", exchange);
                }
                return ProviderOutcome.rejected("88Pay refused the charge (status Error"
                        + messageSuffix(exchange) + ")", exchange);
            }
            ChargeData data = answer.data();
            if (answer.isSuccess() && data != null && data.urlCheckout() != null && !data.urlCheckout().isBlank()) {
                return ProviderOutcome.succeeded(mapper.toCreated(data), exchange);
            }
            return ProviderOutcome.unknown("88Pay answered HTTP " + status + " without status Success and a"
                    + " urlCheckout; the charge may exist", exchange);
        }
        if (status == 403) {
            return ProviderOutcome.rejected("88Pay refused merchant " + settings.merchantId() + " (HTTP 403"
                    + messageSuffix(exchange) + "): check that the credentials belong to this environment and that"
                    + " the method is enabled for the merchant", exchange);
        }
        if (status >= 400 && status < 500) {
            // 400, 404, 422 ("Method Not Available"): refused before processing.
            return ProviderOutcome.rejected("88Pay rejected the charge (HTTP " + status
                    + messageSuffix(exchange) + ")", exchange);
        }
        return ProviderOutcome.unknown("88Pay answered HTTP " + status + " after the charge was sent"
                + messageSuffix(exchange) + "; it may exist, and 88Pay publishes no status query", exchange);
    }

    /** The envelope's {@code code} as a number; 0 when it has none or it is not one. */
    private static int envelopeCode(Envelope<?> answer) {
        if (answer.code() == null) {
            return 0;
        }
        try {
            return Integer.parseInt(answer.code().trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static ProviderExchange exchange(HttpExchange.Answered reply, Redaction.Read<Envelope<ChargeData>> read) {
        Envelope<ChargeData> answer = read.value();
        return new ProviderExchange(reply.status(), answer == null ? null : safe(answer.code()),
                answer == null ? null : safe(answer.message()), read.redacted());
    }

    /** The answer read as an envelope and redacted, from one parse of its body. */
    private static Redaction.Read<Envelope<ChargeData>> read(HttpExchange.Answered reply) {
        return REDACTION.read(reply.body(), CHARGE_ANSWER);
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
        return Envelope.read(body, CHARGE_ANSWER);
    }
}
