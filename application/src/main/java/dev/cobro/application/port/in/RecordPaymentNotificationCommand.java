package dev.cobro.application.port.in;

import dev.cobro.domain.shared.ProviderId;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A notification as the host received it: the URL it was called on (or only its query string),
 * which carries Cobro's signature ({@code cobro_pid}, {@code cobro_sig}); the raw body; and the HTTP
 * headers, whose names are case-insensitive and kept lower-case (88Pay's bearer token travels in
 * {@code authorization}).
 */
public record RecordPaymentNotificationCommand(ProviderId provider, String url, String body,
                                               Map<String, String> headers) {

    public RecordPaymentNotificationCommand {
        Objects.requireNonNull(provider, "provider");
        url = url == null || url.isBlank() ? null : url.trim();
        body = body == null ? "" : body;
        Map<String, String> lowerCase = new LinkedHashMap<>();
        if (headers != null) {
            headers.forEach((name, value) -> {
                if (name != null && value != null) {
                    lowerCase.putIfAbsent(name.trim().toLowerCase(Locale.ROOT), value);
                }
            });
        }
        headers = Map.copyOf(lowerCase);
    }

    /**
     * A notification without the URL it came on: it carries no Cobro signature, so it changes
     * nothing unless the host accepts unverified notifications (it verified them upstream).
     */
    public RecordPaymentNotificationCommand(ProviderId provider, String body, Map<String, String> headers) {
        this(provider, null, body, headers);
    }

    /** The URL's query names a payment and the headers carry a bearer token: neither is shown. */
    @Override
    public String toString() {
        return "RecordPaymentNotificationCommand[" + provider + ", url " + (url == null ? "none" : "given") + ", "
                + body.length() + " characters, headers " + headers.keySet() + "]";
    }
}
