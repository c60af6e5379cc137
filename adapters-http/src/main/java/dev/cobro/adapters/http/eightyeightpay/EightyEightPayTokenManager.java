package dev.cobro.adapters.http.eightyeightpay;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.cobro.adapters.http.support.Redaction;
import dev.cobro.adapters.http.support.HttpExchange;
import dev.cobro.adapters.http.support.TokenCache;
import dev.cobro.application.port.out.ProviderConfigurationException;
import dev.cobro.application.port.out.ProviderTokenStorePort;
import dev.cobro.application.port.out.ProviderTokenStorePort.NewToken;
import dev.cobro.application.port.out.ProviderTokenStorePort.StoredToken;
import dev.cobro.application.port.out.ProviderUnavailableException;
import dev.cobro.adapters.http.support.TokenRequests;
import dev.cobro.application.port.out.MetricsPort;
import dev.cobro.application.port.out.TokenRequestLedgerPort;
import dev.cobro.domain.shared.ProviderId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The 88Pay token manager of one merchant account, shared by every thread of its adapter (seed
 * "Token Management": "Use a single TokenManager instance across your application") and, through
 * the shared token store, by every instance on the database (ARCHITECTURE.md, several instances):
 * <ul>
 *   <li>a token is reused for at most 50 s and refreshed 10 s before {@code expires_in} runs out,
 *       whichever comes first ("Cache Tokens", "Safety Margin"), its age measured by the store's
 *       (the database's) clock;</li>
 *   <li>this process uses its in-memory copy while it is fresh; otherwise it reads the shared one,
 *       and only when that is stale too it locks the row, re-reads it, and fetches a new token if it
 *       is still stale, so however many instances find it stale, one fetches;</li>
 *   <li>one fetch in flight per process however many callers want a token (single flight, the
 *       adapters' one {@link TokenCache});</li>
 *   <li>before every request the ledger must have room under 10 a minute and 100 an hour
 *       ("Rate Limits"), across processes: the 11th request of a minute is never sent;</li>
 *   <li>a 401 retires the refused token for every instance (compare-and-set on its id);</li>
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

    private static final ProviderId PROVIDER = ProviderId.EIGHTY_EIGHT_PAY;
    private static final Logger log = LoggerFactory.getLogger(EightyEightPayTokenManager.class);
    private static final ObjectReader TOKEN_ANSWER = Envelope.reader(new TypeReference<Envelope<TokenData>>() {
    });

    private final EightyEightPayApi api;
    private final String apiKey;
    private final String merchantId;
    private final String account;
    private final TokenRequestLedgerPort ledger;
    private final ProviderTokenStorePort store;
    private final TokenSeal seal;
    private final Clock clock;
    private final RateLimitWaiter waiter;
    private final Duration maxWait;
    private final AtomicLong requests = new AtomicLong();
    private final MetricsPort metrics;

    /** This process's copy of the shared token, one fetch in flight however many callers want one. */
    private final TokenCache<SessionToken> cache;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}: no token request before this instant (a 429's Retry-After). */
    private Instant blockedUntil = Instant.MIN;

    EightyEightPayTokenManager(EightyEightPayApi api, String apiKey, String merchantId, String account,
                               TokenRequestLedgerPort ledger, ProviderTokenStorePort store, Clock clock,
                               RateLimitWaiter waiter, Duration maxWait, MetricsPort metrics) {
        this.api = api;
        this.metrics = metrics;
        this.apiKey = apiKey;
        this.merchantId = merchantId;
        this.account = account;
        this.ledger = ledger;
        this.store = store;
        this.seal = new TokenSeal(apiKey, PROVIDER.value(), account);
        this.clock = clock;
        this.waiter = waiter;
        this.maxWait = maxWait;
        this.cache = new TokenCache<>("an 88Pay token for merchant " + merchantId, clock, SessionToken::reuseUntil,
                SessionToken::id, this::load);
    }

    /** Token requests this manager has sent. */
    long requests() {
        return requests.get();
    }

    /**
     * A token for a new charge: the current one when it may still be reused, else the shared one
     * or a new one. A caller that finds a fetch in flight joins it.
     */
    SessionToken obtain() {
        return cache.current();
    }

    /**
     * A 401 on a charge: 88Pay no longer accepts {@code rejected} ("Handle 401 errors by
     * generating a fresh token and retrying"). Retires it for every instance, unless another
     * already replaced it (compare-and-set on its id), and returns a token other than it.
     */
    SessionToken renew(SessionToken rejected) {
        store.retire(PROVIDER, account, rejected.id());
        return cache.renew(rejected);
    }

    /**
     * The shared token when it is fresh (a plain read); else, under the row lock, the one another
     * instance stored meanwhile or a new one; else a wait for the ledger or a 429, then again.
     */
    private SessionToken load(SessionToken refused) {
        UUID unwanted = refused == null ? null : refused.id();
        Instant deadline = clock.instant().plus(maxWait);
        while (true) {
            Instant blocked;
            synchronized (lock) {
                blocked = blockedUntil;
            }
            if (clock.instant().isBefore(blocked)) {
                waitOrGiveUp(blocked, deadline, "88Pay rate-limited token requests of merchant " + merchantId
                        + " (HTTP 429) until " + blocked);
                continue;
            }
            Optional<SessionToken> shared = store.current(PROVIDER, account).flatMap(t -> usable(t, unwanted));
            if (shared.isPresent()) {
                return shared.get();
            }
            Renewal renewal = new Renewal(unwanted);
            Optional<StoredToken> after = store.renew(PROVIDER, account, renewal);
            if (renewal.fetched != null) {
                return renewal.fetched;
            }
            Optional<SessionToken> stored = after.flatMap(t -> usable(t, unwanted));
            if (stored.isPresent()) {
                return stored.get();
            }
            Duration wait = renewal.waitFor == null ? Duration.ofMillis(1) : renewal.waitFor;
            waitOrGiveUp(clock.instant().plus(wait), deadline, renewal.why);
        }
    }

    /**
     * Runs with the shared row locked: keeps a token that is (still, or by now) fresh, else fetches a
     * new one if the ledger has room, and hands it to the store.
     */
    private final class Renewal implements Function<Optional<StoredToken>, Optional<NewToken>> {

        private final UUID unwanted;
        SessionToken fetched;
        Duration waitFor;
        String why = "no 88Pay token could be had";

        Renewal(UUID unwanted) {
            this.unwanted = unwanted;
        }

        @Override
        public Optional<NewToken> apply(Optional<StoredToken> stored) {
            if (stored.flatMap(t -> usable(t, unwanted)).isPresent()) {
                return Optional.empty();
            }
            Optional<Duration> refused = ledger.tryRecord(PROVIDER, merchantId, LIMITS);
            if (refused.isPresent()) {
                // A ledger that answers "now" must not spin this loop without the clock moving.
                waitFor = refused.get().isNegative() || refused.get().isZero() ? Duration.ofMillis(1) : refused.get();
                why = "88Pay allows 10 token requests a minute and 100 an hour per merchant; merchant " + merchantId
                        + " has used them up for " + waitFor;
                return Optional.empty();
            }
            requests.incrementAndGet();
            Instant requestedAt = clock.instant();
            Fetched token = TokenRequests.counted(metrics, ProviderId.EIGHTY_EIGHT_PAY, account,
                    EightyEightPayTokenManager.this::request);
            if (token == null) {
                synchronized (lock) {
                    waitFor = Duration.between(clock.instant(), blockedUntil);
                    why = "88Pay rate-limited token requests of merchant " + merchantId + " (HTTP 429) until "
                            + blockedUntil;
                }
                return Optional.empty();
            }
            UUID id = UUID.randomUUID();
            fetched = new SessionToken(id, token.accessToken(), token.sessionId(),
                    requestedAt.plus(token.reuseFor()));
            return Optional.of(new NewToken(id, seal.seal(id, token.accessToken(), token.sessionId()),
                    token.reuseFor()));
        }
    }

    /** A stored token this process may take: fresh, not the unwanted one, and opened by this API key. */
    private Optional<SessionToken> usable(StoredToken stored, UUID unwanted) {
        if (!stored.isFresh() || stored.id().equals(unwanted)) {
            return Optional.empty();
        }
        return seal.open(stored.id(), stored.sealed()).map(opened -> {
            remember(opened.accessToken(), opened.sessionId());
            return new SessionToken(stored.id(), opened.accessToken(), opened.sessionId(),
                    clock.instant().plus(stored.freshFor()));
        });
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

    /** A token as 88Pay answered it, with how long it may be taken for new charges. */
    private record Fetched(String accessToken, String sessionId, Duration reuseFor) {

        @Override
        public String toString() {
            return "Fetched[***]";
        }
    }

    /** One token request; null after a 429 (the block is then remembered). */
    private Fetched request() {
        Instant now = clock.instant();
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("x-api-key", apiKey);
        headers.put("x-merchant-id", merchantId);
        headers.put("Accept", "application/json");
        HttpExchange exchange = HttpExchange.of(() -> api.token(headers));
        if (exchange instanceof HttpExchange.Failed failed) {
            // Only a token was at stake: whether it was sent or not, no charge exists.
            throw new ProviderUnavailableException("88Pay's token endpoint could not be reached for merchant "
                    + merchantId + " (" + (failed.nothingSent() ? "no connection" : "no answer") + ": "
                    + hideKey(failed.reason()) + "); nothing was sent");
        }
        HttpExchange.Answered reply = (HttpExchange.Answered) exchange;
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
            Duration wait = RetryAfter.wait(reply.header("Retry-After"), answer == null ? null : answer.retryAfter(),
                    now);
            Instant until = now.plus(wait);
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
            return fetched(data);
        }
        throw new ProviderUnavailableException("88Pay's token endpoint answered HTTP " + status + " for merchant "
                + merchantId + (providerMessage == null ? "" : ": " + providerMessage) + "; nothing was sent");
    }

    private Fetched fetched(TokenData data) {
        // Reuse counts from the moment the shared row was locked (just before the request left), so a
        // slow answer only shortens it.
        Duration lifetime = data.expiresIn() == null || data.expiresIn() <= 0 ? DEFAULT_LIFETIME
                : Duration.ofSeconds(data.expiresIn());
        Duration byExpiry = lifetime.minus(REFRESH_MARGIN);
        Duration reuse = byExpiry.compareTo(MAX_REUSE) < 0 ? byExpiry : MAX_REUSE;
        remember(data.accessToken(), data.sessionId());
        log.debug("88Pay token obtained for merchant {}, lifetime {}", merchantId, lifetime);
        return new Fetched(data.accessToken(), data.sessionId(), reuse.isNegative() ? Duration.ZERO : reuse);
    }

    /** A provider message may quote them later: the log redaction hides them wherever they appear. */
    private static void remember(String accessToken, String sessionId) {
        EightyEightPayCheckoutAdapter.REDACTION.remember(accessToken);
        EightyEightPayCheckoutAdapter.REDACTION.remember(sessionId);
    }

    private static Envelope<TokenData> parse(String body) {
        return Envelope.read(body, TOKEN_ANSWER);
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
