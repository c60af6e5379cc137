package dev.cobro.application.port.in;

import dev.cobro.domain.shared.ProviderId;

import java.util.Map;
import java.util.Objects;

/** A notification as the host received it: the raw body and the HTTP headers (names lower-case). */
public record RecordPaymentNotificationCommand(ProviderId provider, String body, Map<String, String> headers) {

    public RecordPaymentNotificationCommand {
        Objects.requireNonNull(provider, "provider");
        body = body == null ? "" : body;
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    @Override
    public String toString() {
        return "RecordPaymentNotificationCommand[" + provider + ", " + body.length() + " characters, headers "
                + headers.keySet() + "]";
    }
}
