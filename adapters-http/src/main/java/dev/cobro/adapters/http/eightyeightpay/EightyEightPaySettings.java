package dev.cobro.adapters.http.eightyeightpay;

import dev.cobro.adapters.http.support.HttpTimeouts;
import dev.cobro.domain.shared.Violations;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static dev.cobro.adapters.http.support.SettingsChecks.requiredSecret;
import static dev.cobro.adapters.http.support.SettingsChecks.requiredText;
import static dev.cobro.adapters.http.support.SettingsChecks.requiredTimeouts;
import static dev.cobro.adapters.http.support.SettingsChecks.requiredUrl;

/**
 * One 88Pay credential set and where it is used. Sandbox and production each have their own base
 * URL and keys (88Pay's documentation: never mix them), so the base URL travels with the key.
 *
 * @param baseUrl          {@link #SANDBOX_BASE_URL}, {@link #PRODUCTION_BASE_URL} or a simulator
 * @param apiKey           the {@code x-api-key} secret; never shown by {@link #toString()}
 * @param merchantId       the {@code x-merchant-id}; not a secret, named in error messages
 * @param timeouts         connect and read timeouts of every 88Pay call
 * @param maxRateLimitWait how long a call may wait for a rate limit (429 {@code Retry-After}, the
 *                         10-tokens-a-minute ledger) before it gives up; zero fails fast
 * @param webhookSecret    the merchant's webhook secret, which decrypts 88Pay's bearer token on
 *                         notifications (see {@link EightyEightPayNotificationAuthenticityAdapter});
 *                         null when not configured. Never shown by {@link #toString()}
 * @param previousApiKeys  the account's earlier API keys, newest first: no longer sent to 88Pay, but
 *                         the notification URLs signed with keys derived from them still verify, so
 *                         payments started before a rotation settle. Never shown by {@link #toString()}
 */
public record EightyEightPaySettings(String baseUrl, String apiKey, String merchantId, HttpTimeouts timeouts,
                                     Duration maxRateLimitWait, String webhookSecret, List<String> previousApiKeys) {

    public static final String SANDBOX_BASE_URL = "https://api-sandbox.88pay.io";
    public static final String PRODUCTION_BASE_URL = "https://api.88pay.io";

    /** Defaults for 88Pay: connect 5 s, read 20 s. */
    public static final HttpTimeouts DEFAULT_TIMEOUTS = new HttpTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(20));

    public EightyEightPaySettings {
        Violations v = new Violations();
        requiredUrl(v, "base_url", baseUrl);
        requiredSecret(v, "api_key", apiKey);
        requiredText(v, "merchant_id", merchantId);
        requiredTimeouts(v, timeouts);
        if (maxRateLimitWait == null) {
            v.add("max_rate_limit_wait", "is required (zero fails fast)", null);
        } else if (maxRateLimitWait.isNegative()) {
            v.add("max_rate_limit_wait", "must not be negative", maxRateLimitWait.toString());
        }
        if (webhookSecret != null) {
            try {
                new EightyEightPayNotificationAuthenticityAdapter(webhookSecret, java.time.Clock.systemUTC());
            } catch (IllegalArgumentException unusable) {
                // The message says why without quoting the secret.
                v.add("webhook_secret", unusable.getMessage(), null);
            }
        }
        previousApiKeys = previousApiKeys == null ? List.of() : List.copyOf(previousApiKeys);
        if (previousApiKeys.stream().anyMatch(String::isBlank)) {
            v.add("previous_api_keys", "must not hold a blank key", null);
        }
        v.throwIfAny();
    }

    /** Without earlier API keys. */
    public EightyEightPaySettings(String baseUrl, String apiKey, String merchantId, HttpTimeouts timeouts,
                                  Duration maxRateLimitWait, String webhookSecret) {
        this(baseUrl, apiKey, merchantId, timeouts, maxRateLimitWait, webhookSecret, List.of());
    }

    /** Without a webhook secret: notifications are checked by Cobro's signed URL only. */
    public EightyEightPaySettings(String baseUrl, String apiKey, String merchantId, HttpTimeouts timeouts,
                                  Duration maxRateLimitWait) {
        this(baseUrl, apiKey, merchantId, timeouts, maxRateLimitWait, null);
    }

    /** Default timeouts, and a rate limit fails fast instead of waiting. */
    public static EightyEightPaySettings defaults(String baseUrl, String apiKey, String merchantId) {
        return new EightyEightPaySettings(baseUrl, apiKey, merchantId, DEFAULT_TIMEOUTS, Duration.ZERO);
    }

    public EightyEightPaySettings withTimeouts(HttpTimeouts newTimeouts) {
        return new EightyEightPaySettings(baseUrl, apiKey, merchantId, newTimeouts, maxRateLimitWait, webhookSecret,
                previousApiKeys);
    }

    public EightyEightPaySettings withMaxRateLimitWait(Duration wait) {
        return new EightyEightPaySettings(baseUrl, apiKey, merchantId, timeouts, wait, webhookSecret,
                previousApiKeys);
    }

    /** With the merchant's webhook secret: 88Pay's bearer token is then required on every notification. */
    public EightyEightPaySettings withWebhookSecret(String secret) {
        return new EightyEightPaySettings(baseUrl, apiKey, merchantId, timeouts, maxRateLimitWait, secret,
                previousApiKeys);
    }

    /**
     * With the account's earlier API keys, newest first, after a rotation: the notification URLs signed
     * with the keys derived from them keep verifying (keep each for as long as a payment started under
     * it can be notified; see the README's "Rotating keys").
     */
    public EightyEightPaySettings withPreviousApiKeys(String... keys) {
        return new EightyEightPaySettings(baseUrl, apiKey, merchantId, timeouts, maxRateLimitWait, webhookSecret,
                keys == null ? List.of() : Arrays.asList(keys));
    }

    @Override
    public String toString() {
        return "EightyEightPaySettings[baseUrl=" + baseUrl + ", apiKey=***, merchantId=" + merchantId
                + ", timeouts=" + timeouts + ", maxRateLimitWait=" + maxRateLimitWait + ", webhookSecret="
                + (webhookSecret == null ? "none" : "***") + ", previousApiKeys=" + previousApiKeys.size() + "]";
    }
}
