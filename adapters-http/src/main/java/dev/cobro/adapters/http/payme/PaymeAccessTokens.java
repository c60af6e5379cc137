package dev.cobro.adapters.http.payme;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.cobro.adapters.http.support.CobroJson;
import dev.cobro.adapters.http.support.HttpExchange;
import dev.cobro.adapters.http.support.TokenCache;
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

/**
 * Pay-me's OAuth access token ({@code client_credentials} grant). Reused until {@code expires_in}
 * minus a margin (60 s, or 10% of a short lifetime); one fetch in flight however many callers
 * wait (the adapters' one {@link TokenCache}); replaced when a call answers 401 with it.
 */
final class PaymeAccessTokens {

    private static final Logger log = LoggerFactory.getLogger(PaymeAccessTokens.class);
    /** Made once: a reader keeps the answer's type and deserializer, which the mapper would resolve per answer. */
    private static final ObjectReader TOKEN_ANSWER =
            CobroJson.mapper().readerFor(PaymeAccessTokenExchange.Response.class);
    private static final Duration MAX_MARGIN = Duration.ofSeconds(60);

    private final PaymeAuthApi api;
    private final PaymeSettings settings;
    private final Clock clock;
    private final TokenCache<AccessToken> cache;
    private final AtomicLong requests = new AtomicLong();
    private final MetricsPort metrics;
    /** The account whose token requests the metrics count. */
    private final String account;

    /** An access token and when to stop using it; never printed. */
    record AccessToken(String value, Instant refreshAt) {
        @Override
        public String toString() {
            return "AccessToken[*** until " + refreshAt + "]";
        }
    }

    PaymeAccessTokens(PaymeAuthApi api, PaymeSettings settings, Clock clock, MetricsPort metrics, String account) {
        this.api = api;
        this.account = account;
        this.metrics = metrics;
        this.settings = settings;
        this.clock = clock;
        this.cache = new TokenCache<>("a Pay-me access token for client id " + settings.clientId(), clock,
                AccessToken::refreshAt, AccessToken::value, refused -> fetch());
    }

    /**
     * A valid token, fetched when there is none.
     *
     * @throws ProviderUnavailableException   the auth host could not be reached or failed (5xx)
     * @throws ProviderConfigurationException Pay-me refused the client credentials
     */
    AccessToken current() {
        return cache.current();
    }

    /**
     * A call answered 401 with {@code refused}: a token other than it (the one another caller
     * already fetched, else a new one).
     */
    AccessToken renew(AccessToken refused) {
        return cache.renew(refused);
    }

    long requests() {
        return requests.get();
    }

    private AccessToken fetch() {
        String body = requestBody();
        requests.incrementAndGet();
        return TokenRequests.counted(metrics, ProviderId.PAYME, account, () -> request(body));
    }

    private AccessToken request(String body) {
        HttpExchange result = HttpExchange.of(() -> api.token(body));
        if (result instanceof HttpExchange.Failed failed) {
            throw new ProviderUnavailableException("Pay-me's token endpoint " + settings.authUrl()
                    + " did not answer the token request of client id " + settings.clientId() + ": " + failed.reason());
        }
        HttpExchange.Answered answer = (HttpExchange.Answered) result;
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
        return new AccessToken(response.accessToken(), refreshAt);
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
            return TOKEN_ANSWER.readValue(body);
        } catch (JsonProcessingException | RuntimeException e) {
            return null;
        }
    }
}
