package dev.cobro.adapters.http.eightyeightpay;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.cobro.adapters.http.support.CobroJson;
import dev.cobro.adapters.http.support.Redaction;
import dev.cobro.adapters.http.support.TransportFailure;
import dev.cobro.application.port.out.ProviderConfigurationException;
import dev.cobro.application.port.out.ProviderUnavailableException;
import dev.cobro.application.port.out.SessionPolicy;
import dev.cobro.adapters.http.support.TokenRequests;
import dev.cobro.application.port.out.MetricsPort;
import dev.cobro.application.port.out.TokenRequestLedgerPort;
import dev.cobro.domain.shared.ProviderId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The 88Pay token manager of one merchant credential, shared by every thread of its adapter
 * (seed "Token Management": "Use a single TokenManager instance across your application").
 * <ul>
 *   <li>a token is reused for at most 50 s and refreshed 10 s before {@code expires_in} runs out,
 *       whichever comes first ("Cache Tokens", "Safety Margin");</li>
 *   <li>one request in flight however many callers want a token (single flight);</li>
 *   <li>before every request the ledger must have room under 10 a minute and 100 an hour
 *       ("Rate Limits"), across processes: the 11th request of a minute is never sent;</li>
 *   <li>after a 429 no request goes before its {@code Retry-After}.</li>
 * </ul>
 * Waiting for a limit is allowed up to {@code maxWait}; beyond that the caller gets a
 * {@link ProviderUnavailableException} and nothing has been recorded yet.
 */
final class EightyEightPayTokenManager {

    static final Duration MAX_REUSE = Duration.ofSeconds(50);
    static final Duration REFRESH_MARGIN = Duration.ofSeconds(10);
    /** {@code expires_in}: "Always 60 (1 minute)"; assumed when the answer lacks it. */
    static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(60);
    static final List<TokenRequestLedgerPort.Limit> LIMITS = List.of(
            new TokenRequestLedgerPort.Limit(10, Duration.ofMinutes(1)),
            new TokenRequestLedgerPort.Limit(100, Duration.ofHours(1)));

    private static final Logger log = LoggerFactory.getLogger(EightyEightPayTokenManager.class);
    private static final TypeReference<Envelope<TokenData>> TOKEN_ANSWER = new TypeReference<>() {
    };

    private final EightyEightPayApi api;
    private final String apiKey;
    private final String merchantId;
    private final TokenRequestLedgerPort ledger;
    private final Clock clock;
    private final RateLimitWaiter waiter;
    private final Duration maxWait;
    private final AtomicLong requests = new AtomicLong();
    private final MetricsPort metrics;

    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private SessionToken current;
    /** Guarded by {@link #lock}: the fetch every caller joins while it runs. */
    private CompletableFuture<SessionToken> inFlight;
    /** Guarded by {@link #lock}: no token request before this instant (a 429's Retry-After). */
    private Instant blockedUntil = Instant.MIN;

    EightyEightPayTokenManager(EightyEightPayApi api, String apiKey, String merchantId, TokenRequestLedgerPort ledger,
                               Clock clock, RateLimitWaiter waiter, Duration maxWait, MetricsPort metrics) {
        this.api = api;
        this.metrics = metrics;
        this.apiKey = apiKey;
        this.merchantId = merchantId;
        this.ledger = ledger;
        this.clock = clock;
        this.waiter = waiter;
        this.maxWait = maxWait;
    }

    /** Token requests this manager has sent. */
    long requests() {
        return requests.get();
    }

