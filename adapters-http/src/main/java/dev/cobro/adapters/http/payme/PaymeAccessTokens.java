package dev.cobro.adapters.http.payme;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.cobro.adapters.http.support.CobroJson;
import dev.cobro.adapters.http.support.TokenRequests;
import dev.cobro.application.port.out.MetricsPort;
import dev.cobro.application.port.out.ProviderConfigurationException;
import dev.cobro.application.port.out.ProviderUnavailableException;
import dev.cobro.domain.shared.ProviderId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Pay-me's OAuth access token ({@code client_credentials} grant). Reused until {@code expires_in}
 * minus a margin (60 s, or 10% of a short lifetime); one fetch in flight however many callers
 * wait; dropped when a call answers 401 with it.
 */
final class PaymeAccessTokens {

    private static final Logger log = LoggerFactory.getLogger(PaymeAccessTokens.class);
    private static final Duration MAX_MARGIN = Duration.ofSeconds(60);

    private final PaymeAuthApi api;
    private final PaymeSettings settings;
    private final Clock clock;
    private final ReentrantLock fetching = new ReentrantLock();
    private final AtomicLong requests = new AtomicLong();
    private final MetricsPort metrics;
    /** The account whose token requests the metrics count. */
    private final String account;
    private volatile Cached current;

    /** The token and when to stop using it; never printed. */
    private record Cached(String value, Instant refreshAt) {
        @Override
        public String toString() {
            return "Cached[*** until " + refreshAt + "]";
        }
    }

    PaymeAccessTokens(PaymeAuthApi api, PaymeSettings settings, Clock clock, MetricsPort metrics, String account) {
        this.api = api;
        this.account = account;
        this.metrics = metrics;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * A valid token, fetched when there is none.
     *
     * @throws ProviderUnavailableException   the auth host could not be reached or failed (5xx)
     * @throws ProviderConfigurationException Pay-me refused the client credentials
     */
    String current() {
        Cached cached = current;
        if (isFresh(cached)) {
            return cached.value();
        }
        fetching.lock();
        try {
            // Single flight: whoever waited for the lock finds the token the first caller fetched.
            cached = current;
            if (isFresh(cached)) {
                return cached.value();
            }
            Cached fetched = fetch();
            current = fetched;
            return fetched.value();
        } finally {
            fetching.unlock();
        }
    }

    /**
     * A call answered 401 with {@code rejected}: forget it, unless another caller already replaced
     * it (then the next {@link #current()} returns the replacement, not a second fetch).
     */
    void invalidate(String rejected) {
        fetching.lock();
        try {
            Cached cached = current;
            if (cached != null && cached.value().equals(rejected)) {
                current = null;
            }
        } finally {
            fetching.unlock();
        }
    }

    long requests() {
        return requests.get();
    }

    private boolean isFresh(Cached cached) {
        return cached != null && clock.instant().isBefore(cached.refreshAt());
    }

    private Cached fetch() {
        String body = requestBody();
        requests.incrementAndGet();
        return TokenRequests.counted(metrics, ProviderId.PAYME, account, () -> request(body));
    }

    private Cached request(String body) {
        PaymeHttp.Result result = PaymeHttp.execute(() -> api.token(body));
        if (result instanceof PaymeHttp.Failed failed) {
            throw new ProviderUnavailableException("Pay-me's token endpoint " + settings.authUrl()
                    + " did not answer the token request of client id " + settings.clientId() + ": " + failed.reason());
        }
        PaymeHttp.Answered answer = (PaymeHttp.Answered) result;
        int status = answer.status();
        PaymeAccessTokenExchange.Response response = parse(answer.body());
        String detail = response == null || response.statusDescription() == null ? ""
                : ", " + response.statusDescription();
        if (status == 401 || status == 403) {
            throw new ProviderConfigurationException("Pay-me refused the credentials of client id "
                    + settings.clientId() + " (HTTP " + status + detail + "): check the client id, secret and scope");
        }
        if (status >= 500 || status == 408 || status == 429) {
            throw new ProviderUnavailableException("Pay-me's token endpoint answered HTTP " + status
                    + " to client id " + settings.clientId() + detail);
        }
        if (status < 200 || status >= 300) {
            throw new ProviderConfigurationException("Pay-me's token endpoint refused the request of client id "
                    + settings.clientId() + " (HTTP " + status + detail + "): check the audience "
                    + settings.audience() + " and the scope '" + settings.scope() + "'");
        }
        if (response == null) {
            throw new ProviderUnavailableException("Pay-me's token endpoint answered HTTP " + status
                    + " to client id " + settings.clientId() + " without a readable token response");
        }
        if (!response.succeeded() || response.accessToken() == null || response.accessToken().isBlank()) {
            throw new ProviderConfigurationException("Pay-me granted no access token to client id "
                    + settings.clientId() + " (HTTP " + status + detail + ")");
        }
        // A provider message may quote it later: the log redaction hides it wherever it appears.
        PaymeCardAuthorizationAdapter.REDACTION.remember(response.accessToken());
        Instant now = clock.instant();
        Instant refreshAt = now.plus(usableLifetime(response.expiresIn()));
        log.info("Pay-me access token obtained for client id {}, expires_in {} s, reused until {}",
                settings.clientId(), response.expiresIn(), refreshAt);
        return new Cached(response.accessToken(), refreshAt);
    }

    /** {@code expires_in} minus 60 s, or minus 10% when the lifetime is under 10 minutes; none when absent. */
    static Duration usableLifetime(Long expiresInSeconds) {
        if (expiresInSeconds == null || expiresInSeconds <= 0) {
            return Duration.ZERO;
        }
        Duration lifetime = Duration.ofSeconds(expiresInSeconds);
        Duration tenth = lifetime.dividedBy(10);
        return lifetime.minus(tenth.compareTo(MAX_MARGIN) < 0 ? tenth : MAX_MARGIN);
    }

    private String requestBody() {
        try {
            return CobroJson.mapper().writeValueAsString(new PaymeAccessTokenExchange.Request("authorize",
                    "client_credentials", settings.audience(), settings.clientId(), settings.clientSecret(),
                    settings.scope()));
        } catch (JsonProcessingException e) {
            // Never e's message: it could quote the body, which holds the client secret.
            throw new IllegalStateException("the Pay-me token request of client id " + settings.clientId()
                    + " could not be serialized");
        }
    }

    private static PaymeAccessTokenExchange.Response parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return CobroJson.mapper().readValue(body, PaymeAccessTokenExchange.Response.class);
        } catch (JsonProcessingException | RuntimeException e) {
            return null;
        }
    }
}
