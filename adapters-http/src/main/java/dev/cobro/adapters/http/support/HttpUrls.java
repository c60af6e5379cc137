package dev.cobro.adapters.http.support;

import java.net.URI;

/** What every provider's settings accept as a URL. */
public final class HttpUrls {

    private HttpUrls() {
    }

    /**
     * An absolute {@code http} or {@code https} URL with a host and no user info: credentials in a URL
     * would be printed by every {@code toString()} and log line that shows the URL.
     */
    public static boolean isHttpUrl(String url) {
        try {
            URI uri = URI.create(url.trim());
            return uri.getHost() != null && uri.getRawUserInfo() == null && ("http".equalsIgnoreCase(uri.getScheme())
                    || "https".equalsIgnoreCase(uri.getScheme()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
