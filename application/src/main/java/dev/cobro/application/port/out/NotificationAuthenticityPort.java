package dev.cobro.application.port.out;

import dev.cobro.domain.shared.ProviderId;

import java.util.Map;

/**
 * Tells whether a notification really comes from the provider. 88Pay signs its webhook with an
 * encrypted bearer token whose cipher is not published, so the host implements this port with
 * what 88Pay gives it; Cobro's default accepts every notification and says so in the log.
 */
public interface NotificationAuthenticityPort {

    boolean isAuthentic(ProviderId provider, String body, Map<String, String> headers);
}
