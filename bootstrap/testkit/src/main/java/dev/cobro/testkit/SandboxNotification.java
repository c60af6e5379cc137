package dev.cobro.testkit;

import java.util.Map;
import java.util.Objects;

/**
 * A webhook the sandbox sends: the URL it calls (the {@code notification_url}, Cobro's signature
 * included; Mercado Pago adds {@code data.id} and {@code type}), the body, and the headers (88Pay's
 * {@code Authorization: Bearer <JWE made with the sandbox webhook secret>}, Mercado Pago's
 * {@code x-signature} and {@code x-request-id}). A host's test may feed it to Cobro as its webhook
 * endpoint would, without HTTP.
 */
public record SandboxNotification(String url, String body, Map<String, String> headers) {

    public SandboxNotification {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(body, "body");
        headers = Map.copyOf(headers);
    }

    /** The body names the token's session and the headers carry the bearer token or signature: neither is shown. */
    @Override
    public String toString() {
        return "SandboxNotification[url=" + url + ", body " + body.length() + " characters, headers "
                + headers.keySet() + "]";
    }
}
