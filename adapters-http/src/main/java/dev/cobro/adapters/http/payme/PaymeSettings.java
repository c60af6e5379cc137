package dev.cobro.adapters.http.payme;

import dev.cobro.adapters.http.support.HttpTimeouts;
import dev.cobro.domain.shared.Violations;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;

import static dev.cobro.adapters.http.support.SettingsChecks.requiredBaseUrl;
import static dev.cobro.adapters.http.support.SettingsChecks.requiredSecret;
import static dev.cobro.adapters.http.support.SettingsChecks.requiredText;
import static dev.cobro.adapters.http.support.SettingsChecks.requiredTimeouts;

/**
 * How Cobro reaches Pay-me: the auth host (token), the api host (charges), the client
 * credentials of the {@code client_credentials} grant and the timeouts. {@link #toString()}
 * never shows the client secret.
 *
 * @param authUrl      base of {@code POST /token}, e.g. {@code https://auth.alignet.io}
 * @param apiUrl       base of {@code /charges}, e.g. {@code https://api.alignet.io}
 * @param audience     the token's {@code audience}: Pay-me expects the api host
 * @param scope        the token's {@code scope}; authorize and reverse need {@code post:charges delete:charges}
 */
public record PaymeSettings(String authUrl, String apiUrl, String clientId, String clientSecret, String audience,
                            String scope, HttpTimeouts timeouts) {

    /** The scope of Pay-me's documented token request: create tokens, post and delete charges. */
    public static final String DEFAULT_SCOPE = "create:token post:charges delete:charges";
    public static final HttpTimeouts DEFAULT_TIMEOUTS = new HttpTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(45));

    public PaymeSettings {
        Violations v = new Violations();
        requiredBaseUrl(v, "authUrl", authUrl);
        requiredBaseUrl(v, "apiUrl", apiUrl);
        requiredText(v, "clientId", clientId);
        requiredSecret(v, "clientSecret", clientSecret);
        requiredText(v, "audience", audience);
        requiredText(v, "scope", scope);
        requiredTimeouts(v, timeouts);
        v.throwIfAny();
    }

    /** Pay-me's documented token request: audience = the api host, the charges scope, connect 5 s, read 45 s. */
    public static PaymeSettings defaults(String authUrl, String apiUrl, String clientId, String clientSecret) {
        return new PaymeSettings(authUrl, apiUrl, clientId, clientSecret, audienceOf(apiUrl), DEFAULT_SCOPE,
                DEFAULT_TIMEOUTS);
    }

    public PaymeSettings withTimeouts(HttpTimeouts newTimeouts) {
        return new PaymeSettings(authUrl, apiUrl, clientId, clientSecret, audience, scope, newTimeouts);
    }

    /** {@code https://api.dev.alignet.io/anything -> https://api.dev.alignet.io}: scheme and host (and port). */
    static String audienceOf(String apiUrl) {
        URI uri = parse(apiUrl);
        if (uri == null || uri.getScheme() == null || uri.getHost() == null) {
            return null;
        }
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost()
                + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }

    private static URI parse(String url) {
        if (isBlank(url)) {
            return null;
        }
        try {
            return new URI(url.trim());
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /** Never the secret: only whether there is one. */
    @Override
    public String toString() {
        return "PaymeSettings[authUrl=" + authUrl + ", apiUrl=" + apiUrl + ", clientId=" + clientId
                + ", clientSecret=" + (isBlank(clientSecret) ? "<missing>" : "***") + ", audience=" + audience
                + ", scope=" + scope + ", timeouts=" + timeouts + "]";
    }
}