    /**
     * A token for a new charge: the current one when it may still be reused and {@code policy}
     * allows, else a new one. A caller that finds a fetch in flight joins it: that token is new
     * to every caller, so it satisfies {@link SessionPolicy#FRESH} too.
     */
    SessionToken obtain(SessionPolicy policy) {
        CompletableFuture<SessionToken> flight;
        boolean leader = false;
        synchronized (lock) {
            if (policy != SessionPolicy.FRESH && current != null && current.reusableAt(clock.instant())) {
                return current;
            }
            if (inFlight == null) {
                inFlight = new CompletableFuture<>();
                leader = true;
            }
            flight = inFlight;
        }
        if (!leader) {
            return join(flight);
        }
        try {
            SessionToken token = fetch();
            synchronized (lock) {
                current = token;
                inFlight = null;
            }
            flight.complete(token);
            return token;
        } catch (RuntimeException | Error e) {
            synchronized (lock) {
                inFlight = null;
            }
            flight.completeExceptionally(e);
            throw e;
        }
    }

    /**
     * A 401 on a charge: 88Pay no longer accepts {@code rejected} ("Handle 401 errors by
     * generating a fresh token and retrying"). Drops it, unless another caller already replaced
     * it, and returns the token to retry with.
     */
    SessionToken renew(SessionToken rejected) {
        synchronized (lock) {
            if (current == rejected) {
                current = null;
            }
        }
        return obtain(SessionPolicy.REUSE);
    }

    private SessionToken join(CompletableFuture<SessionToken> flight) {
        try {
            return flight.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderUnavailableException("interrupted while waiting for an 88Pay token for merchant "
                    + merchantId + "; nothing was sent");
        } catch (ExecutionException e) {
            // A fresh exception per caller, so that each stack trace shows its own thread.
            Throwable cause = e.getCause();
            if (cause instanceof ProviderConfigurationException c) {
                throw new ProviderConfigurationException(c.getMessage(), c);
            }
            if (cause instanceof ProviderUnavailableException u) {
                throw new ProviderUnavailableException(u.getMessage(), u);
            }
            throw new ProviderUnavailableException("obtaining an 88Pay token for merchant " + merchantId
                    + " failed: " + cause.getClass().getSimpleName(), cause);
        }
    }

    private SessionToken fetch() {
        Instant deadline = clock.instant().plus(maxWait);
        while (true) {
            Instant now = clock.instant();
            Instant blocked;
            synchronized (lock) {
                blocked = blockedUntil;
            }
            if (now.isBefore(blocked)) {
                waitOrGiveUp(blocked, deadline, "88Pay rate-limited token requests of merchant " + merchantId
                        + " (HTTP 429) until " + blocked);
                continue;
            }
            Optional<Instant> refused = ledger.tryRecord(ProviderId.EIGHTY_EIGHT_PAY, merchantId, now, LIMITS);
            if (refused.isPresent()) {
                // A ledger that answers "now" must not spin this loop without the clock moving.
                Instant fits = refused.get().isAfter(now) ? refused.get() : now.plusMillis(1);
                waitOrGiveUp(fits, deadline, "88Pay allows 10 token requests a minute and 100 an hour per merchant;"
                        + " merchant " + merchantId + " has used them up until " + fits);
                continue;
            }
            requests.incrementAndGet();
            SessionToken token = TokenRequests.counted(metrics, ProviderId.EIGHTY_EIGHT_PAY, () -> request(now));
            if (token != null) {
                return token;
            }
        }
    }

    private void waitOrGiveUp(Instant until, Instant deadline, String why) {
        if (until.isAfter(deadline)) {
            throw new ProviderUnavailableException(why + "; that is longer than the allowed wait of " + maxWait
                    + " (max_rate_limit_wait); no token was requested and nothing was sent");
        }
        log.debug("waiting until {} for an 88Pay token of merchant {}: {}", until, merchantId, why);
        try {
            waiter.waitUntil(until);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderUnavailableException("interrupted while waiting for an 88Pay token for merchant "
                    + merchantId + "; nothing was sent");
        }
    }

