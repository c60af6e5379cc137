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
        URI uri = parse(url);
        return uri != null && uri.getHost() != null && uri.getRawUserInfo() == null
                && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()));
    }

    /** An {@link #isHttpUrl} without a query or a fragment: a base the paths of calls are appended to. */
    public static boolean isBaseUrl(String url) {
        URI uri = parse(url);
        return isHttpUrl(url) && uri.getRawQuery() == null && uri.getRawFragment() == null;
    }

    private static URI parse(String url) {
        try {
            return URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
