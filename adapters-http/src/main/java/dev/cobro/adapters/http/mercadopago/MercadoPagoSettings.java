package dev.cobro.adapters.http.mercadopago;

import dev.cobro.adapters.http.support.HttpTimeouts;
import dev.cobro.domain.shared.Violations;

import java.time.Duration;

import static dev.cobro.adapters.http.support.SettingsChecks.optionalUrl;
import static dev.cobro.adapters.http.support.SettingsChecks.requiredSecret;
import static dev.cobro.adapters.http.support.SettingsChecks.requiredTimeouts;
import static dev.cobro.adapters.http.support.SettingsChecks.requiredUrl;

/**
 * One Mercado Pago application's credentials and where they are used. The access token is static
 * (Mercado Pago issues it once per application; it is not exchanged for a short-lived one), so the
 * adapter needs no token cache: it sends it as {@code Authorization: Bearer} on every call.
 *
 * @param baseUrl       {@link #PRODUCTION_BASE_URL} (test credentials use it too) or a simulator
 * @param accessToken   the private access token ({@code APP_USR-…} or {@code TEST-…}, treated as opaque);
 *                      never shown by {@link #toString()}
 * @param webhookSecret the "secret signature" of the application's webhooks, which signs
 *                      {@code x-signature}; null when not configured. Never shown by {@link #toString()}
 * @param timeouts      connect and read timeouts of every Mercado Pago call
 * @param successUrl    where the payer returns after an approved payment; null: the checkout's return URL
 * @param pendingUrl    where the payer returns after a pending payment; null: the checkout's return URL
 * @param failureUrl    where the payer returns after a failed payment; null: the checkout's return URL
 */
public record MercadoPagoSettings(String baseUrl, String accessToken, String webhookSecret, HttpTimeouts timeouts,
                                  String successUrl, String pendingUrl, String failureUrl) {

    public static final String PRODUCTION_BASE_URL = "https://api.mercadopago.com";
    /** No official recommendation exists; sdk-java uses 20 s. Connect 5 s, read 20 s, as for 88Pay. */
    public static final HttpTimeouts DEFAULT_TIMEOUTS = new HttpTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(20));

    public MercadoPagoSettings {
        Violations v = new Violations();
        requiredUrl(v, "base_url", baseUrl);
        requiredSecret(v, "access_token", accessToken);
        if (webhookSecret != null && webhookSecret.isBlank()) {
            v.add("webhook_secret", "must not be blank (leave it unset instead)", null);
        }
        requiredTimeouts(v, timeouts);
        optionalUrl(v, "success_url", successUrl);
        optionalUrl(v, "pending_url", pendingUrl);
        optionalUrl(v, "failure_url", failureUrl);
        v.throwIfAny();
    }

    /** Production's base URL, default timeouts, no webhook secret, the checkout's return URL as every back URL. */
    public static MercadoPagoSettings defaults(String accessToken) {
        return defaults(PRODUCTION_BASE_URL, accessToken);
    }

    public static MercadoPagoSettings defaults(String baseUrl, String accessToken) {
        return new MercadoPagoSettings(baseUrl, accessToken, null, DEFAULT_TIMEOUTS, null, null, null);
    }

    public MercadoPagoSettings withBaseUrl(String url) {
        return new MercadoPagoSettings(url, accessToken, webhookSecret, timeouts, successUrl, pendingUrl, failureUrl);
    }

    /** With the webhooks' secret signature: {@code x-signature} is then required on every notification. */
    public MercadoPagoSettings withWebhookSecret(String secret) {
        return new MercadoPagoSettings(baseUrl, accessToken, secret, timeouts, successUrl, pendingUrl, failureUrl);
    }

    public MercadoPagoSettings withTimeouts(HttpTimeouts newTimeouts) {
        return new MercadoPagoSettings(baseUrl, accessToken, webhookSecret, newTimeouts, successUrl, pendingUrl,
                failureUrl);
    }

    public MercadoPagoSettings withBackUrls(String success, String pending, String failure) {
        return new MercadoPagoSettings(baseUrl, accessToken, webhookSecret, timeouts, success, pending, failure);
    }

    @Override
    public String toString() {
        return "MercadoPagoSettings[baseUrl=" + baseUrl + ", accessToken=***, webhookSecret="
                + (webhookSecret == null ? "none" : "***") + ", timeouts=" + timeouts + ", backUrls="
                + (successUrl == null && pendingUrl == null && failureUrl == null ? "the checkout's" : "set") + "]";
    }
}