    /** One token request; null after a 429 (the block is then remembered). */
    private SessionToken request(Instant now) {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("x-api-key", apiKey);
        headers.put("x-merchant-id", merchantId);
        headers.put("Accept", "application/json");
        HttpReply reply;
        try {
            reply = HttpReply.read(api.token(headers));
        } catch (IOException | RuntimeException e) {
            // Only a token was at stake: whether it was sent or not, no charge exists.
            throw new ProviderUnavailableException("88Pay's token endpoint could not be reached for merchant "
                    + merchantId + " (" + (TransportFailure.classify(e) == TransportFailure.NOT_SENT
                    ? "no connection" : "no answer") + ": " + hideKey(TransportFailure.describe(e))
                    + "); nothing was sent");
        }
        Envelope<TokenData> answer = parse(reply.body());
        String providerMessage = answer == null ? null : hideKey(answer.message());
        int status = reply.status();
        if (reply.isSuccessful() && answer != null && answer.isError() && answer.code() != null) {
            // A 200 whose envelope says Error: its code is the status that counts.
            status = parseStatus(answer.code(), status);
        }
        if (status == 401 || status == 403) {
            throw new ProviderConfigurationException("88Pay refused the credentials of merchant " + merchantId
                    + " (HTTP " + status + (providerMessage == null ? "" : ": " + providerMessage)
                    + "): check the API key and merchant id, and that both belong to the environment of "
                    + "the base URL (sandbox or production)");
        }
        if (status == 429) {
            Instant until = RetryAfter.until(reply.header("Retry-After"), answer == null ? null : answer.retryAfter(),
                    now);
            synchronized (lock) {
                blockedUntil = until.isAfter(blockedUntil) ? until : blockedUntil;
            }
            log.warn("88Pay rate-limited token requests of merchant {} (HTTP 429) until {}", merchantId, until);
            return null;
        }
        if (status >= 200 && status < 300) {
            TokenData data = answer == null ? null : answer.data();
            if (answer == null || !answer.isSuccess() || data == null || isBlank(data.accessToken())
                    || isBlank(data.sessionId())) {
                throw new ProviderUnavailableException("88Pay's token answer for merchant " + merchantId
                        + " (HTTP " + reply.status() + ") is not the documented JSON with access_token and"
                        + " session_id; nothing was sent");
            }
            return tokenOf(data, now);
        }
        throw new ProviderUnavailableException("88Pay's token endpoint answered HTTP " + status + " for merchant "
                + merchantId + (providerMessage == null ? "" : ": " + providerMessage) + "; nothing was sent");
    }

    private SessionToken tokenOf(TokenData data, Instant requestedAt) {
        // Lifetimes count from when the request left, so a slow answer only shortens reuse.
        Duration lifetime = data.expiresIn() == null || data.expiresIn() <= 0 ? DEFAULT_LIFETIME
                : Duration.ofSeconds(data.expiresIn());
        Instant expiresAt = requestedAt.plus(lifetime);
        Instant byAge = requestedAt.plus(MAX_REUSE);
        Instant byExpiry = expiresAt.minus(REFRESH_MARGIN);
        SessionToken token = new SessionToken(data.accessToken(), data.sessionId(), requestedAt, expiresAt,
                byAge.isBefore(byExpiry) ? byAge : byExpiry);
        // A provider message may quote them later: the log redaction hides them wherever they appear.
        EightyEightPayCheckoutAdapter.REDACTION.remember(data.accessToken());
        EightyEightPayCheckoutAdapter.REDACTION.remember(data.sessionId());
        log.debug("88Pay token obtained for merchant {}, expires at {}", merchantId, expiresAt);
        return token;
    }

    private static Envelope<TokenData> parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return CobroJson.mapper().readValue(body, TOKEN_ANSWER);
        } catch (IOException | RuntimeException notTheDocumentedJson) {
            return null;
        }
    }

    private static int parseStatus(String code, int fallback) {
        try {
            return Integer.parseInt(code.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** The key never reaches a message, even if a provider or a library echoed it. */
    private String hideKey(String text) {
        return EightyEightPayCheckoutAdapter.REDACTION.text(text);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
