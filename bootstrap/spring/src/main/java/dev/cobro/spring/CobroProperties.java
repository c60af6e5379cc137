package dev.cobro.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;

import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cobro's settings under {@code cobro.*}. A provider whose required settings are all absent is not
 * configured; a half-configured one fails the start-up with every missing setting named.
 */
@ConfigurationProperties(prefix = "cobro")
public class CobroProperties {

    /** Whether Cobro is auto-configured at all. */
    private boolean enabled = true;

    /** 88Pay (hosted checkout). */
    private final EightyEightPay eightyEightPay = new EightyEightPay();

    /** Pay-me by Alignet (card authorization). */
    private final Payme payme = new Payme();

    /** Mercado Pago Checkout Pro (hosted checkout): {@code cobro.mercado-pago.*}. */
    private final MercadoPago mercadoPago = new MercadoPago();

    /**
     * Base64 key (at least 16 bytes) of the keyed hash stored for card-on-file tokens. Keep it secret and
     * stable; without it the key is derived from Pay-me's client secret.
     */
    private String tokenHashKey;

    /**
     * Base64 key (at least 16 bytes) of Cobro's signature on the notification URLs it sends; the same on
     * every instance, a ring of one key (the last one with cobro.notifications.signing-keys). Without
     * either, the key is derived from each account's API key.
     */
    private String notificationSigningKey;

    /** Cobro's notification URLs. */
    private final Notifications notifications = new Notifications();
    /**
     * Accept notifications without Cobro's signature or the provider's proof (only when the host verifies
     * them upstream). Warned at start-up; off by default.
     */
    private boolean acceptUnverifiedNotifications;
    /**
     * The largest notification body Cobro reads (default 64KB; a genuine one is a few hundred bytes). The
     * webhook endpoint answers a larger one 413 without reading it.
     */
    private DataSize maxNotificationBodySize = DataSize.ofKilobytes(64);
    /**
     * Let provider base URLs be plain http on any host (tests, a sandbox elsewhere). Without it they must be
     * https, or http to a loopback host.
     */
    private boolean allowInsecureHttp;
    /** Apply Cobro's Flyway migrations (schema cobro) when the bean is created. */
    private boolean runMigrations = true;

    private final Scheduling scheduling = new Scheduling();

    /**
     * The ordered hosted-checkout providers of each country (ISO alpha-3), for checkouts that name no
     * provider: {@code cobro.routing.mex=88pay,mercadopago}. The next provider is tried only when nothing
     * reached the previous one. A provider that is not configured fails start-up.
     */
    private final Map<String, List<String>> routing = new LinkedHashMap<>();

    /**
     * Webhook endpoints by provider id: {@code cobro.webhooks.88pay.path} is 88Pay's,
     * {@code cobro.webhooks.mercadopago.path} Mercado Pago's.
     */
    private final Map<String, Webhook> webhooks = new LinkedHashMap<>(Map.of("88pay", new Webhook(),
            "mercadopago", new Webhook("/cobro/webhooks/mercadopago")));

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public EightyEightPay getEightyEightPay() {
        return eightyEightPay;
    }

    public MercadoPago getMercadoPago() {
        return mercadoPago;
    }

    public Payme getPayme() {
        return payme;
    }

    public String getTokenHashKey() {
        return tokenHashKey;
    }

    public void setTokenHashKey(String tokenHashKey) {
        this.tokenHashKey = tokenHashKey;
    }

    public String getNotificationSigningKey() {
        return notificationSigningKey;
    }

    public void setNotificationSigningKey(String notificationSigningKey) {
        this.notificationSigningKey = notificationSigningKey;
    }

    public Notifications getNotifications() {
        return notifications;
    }

    public boolean isAcceptUnverifiedNotifications() {
        return acceptUnverifiedNotifications;
    }

    public void setAcceptUnverifiedNotifications(boolean acceptUnverifiedNotifications) {
        this.acceptUnverifiedNotifications = acceptUnverifiedNotifications;
    }

    public DataSize getMaxNotificationBodySize() {
        return maxNotificationBodySize;
    }

    public void setMaxNotificationBodySize(DataSize maxNotificationBodySize) {
        this.maxNotificationBodySize = maxNotificationBodySize;
    }

    public boolean isAllowInsecureHttp() {
        return allowInsecureHttp;
    }

