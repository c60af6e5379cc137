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
import dev.cobro.application.port.out.MetricsPort;
import dev.cobro.application.port.out.ProviderTokenStorePort;
import dev.cobro.application.port.out.TokenRequestLedgerPort;
import dev.cobro.application.service.InMemoryProviderTokenStore;
import dev.cobro.domain.payment.Country;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.ValidationException;

import java.io.IOException;
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
public final class EightyEightPayCheckoutAdapter implements HostedCheckoutProviderPort {

    /**
     * What 88Pay traffic may show: the key and the token travel in headers, the token and its
     * session in the token answer's {@code access_token} and {@code session_id}.
     */
    static final Redaction REDACTION = new Redaction(
            Map.of("access_token", Redaction.Mask.FULL, "session_id", Redaction.Mask.FULL,
                    // A webhook's transaction_id is the session of the charge's token.
                    "transaction_id", Redaction.Mask.FULL, "transactionid", Redaction.Mask.FULL),
            Set.of("x-api-key", "Authorization", "x-session-id"));

    private static final TypeReference<Envelope<ChargeData>> CHARGE_ANSWER = new TypeReference<>() {
    };

    private final EightyEightPaySettings settings;
    private final AccountId account;
    private final Set<Country> countries;
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
        this.account = Objects.requireNonNull(account, "account");
        this.countries = Set.copyOf(countries);
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        REDACTION.rememberCredential(settings.apiKey());
        if (settings.webhookSecret() != null) {
            REDACTION.rememberCredential(settings.webhookSecret());
        }
        this.waiter = Objects.requireNonNull(waiter, "waiter");
        this.api = FeignClients.build(EightyEightPayApi.class, settings.baseUrl().trim(), settings.timeouts(),
                new RedactingFeignLogger(EightyEightPayCheckoutAdapter.class.getName(), REDACTION));
        this.tokens = new EightyEightPayTokenManager(api, settings.apiKey(), settings.merchantId(), account.value(),
                Objects.requireNonNull(ledger, "ledger"), Objects.requireNonNull(tokenStore, "tokenStore"), clock,
                waiter, settings.maxRateLimitWait(), Objects.requireNonNull(metrics, "metrics"));
    }

    @Override
    public ProviderId providerId() {
        return ProviderId.EIGHTY_EIGHT_PAY;
    }

    @Override
    public AccountId account() {
        return account;
    }

    @Override
    public Set<Country> countries() {
        return countries;
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
        return new EightyEightPayPreparedCharge(body.body(), body.redacted(), token);
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
            // Every outcome from here names the session this send went out under (audit item 1).
            String session = token.sessionId();
            Envelope<ChargeData> answer = parse(reply.body());
            ProviderExchange exchange = exchange(reply, answer, token);
            if (reply.status() == 401) {
                if (tokenRenewed) {
                    return new ChargeOutcome.Rejected("88Pay refused a fresh access token of merchant "
                            + settings.merchantId() + " too (HTTP 401 twice): check the API key and merchant id"
                            + " of this environment", exchange, session);
                }
                // Seed: "Handle 401 errors by generating a fresh token and retrying", once.
                tokenRenewed = true;
                try {
                    token = tokens.renew(token);
                } catch (ProviderConfigurationException e) {
                    return new ChargeOutcome.Rejected(e.getMessage(), exchange, session);
                } catch (RuntimeException e) {
                    // The 401 means 88Pay did not process the charge, and no retry went out.
                    return new ChargeOutcome.NotSent("88Pay refused the token (HTTP 401) and no fresh one could be"
                            + " obtained: " + e.getMessage(), exchange, session);
                }
                continue;
            }
            if (reply.status() == 429) {
                // Nothing was processed: NOT_SENT, after at most one wait no longer than the setting allows.
                Instant now = clock.instant();
                Duration wait = RetryAfter.wait(reply.header("Retry-After"),
                        answer == null ? null : answer.retryAfter(), now);
                Instant until = now.plus(wait);
                if (!rateLimitWaited && wait.compareTo(settings.maxRateLimitWait()) <= 0) {
                    rateLimitWaited = true;
                    try {
                        waiter.waitUntil(until);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return new ChargeOutcome.NotSent("interrupted while waiting out 88Pay's rate limit (HTTP"
                                + " 429); the charge was not processed", exchange, session);
                    }
                    continue;
                }
                return new ChargeOutcome.NotSent("88Pay rate-limited the charge (HTTP 429) until " + until
                        + "; it was not processed and may be sent again", exchange, session);
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

    private ChargeOutcome judge(HttpReply reply, Envelope<ChargeData> answer, ProviderExchange exchange,
                                SessionToken token) {
        int status = reply.status();
        String session = token.sessionId();
        if (reply.isSuccessful()) {
            if (answer == null || answer.status() == null) {
                return new ChargeOutcome.Unknown("88Pay answered HTTP " + status + " with a body that is not the"
                        + " documented JSON; the charge may exist", exchange, session);
            }
            if (answer.isError()) {
                // The envelope's code is the status that counts, as on the token path: a 5xx in it says
                // the server failed while handling the charge, which may exist (UNKNOWN, never REJECTED).
                int code = envelopeCode(answer);
                if (code >= 500) {
                    return new ChargeOutcome.Unknown("88Pay answered status Error with code " + code
                            + messageSuffix(exchange) + "; the charge may exist", exchange, session);
                }
                if (code == 429) {
                    return new ChargeOutcome.NotSent("88Pay rate-limited the charge (status Error, code 429); it"
                            + " was not processed and may be sent again", exchange, session);
                }
                return new ChargeOutcome.Rejected("88Pay refused the charge (status Error"
                        + messageSuffix(exchange) + ")", exchange, session);
            }
            ChargeData data = answer.data();
            if (answer.isSuccess() && data != null && data.urlCheckout() != null && !data.urlCheckout().isBlank()) {
                return mapper.toAccepted(data, token.sessionId(), exchange);
            }
            return new ChargeOutcome.Unknown("88Pay answered HTTP " + status + " without status Success and a"
                    + " urlCheckout; the charge may exist", exchange, session);
        }
        if (status == 403) {
            return new ChargeOutcome.Rejected("88Pay refused merchant " + settings.merchantId() + " (HTTP 403"
                    + messageSuffix(exchange) + "): check that the credentials belong to this environment and that"
                    + " the method is enabled for the merchant", exchange, session);
        }
        if (status >= 400 && status < 500) {
            // 400, 404, 422 ("Method Not Available"): refused before processing.
            return new ChargeOutcome.Rejected("88Pay rejected the charge (HTTP " + status
                    + messageSuffix(exchange) + ")", exchange, session);
        }
        return new ChargeOutcome.Unknown("88Pay answered HTTP " + status + " after the charge was sent"
                + messageSuffix(exchange) + "; it may exist, and 88Pay publishes no status query", exchange, session);
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

    private ChargeOutcome transportFailure(Throwable e, SessionToken token) {
        String what = safe(TransportFailure.describe(e));
        ProviderExchange nothing = new ProviderExchange(null, null, what, null);
        if (TransportFailure.classify(e) == TransportFailure.NOT_SENT) {
            return new ChargeOutcome.NotSent("88Pay could not be reached (" + what + "); nothing was sent",
                    nothing, token.sessionId());
        }
        return new ChargeOutcome.Unknown("no answer from 88Pay after the charge was sent (" + what
                + "); it may exist", nothing, token.sessionId());
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
