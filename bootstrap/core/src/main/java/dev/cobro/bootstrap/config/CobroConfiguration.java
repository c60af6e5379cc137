package dev.cobro.bootstrap.config;

import dev.cobro.adapters.http.eightyeightpay.EightyEightPaySettings;
import dev.cobro.adapters.http.payme.PaymeSettings;
import dev.cobro.adapters.http.support.HttpTimeouts;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Cobro's settings read from the environment (the CLI's, or a host's that wants the same names).
 * A provider whose variables are all absent is simply not configured; one that is half
 * configured is an error. Every problem is reported at once, and no secret is ever echoed.
 *
 * @param dbUrl          {@code COBRO_DB_URL}, or null for the embedded PostgreSQL in {@code home}
 * @param eightyEightPay null when 88Pay is not configured
 * @param payme          null when Pay-me is not configured
 * @param home           {@code COBRO_HOME}, default {@code ~/.cobro}
 * @param notificationSigningKey {@code COBRO_NOTIFICATION_SIGNING_KEY} (its UTF-8 bytes, at least 16),
 *                       the key of Cobro's signature on notification URLs; null to derive it from
 *                       each account's API key. Never shown by {@link #toString()}
 */
public record CobroConfiguration(String dbUrl, String dbUser, String dbPassword,
                                 EightyEightPaySettings eightyEightPay, PaymeSettings payme, Path home,
                                 byte[] notificationSigningKey) {

    public static final String DB_URL = "COBRO_DB_URL";
    public static final String DB_USER = "COBRO_DB_USER";
    public static final String DB_PASSWORD = "COBRO_DB_PASSWORD";
    public static final String EP_BASE_URL = "COBRO_88PAY_BASE_URL";
    public static final String EP_API_KEY = "COBRO_88PAY_API_KEY";
    public static final String EP_MERCHANT_ID = "COBRO_88PAY_MERCHANT_ID";
    public static final String EP_CONNECT_TIMEOUT = "COBRO_88PAY_CONNECT_TIMEOUT_MS";
    public static final String EP_READ_TIMEOUT = "COBRO_88PAY_READ_TIMEOUT_MS";
    /** The merchant's webhook secret: 88Pay's bearer token on notifications is then required and checked. */
    public static final String EP_WEBHOOK_SECRET = "COBRO_88PAY_WEBHOOK_SECRET";
    /** The key of Cobro's signature on the notification URLs it sends (default: derived from the API key). */
    public static final String NOTIFICATION_SIGNING_KEY = "COBRO_NOTIFICATION_SIGNING_KEY";
    public static final String PM_AUTH_URL = "COBRO_PAYME_AUTH_URL";
    public static final String PM_API_URL = "COBRO_PAYME_API_URL";
    public static final String PM_CLIENT_ID = "COBRO_PAYME_CLIENT_ID";
    public static final String PM_CLIENT_SECRET = "COBRO_PAYME_CLIENT_SECRET";
    public static final String PM_AUDIENCE = "COBRO_PAYME_AUDIENCE";
    public static final String PM_SCOPE = "COBRO_PAYME_SCOPE";
    public static final String PM_CONNECT_TIMEOUT = "COBRO_PAYME_CONNECT_TIMEOUT_MS";
    public static final String PM_READ_TIMEOUT = "COBRO_PAYME_READ_TIMEOUT_MS";
    public static final String HOME = "COBRO_HOME";

    public static final Duration DEFAULT_CONNECT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_88PAY_READ = Duration.ofSeconds(20);
    public static final Duration DEFAULT_PAYME_READ = Duration.ofSeconds(45);

    /** Reads {@code env} (e.g. {@code System.getenv()}); throws one {@link ConfigurationException} listing all problems. */
    public static CobroConfiguration fromEnvironment(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        Reader r = new Reader(env, problems);

        String dbUrl = r.optional(DB_URL);
        if (dbUrl != null && !dbUrl.startsWith("jdbc:postgresql:")) {
            problems.add(DB_URL + " must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database)");
        }

        EightyEightPaySettings eightyEightPay = null;
        if (r.anySet(EP_BASE_URL, EP_API_KEY, EP_MERCHANT_ID, EP_CONNECT_TIMEOUT, EP_READ_TIMEOUT, EP_WEBHOOK_SECRET)) {
            String base = r.url(EP_BASE_URL);
            String key = r.required(EP_API_KEY);
            String merchant = r.required(EP_MERCHANT_ID);
            Duration connect = r.millis(EP_CONNECT_TIMEOUT, DEFAULT_CONNECT);
            Duration read = r.millis(EP_READ_TIMEOUT, DEFAULT_88PAY_READ);
            String webhookSecret = r.optional(EP_WEBHOOK_SECRET);
            if (base != null && key != null && merchant != null && connect != null && read != null) {
                eightyEightPay = r.build("88Pay", () -> new EightyEightPaySettings(base, key, merchant,
                        new HttpTimeouts(connect, read), Duration.ZERO, webhookSecret));
            }
        }

        PaymeSettings payme = null;
        if (r.anySet(PM_AUTH_URL, PM_API_URL, PM_CLIENT_ID, PM_CLIENT_SECRET, PM_AUDIENCE, PM_SCOPE,
                PM_CONNECT_TIMEOUT, PM_READ_TIMEOUT)) {
            String auth = r.url(PM_AUTH_URL);
            String api = r.url(PM_API_URL);
            String client = r.required(PM_CLIENT_ID);
            String secret = r.required(PM_CLIENT_SECRET);
            Duration connect = r.millis(PM_CONNECT_TIMEOUT, DEFAULT_CONNECT);
            Duration read = r.millis(PM_READ_TIMEOUT, DEFAULT_PAYME_READ);
            if (auth != null && api != null && client != null && secret != null && connect != null && read != null) {
                PaymeSettings defaults = r.build("Pay-me", () -> PaymeSettings.defaults(auth, api, client, secret));
                if (defaults != null) {
                    String audience = Optional.ofNullable(r.optional(PM_AUDIENCE)).orElse(defaults.audience());
                    String scope = Optional.ofNullable(r.optional(PM_SCOPE)).orElse(defaults.scope());
                    payme = r.build("Pay-me", () -> new PaymeSettings(auth, api, client, secret, audience, scope,
                            new HttpTimeouts(connect, read)));
                }
            }
        }

        String signingKey = r.optional(NOTIFICATION_SIGNING_KEY);
        byte[] notificationSigningKey = signingKey == null ? null
                : signingKey.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (notificationSigningKey != null && notificationSigningKey.length < 16) {
            problems.add(NOTIFICATION_SIGNING_KEY + " must be at least 16 bytes long");
        }

        String homeValue = r.optional(HOME);
        Path home = homeValue != null ? Path.of(homeValue) : Path.of(System.getProperty("user.home"), ".cobro");
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return new CobroConfiguration(dbUrl, r.optional(DB_USER), r.optional(DB_PASSWORD), eightyEightPay, payme, home,
                notificationSigningKey);
    }

    @Override
    public String toString() {
        return "CobroConfiguration[db=" + (dbUrl == null ? "embedded in " + home : dbUrl)
                + ", 88pay=" + (eightyEightPay == null ? "not configured" : "configured")
                + ", payme=" + (payme == null ? "not configured" : "configured")
                + ", notificationSigningKey=" + (notificationSigningKey == null ? "derived" : "***") + "]";
    }

    /** Reads variables and collects problems; never puts a value in a message. */
    private static final class Reader {
        private final Map<String, String> env;
        private final List<String> problems;

        Reader(Map<String, String> env, List<String> problems) {
            this.env = env;
            this.problems = problems;
        }

        String optional(String name) {
            String value = env.get(name);
            return value == null || value.isBlank() ? null : value.trim();
        }

        boolean anySet(String... names) {
            for (String name : names) {
                if (optional(name) != null) {
                    return true;
                }
            }
            return false;
        }

        String required(String name) {
            String value = optional(name);
            if (value == null) {
                problems.add(name + " is required");
            }
            return value;
        }

        String url(String name) {
            String value = required(name);
            if (value == null) {
                return null;
            }
            try {
                URI uri = URI.create(value);
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                    throw new IllegalArgumentException("scheme");
                }
                return value;
            } catch (IllegalArgumentException e) {
                problems.add(name + " must be an absolute http(s) URL");
                return null;
            }
        }

        Duration millis(String name, Duration fallback) {
            String value = optional(name);
            if (value == null) {
                return fallback;
            }
            try {
                long ms = Long.parseLong(value);
                if (ms <= 0) {
                    throw new NumberFormatException();
                }
                return Duration.ofMillis(ms);
            } catch (NumberFormatException e) {
                problems.add(name + " must be a positive number of milliseconds");
                return null;
            }
        }

        <T> T build(String provider, java.util.function.Supplier<T> factory) {
            try {
                return factory.get();
            } catch (IllegalArgumentException e) {
                problems.add(provider + " settings: " + e.getMessage());
                return null;
            }
        }
    }
}