    public void setAllowInsecureHttp(boolean allowInsecureHttp) {
        this.allowInsecureHttp = allowInsecureHttp;
    }

    public boolean isRunMigrations() {
        return runMigrations;
    }

    public void setRunMigrations(boolean runMigrations) {
        this.runMigrations = runMigrations;
    }

    public Scheduling getScheduling() {
        return scheduling;
    }

    public Map<String, Webhook> getWebhooks() {
        return webhooks;
    }

    public Map<String, List<String>> getRouting() {
        return routing;
    }

    @Override
    public String toString() {
        return "CobroProperties[eightyEightPay configured=" + eightyEightPay.isConfigured()
                + ", mercadoPago=" + (mercadoPago.isConfigured() ? mercadoPago : "not configured")
                + (mercadoPago.getAccounts().isEmpty() ? "" : ", mercadoPago accounts=" + mercadoPago.getAccounts())
                + ", payme configured=" + payme.isConfigured() + ", scheduling=" + scheduling.isEnabled()
                + (routing.isEmpty() ? "" : ", routing=" + routing) + "]";
    }

    /**
     * 88Pay's default account (the flat properties) and more accounts by id under {@code accounts}, e.g.
     * {@code cobro.eighty-eight-pay.accounts.col.merchant-id=MCH-COL-...} with {@code countries=COL}.
     */
    public static class EightyEightPay extends EightyEightPayAccount {

        /** More 88Pay accounts (merchant ids) by account id (lower-case letters, digits, '-' or '_'). */
        private final Map<String, EightyEightPayAccount> accounts = new LinkedHashMap<>();

        public Map<String, EightyEightPayAccount> getAccounts() {
            return accounts;
        }
    }

    /** One 88Pay merchant. */
    public static class EightyEightPayAccount {

        /**
         * The countries (ISO alpha-3, e.g. COL) whose checkouts go through this account when they name none.
         */
        private List<String> countries = new ArrayList<>();

        /** https://api-sandbox.88pay.io or https://api.88pay.io (never mix sandbox and production keys). */
        private String baseUrl;

        /** The x-api-key secret. */
        private String apiKey;

        /** The x-merchant-id, e.g. MCH-COL-... */
        private String merchantId;

        /**
         * The merchant's webhook secret: 88Pay's bearer token on notifications is then required and checked
         * (an oct JWK or a 16/24/32/48/64-byte shared secret; an EC key is refused: a token encrypted to a
         * public key proves nothing about its sender).
         */
        private String webhookSecret;
        /**
         * The account's earlier API keys, newest first: no longer sent to 88Pay, but the notification URLs
         * signed with keys derived from them keep verifying (keep each as long as a payment can be open).
         */
        private List<String> previousApiKeys = new ArrayList<>();

        /** Connect timeout of every 88Pay call. */
        private Duration connectTimeout = Duration.ofSeconds(5);

        /** Read timeout of every 88Pay call. */
        private Duration readTimeout = Duration.ofSeconds(20);

        public List<String> getPreviousApiKeys() {
            return previousApiKeys;
        }

        public void setPreviousApiKeys(List<String> previousApiKeys) {
            this.previousApiKeys = previousApiKeys;
        }

        boolean isConfigured() {
            return baseUrl != null || apiKey != null || merchantId != null;
        }

        public List<String> getCountries() {
            return countries;
        }

        public void setCountries(List<String> countries) {
            this.countries = countries;
        }

        public String getBaseUrl() {
            return baseUrl;
        }

        public void setBaseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
        }

        public String getApiKey() {
            return apiKey;
        }

        public void setApiKey(String apiKey) {
            this.apiKey = apiKey;
        }

        public String getMerchantId() {
            return merchantId;
        }

        public void setMerchantId(String merchantId) {
            this.merchantId = merchantId;
        }

        public String getWebhookSecret() {
            return webhookSecret;
        }

        public void setWebhookSecret(String webhookSecret) {
            this.webhookSecret = webhookSecret;
        }

        public Duration getConnectTimeout() {
            return connectTimeout;
        }

