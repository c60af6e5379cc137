package dev.cobro.testkit;

import java.util.Map;
import java.util.Objects;

/**
 * The webhook 88Pay's sandbox sends for one charge: the URL it calls (the charge's
 * {@code notification_url}, Cobro's signature included), the body, and the headers
 * ({@code Authorization: Bearer <JWE made with the sandbox webhook secret>}). A host's test may
 * feed it to Cobro as its webhook endpoint would, without HTTP.
 */
public record SandboxNotification(String url, String body, Map<String, String> headers) {

    public SandboxNotification {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(body, "body");
        headers = Map.copyOf(headers);
    }

    /** The body names the token's session and the header carries the bearer token: neither is shown. */
    @Override
    public String toString() {
        return "SandboxNotification[url=" + url + ", body " + body.length() + " characters, headers "
                + headers.keySet() + "]";
    }
}