        public void setConnectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
        }

        public Duration getReadTimeout() {
            return readTimeout;
        }

        public void setReadTimeout(Duration readTimeout) {
            this.readTimeout = readTimeout;
        }

        @Override
        public String toString() {
            return "EightyEightPay[baseUrl=" + baseUrl + ", apiKey=***, merchantId=" + merchantId + "]";
        }
    }

    /** One Pay-me OAuth client. */
    /**
     * Mercado Pago's default account (the flat properties) and more accounts by id under {@code accounts},
     * e.g. {@code cobro.mercado-pago.accounts.chl.access-token=APP_USR-...} with {@code countries=CHL}.
     */
    public static class MercadoPago extends MercadoPagoAccount {

        /** More Mercado Pago accounts (applications) by account id. */
        private final Map<String, MercadoPagoAccount> accounts = new LinkedHashMap<>();

        public Map<String, MercadoPagoAccount> getAccounts() {
            return accounts;
        }
    }

    /** One Mercado Pago application. */
    public static class MercadoPagoAccount {

        /** The countries (ISO alpha-3, e.g. CHL) whose Mercado Pago checkouts go through this account when they name none. */
        private List<String> countries = new ArrayList<>();

        /** Mercado Pago's API; test credentials use the production URL too. */
        private String baseUrl = "https://api.mercadopago.com";

        /** The private access token (APP_USR-... or TEST-...); static, sent as a bearer token. */
        private String accessToken;

        /** The webhooks' secret signature: x-signature on notifications is then required and checked. */
        private String webhookSecret;

        /** Where the payer returns after an approved, a pending or a failed payment (default: the checkout's return URL). */
        private String successUrl;
        private String pendingUrl;
        private String failureUrl;

        /** Connect timeout of every Mercado Pago call. */
        private Duration connectTimeout = Duration.ofSeconds(5);

        /** Read timeout of every Mercado Pago call. */
        private Duration readTimeout = Duration.ofSeconds(20);

        boolean isConfigured() {
            return accessToken != null || webhookSecret != null;
        }

        public List<String> getCountries() {
            return countries;
        }

        public void setCountries(List<String> countries) {
            this.countries = countries;
        }

        public String getBaseUrl() {
            return baseUrl;
        }

        public void setBaseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
        }

        public String getAccessToken() {
            return accessToken;
        }

        public void setAccessToken(String accessToken) {
            this.accessToken = accessToken;
        }

        public String getWebhookSecret() {
            return webhookSecret;
        }

        public void setWebhookSecret(String webhookSecret) {
            this.webhookSecret = webhookSecret;
        }

        public String getSuccessUrl() {
            return successUrl;
        }

        public void setSuccessUrl(String successUrl) {
            this.successUrl = successUrl;
        }

        public String getPendingUrl() {
            return pendingUrl;
        }

        public void setPendingUrl(String pendingUrl) {
            this.pendingUrl = pendingUrl;
        }

        public String getFailureUrl() {
            return failureUrl;
        }

        public void setFailureUrl(String failureUrl) {
            this.failureUrl = failureUrl;
        }

        public Duration getConnectTimeout() {
            return connectTimeout;
        }

        public void setConnectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
        }

        public Duration getReadTimeout() {
            return readTimeout;
        }

        public void setReadTimeout(Duration readTimeout) {
            this.readTimeout = readTimeout;
        }

        @Override
        public String toString() {
            return "MercadoPago[baseUrl=" + baseUrl + ", accessToken=***, webhookSecret="
                    + (webhookSecret == null ? "none" : "***") + "]";
        }
    }

    /** Pay-me's default account (the flat properties) and more merchants by id under {@code accounts}. */
    public static class Payme extends PaymeAccount {

        /** More Pay-me merchants by account id; an authorization names its account to use one. */
        private final Map<String, PaymeAccount> accounts = new LinkedHashMap<>();

        public Map<String, PaymeAccount> getAccounts() {
            return accounts;
        }
    }

    /** One Pay-me merchant. */
    public static class PaymeAccount {

        /** The OAuth server, e.g. https://auth.wip.alignet.io. */
        private String authUrl;

        /** The API, e.g. https://api.dev.alignet.io. */
        private String apiUrl;

        /** OAuth client id. */
        private String clientId;

        /** OAuth client secret. */
        private String clientSecret;

        /** OAuth audience; default: the API URL's origin. */
        private String audience;

        /** OAuth scope; default: create:token post:charges delete:charges. */
        private String scope;

        /** Connect timeout of every Pay-me call. */
        private Duration connectTimeout = Duration.ofSeconds(5);

        /** Read timeout of every Pay-me call. */
        private Duration readTimeout = Duration.ofSeconds(45);

        boolean isConfigured() {
            return authUrl != null || apiUrl != null || clientId != null || clientSecret != null;
        }

        public String getAuthUrl() {
            return authUrl;
        }

        public void setAuthUrl(String authUrl) {
            this.authUrl = authUrl;
        }

        public String getApiUrl() {
            return apiUrl;
        }

        public void setApiUrl(String apiUrl) {
            this.apiUrl = apiUrl;
        }

        public String getClientId() {
            return clientId;
        }

        public void setClientId(String clientId) {
            this.clientId = clientId;
        }

        public String getClientSecret() {
            return clientSecret;
        }

        public void setClientSecret(String clientSecret) {
            this.clientSecret = clientSecret;
        }

        public String getAudience() {
            return audience;
        }

        public void setAudience(String audience) {
            this.audience = audience;
        }

        public String getScope() {
            return scope;
        }

        public void setScope(String scope) {
            this.scope = scope;
        }

        public Duration getConnectTimeout() {
            return connectTimeout;
        }

        public void setConnectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
        }

        public Duration getReadTimeout() {
            return readTimeout;
        }

        public void setReadTimeout(Duration readTimeout) {
            this.readTimeout = readTimeout;
        }

        @Override
        public String toString() {
            return "Payme[authUrl=" + authUrl + ", apiUrl=" + apiUrl + ", clientId=" + clientId
                    + ", clientSecret=***]";
        }
    }

    /** Cobro's signature on the notification URLs it sends. */
    public static class Notifications {

        /**
         * The key ring, each entry id:base64key (at least 16 bytes): the first key signs, every key
         * verifies; the same on every instance. Rotate by putting the new key first and keeping the old
         * one while a payment signed with it can still be notified.
         */
        private List<String> signingKeys = new ArrayList<>();

        public List<String> getSigningKeys() {
            return signingKeys;
        }

        public void setSigningKeys(List<String> signingKeys) {
            this.signingKeys = signingKeys;
        }

        @Override
        public String toString() {
            return "Notifications[signingKeys=" + signingKeys.size() + " hidden]";
        }
    }

    /** Cobro's own background work in this application. */
    public static class Scheduling {

        /** Run the resolver and the outcome-event dispatcher on a schedule in this instance. */
        private boolean enabled = true;

        /** Delay between two resolver runs (UNKNOWN outcomes, timeout reversals, expiry). */
        private Duration resolverInterval = Duration.ofMinutes(1);

        /** Delay between two deliveries of pending outcome events. */
        private Duration eventsInterval = Duration.ofSeconds(5);

        /** Delay between two prunings of old UNVERIFIED and UNMATCHED notifications. */
        private Duration pruningInterval = Duration.ofHours(1);

        /** How long UNVERIFIED and UNMATCHED notifications are kept before they are pruned. */
        private Duration unprovenNotificationRetention = Duration.ofDays(30);

        public Duration getPruningInterval() {
            return pruningInterval;
        }

        public void setPruningInterval(Duration pruningInterval) {
            this.pruningInterval = pruningInterval;
        }

        public Duration getUnprovenNotificationRetention() {
            return unprovenNotificationRetention;
        }

        public void setUnprovenNotificationRetention(Duration unprovenNotificationRetention) {
            this.unprovenNotificationRetention = unprovenNotificationRetention;
        }

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getResolverInterval() {
            return resolverInterval;
        }

        public void setResolverInterval(Duration resolverInterval) {
            this.resolverInterval = resolverInterval;
        }

        public Duration getEventsInterval() {
            return eventsInterval;
        }

        public void setEventsInterval(Duration eventsInterval) {
            this.eventsInterval = eventsInterval;
        }
    }

    /** A webhook endpoint. */
    public static class Webhook {

        /** Whether the endpoint is registered (when Spring MVC is present). */
        private boolean enabled = true;

        /** The path the provider calls, e.g. /cobro/webhooks/88pay. */
        private String path = "/cobro/webhooks/88pay";

        public Webhook() {
        }

        Webhook(String path) {
            this.path = path;
        }

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getPath() {
            return path;
        }

        public void setPath(String path) {
            this.path = path;
        }
    }
}
