package dev.cobro.bootstrap.config;

import dev.cobro.adapters.http.eightyeightpay.EightyEightPaySettings;
import dev.cobro.adapters.http.mercadopago.MercadoPagoSettings;
import dev.cobro.adapters.http.payme.PaymeSettings;
import dev.cobro.adapters.http.support.HttpTimeouts;
import dev.cobro.application.service.NotificationSigner;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

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
 *                       the key of Cobro's signature on notification URLs, a ring of one key (the
 *                       last key when {@code COBRO_NOTIFICATION_SIGNING_KEYS} is set too); null to
 *                       derive it from each account's API key. Never shown by {@link #toString()}
 * @param eightyEightPayAccounts more 88Pay accounts by account id, from {@code COBRO_88PAY_<ACCOUNT>_*}
 *                       ({@code _BASE_URL}, {@code _API_KEY}, {@code _MERCHANT_ID}, {@code _COUNTRIES}, ...)
 * @param paymeAccounts  more Pay-me accounts by account id, from {@code COBRO_PAYME_<ACCOUNT>_*}
 * @param notificationSigningKeys {@code COBRO_NOTIFICATION_SIGNING_KEYS}
 *                       ({@code id:base64key[,id:base64key...]}): the ring of Cobro's signature, the
 *                       first key signs and every key verifies; empty when not set. Never shown by
 *                       {@link #toString()}
 * @param maxNotificationBodyBytes {@code COBRO_MAX_NOTIFICATION_BODY_BYTES}, the largest notification
 *                       body Cobro reads (default 65536)
 * @param allowInsecureHttp {@code COBRO_ALLOW_INSECURE_HTTP=true} lets provider URLs be plain http on any
 *                       host; without it they are https, or http to a loopback host
 * @param mercadoPagoAccounts every Mercado Pago account by account id: {@code default} from
 *                       {@code COBRO_MERCADOPAGO_*}, the others from {@code COBRO_MERCADOPAGO_<ACCOUNT>_*}
 *                       ({@code _BASE_URL}, {@code _ACCESS_TOKEN}, {@code _WEBHOOK_SECRET}, {@code _COUNTRIES}, ...)
 * @param routes         the ordered hosted-checkout providers of each country (ISO alpha-3) for checkouts
 *                       that name no provider, from {@code COBRO_ROUTES_<COUNTRY>=88pay,mercadopago}
 */
public record CobroConfiguration(String dbUrl, String dbUser, String dbPassword,
                                 EightyEightPaySettings eightyEightPay, PaymeSettings payme, Path home,
                                 byte[] notificationSigningKey, Map<String, EightyEightPayAccount> eightyEightPayAccounts,
                                 Map<String, PaymeSettings> paymeAccounts,
                                 List<NotificationSigner.Key> notificationSigningKeys, int maxNotificationBodyBytes,
                                 boolean allowInsecureHttp, Map<String, MercadoPagoAccount> mercadoPagoAccounts,
                                 Map<String, List<String>> routes) {

    /** Without routes: every checkout names its provider, or its country has one. */
    public CobroConfiguration(String dbUrl, String dbUser, String dbPassword, EightyEightPaySettings eightyEightPay,
                              PaymeSettings payme, Path home, byte[] notificationSigningKey,
                              Map<String, EightyEightPayAccount> eightyEightPayAccounts,
                              Map<String, PaymeSettings> paymeAccounts,
                              List<NotificationSigner.Key> notificationSigningKeys, int maxNotificationBodyBytes,
                              boolean allowInsecureHttp, Map<String, MercadoPagoAccount> mercadoPagoAccounts) {
        this(dbUrl, dbUser, dbPassword, eightyEightPay, payme, home, notificationSigningKey, eightyEightPayAccounts,
                paymeAccounts, notificationSigningKeys, maxNotificationBodyBytes, allowInsecureHttp, mercadoPagoAccounts,
                Map.of());
    }

    /** One Mercado Pago account: its settings and the countries (ISO alpha-3) it serves. */
    public record MercadoPagoAccount(MercadoPagoSettings settings, List<String> countries) {
        public MercadoPagoAccount {
            countries = List.copyOf(countries);
        }
    }

    /** Without Mercado Pago. */
    public CobroConfiguration(String dbUrl, String dbUser, String dbPassword, EightyEightPaySettings eightyEightPay,
                              PaymeSettings payme, Path home, byte[] notificationSigningKey,
                              Map<String, EightyEightPayAccount> eightyEightPayAccounts,
                              Map<String, PaymeSettings> paymeAccounts,
                              List<NotificationSigner.Key> notificationSigningKeys, int maxNotificationBodyBytes,
                              boolean allowInsecureHttp) {
        this(dbUrl, dbUser, dbPassword, eightyEightPay, payme, home, notificationSigningKey, eightyEightPayAccounts,
                paymeAccounts, notificationSigningKeys, maxNotificationBodyBytes, allowInsecureHttp, Map.of());
    }

    /** One more 88Pay account: its settings and the countries (ISO alpha-3) it serves. */
    public record EightyEightPayAccount(EightyEightPaySettings settings, List<String> countries) {
        public EightyEightPayAccount {
            countries = List.copyOf(countries);
        }
    }

    public CobroConfiguration {
        eightyEightPayAccounts = eightyEightPayAccounts == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(eightyEightPayAccounts));
        paymeAccounts = paymeAccounts == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(paymeAccounts));
        notificationSigningKeys = notificationSigningKeys == null ? List.of() : List.copyOf(notificationSigningKeys);
        mercadoPagoAccounts = mercadoPagoAccounts == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(mercadoPagoAccounts));
        Map<String, List<String>> routeCopy = new LinkedHashMap<>();
        if (routes != null) {
            routes.forEach((country, providers) -> routeCopy.put(country, List.copyOf(providers)));
        }
        routes = Collections.unmodifiableMap(routeCopy);
    }

    /** Whether any Mercado Pago account is configured. */
    public boolean hasMercadoPago() {
        return !mercadoPagoAccounts.isEmpty();
    }

    /** Without a signing key ring. */
    public CobroConfiguration(String dbUrl, String dbUser, String dbPassword, EightyEightPaySettings eightyEightPay,
                              PaymeSettings payme, Path home, byte[] notificationSigningKey,
                              Map<String, EightyEightPayAccount> eightyEightPayAccounts,
                              Map<String, PaymeSettings> paymeAccounts) {
        this(dbUrl, dbUser, dbPassword, eightyEightPay, payme, home, notificationSigningKey, eightyEightPayAccounts,
                paymeAccounts, List.of(), DEFAULT_MAX_NOTIFICATION_BODY_BYTES, false);
    }

    /** One account per provider (the {@code default} one). */
    public CobroConfiguration(String dbUrl, String dbUser, String dbPassword, EightyEightPaySettings eightyEightPay,
                              PaymeSettings payme, Path home, byte[] notificationSigningKey) {
        this(dbUrl, dbUser, dbPassword, eightyEightPay, payme, home, notificationSigningKey, Map.of(), Map.of(),
                List.of(), DEFAULT_MAX_NOTIFICATION_BODY_BYTES, false);
    }

    /** Whether any 88Pay account (the default one or a named one) is configured. */
    public boolean hasEightyEightPay() {
        return eightyEightPay != null || !eightyEightPayAccounts.isEmpty();
    }

    /** Whether any Pay-me account is configured. */
    public boolean hasPayme() {
        return payme != null || !paymeAccounts.isEmpty();
    }

    /** Configures every account of both providers and the notification signing keys on {@code builder}. */
    public dev.cobro.bootstrap.Cobro.Builder configure(dev.cobro.bootstrap.Cobro.Builder builder) {
        return providers(builder).notificationSigningKey(notificationSigningKey)
                .notificationSigningKeys(notificationSigningKeys);
    }

    /**
     * Configures every account of both providers on {@code builder}, whether their URLs may be plain
     * http, and the largest notification body they may send.
     */
    public dev.cobro.bootstrap.Cobro.Builder providers(dev.cobro.bootstrap.Cobro.Builder builder) {
        builder.eightyEightPay(eightyEightPay).payme(payme).maxNotificationBodyBytes(maxNotificationBodyBytes);
        if (allowInsecureHttp) {
            builder.allowInsecureHttp();
        }
        eightyEightPayAccounts.forEach((account, settings) -> builder.eightyEightPay(account, settings.settings(),
                settings.countries().toArray(String[]::new)));
        paymeAccounts.forEach(builder::payme);
        mercadoPagoAccounts.forEach((account, settings) -> builder.mercadoPago(account, settings.settings(),
                settings.countries().toArray(String[]::new)));
        routes.forEach((country, providers) -> builder.routing(country, providers.toArray(String[]::new)));
        return builder;
    }

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
    /** The key ring of Cobro's signature, {@code id:base64key[,id:base64key...]}: the first signs, every key verifies. */
    public static final String NOTIFICATION_SIGNING_KEYS = "COBRO_NOTIFICATION_SIGNING_KEYS";
    /** The 88Pay account's earlier API keys, comma-separated: the URLs signed with keys derived from them still verify. */
    public static final String EP_PREVIOUS_API_KEYS = "COBRO_88PAY_PREVIOUS_API_KEYS";
    public static final String MP_BASE_URL = "COBRO_MERCADOPAGO_BASE_URL";
    public static final String MP_ACCESS_TOKEN = "COBRO_MERCADOPAGO_ACCESS_TOKEN";
    /** The webhooks' secret signature: Mercado Pago's x-signature on notifications is then required and checked. */
    public static final String MP_WEBHOOK_SECRET = "COBRO_MERCADOPAGO_WEBHOOK_SECRET";
    public static final String MP_COUNTRIES = "COBRO_MERCADOPAGO_COUNTRIES";
    public static final Duration DEFAULT_MERCADOPAGO_READ = Duration.ofSeconds(20);
    public static final String PM_AUTH_URL = "COBRO_PAYME_AUTH_URL";
    public static final String PM_API_URL = "COBRO_PAYME_API_URL";
    public static final String PM_CLIENT_ID = "COBRO_PAYME_CLIENT_ID";
    public static final String PM_CLIENT_SECRET = "COBRO_PAYME_CLIENT_SECRET";
    public static final String PM_AUDIENCE = "COBRO_PAYME_AUDIENCE";
    public static final String PM_SCOPE = "COBRO_PAYME_SCOPE";
    public static final String PM_CONNECT_TIMEOUT = "COBRO_PAYME_CONNECT_TIMEOUT_MS";
    public static final String PM_READ_TIMEOUT = "COBRO_PAYME_READ_TIMEOUT_MS";
    public static final String HOME = "COBRO_HOME";
    /** The largest notification body Cobro reads, in bytes. */
    public static final String MAX_NOTIFICATION_BODY_BYTES = "COBRO_MAX_NOTIFICATION_BODY_BYTES";
    /** {@code true}: provider URLs may be plain http on any host (a sandbox elsewhere); never in production. */
    public static final String ALLOW_INSECURE_HTTP = "COBRO_ALLOW_INSECURE_HTTP";
    public static final int DEFAULT_MAX_NOTIFICATION_BODY_BYTES = 64 * 1024;
    /** {@code COBRO_ROUTES_<COUNTRY>=88pay,mercadopago}: the ordered providers of a country's checkouts that name none. */
    public static final String ROUTES_PREFIX = "COBRO_ROUTES_";

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

        EightyEightPaySettings eightyEightPay = eightyEightPay(r, EP_PREFIX, "88Pay");
        Map<String, EightyEightPayAccount> eightyEightPayAccounts = new LinkedHashMap<>();
        for (String account : accounts(env, EP_PREFIX, EP_SUFFIXES, problems)) {
            String prefix = EP_PREFIX + account.toUpperCase(Locale.ROOT) + "_";
            EightyEightPaySettings settings = eightyEightPay(r, prefix, "88Pay account " + account);
            List<String> countries = r.countries(prefix + "COUNTRIES");
            if (settings != null) {
                eightyEightPayAccounts.put(account, new EightyEightPayAccount(settings, countries));
            }
        }
        Map<String, MercadoPagoAccount> mercadoPagoAccounts = new LinkedHashMap<>();
        MercadoPagoSettings mercadoPago = mercadoPago(r, MP_PREFIX, "Mercado Pago");
        if (mercadoPago != null) {
            mercadoPagoAccounts.put("default", new MercadoPagoAccount(mercadoPago, r.countries(MP_COUNTRIES)));
        }
        for (String account : accounts(env, MP_PREFIX, MP_SUFFIXES, problems)) {
            String prefix = MP_PREFIX + account.toUpperCase(Locale.ROOT) + "_";
            MercadoPagoSettings settings = mercadoPago(r, prefix, "Mercado Pago account " + account);
            List<String> countries = r.countries(prefix + "COUNTRIES");
            if (settings != null) {
                mercadoPagoAccounts.put(account, new MercadoPagoAccount(settings, countries));
            }
        }
        PaymeSettings payme = payme(r, PM_PREFIX, "Pay-me");
        Map<String, PaymeSettings> paymeAccounts = new LinkedHashMap<>();
        for (String account : accounts(env, PM_PREFIX, PM_SUFFIXES, problems)) {
            PaymeSettings settings = payme(r, PM_PREFIX + account.toUpperCase(Locale.ROOT) + "_",
                    "Pay-me account " + account);
            if (settings != null) {
                paymeAccounts.put(account, settings);
            }
        }

        String signingKey = r.optional(NOTIFICATION_SIGNING_KEY);
        byte[] notificationSigningKey = signingKey == null ? null
                : signingKey.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (notificationSigningKey != null && notificationSigningKey.length < 16) {
            problems.add(NOTIFICATION_SIGNING_KEY + " must be at least 16 bytes long");
        }

        List<NotificationSigner.Key> notificationSigningKeys = List.of();
        String ring = r.optional(NOTIFICATION_SIGNING_KEYS);
        if (ring != null) {
            try {
                notificationSigningKeys = NotificationSigner.Key.parseRing(ring);
                NotificationSigner.KeyRing.of(notificationSigningKeys);
            } catch (IllegalArgumentException e) {
                // The message names the entry's position, never its text.
                problems.add(NOTIFICATION_SIGNING_KEYS + ": " + e.getMessage());
            }
        }
        int maxNotificationBodyBytes = DEFAULT_MAX_NOTIFICATION_BODY_BYTES;
        String maxBody = r.optional(MAX_NOTIFICATION_BODY_BYTES);
        if (maxBody != null) {
            try {
                maxNotificationBodyBytes = Integer.parseInt(maxBody);
            } catch (NumberFormatException e) {
                maxNotificationBodyBytes = 0;
            }
            if (maxNotificationBodyBytes < 1) {
                problems.add(MAX_NOTIFICATION_BODY_BYTES + " must be a positive whole number of bytes (e.g. 65536)");
            }
        }
        String insecure = r.optional(ALLOW_INSECURE_HTTP);
        if (insecure != null && !insecure.equalsIgnoreCase("true") && !insecure.equalsIgnoreCase("false")) {
            problems.add(ALLOW_INSECURE_HTTP + " must be true or false");
        }
        boolean allowInsecureHttp = "true".equalsIgnoreCase(insecure);

        Map<String, List<String>> routes = routes(env, r, problems);

        String homeValue = r.optional(HOME);
        Path home = homeValue != null ? Path.of(homeValue) : Path.of(System.getProperty("user.home"), ".cobro");
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return new CobroConfiguration(dbUrl, r.optional(DB_USER), r.optional(DB_PASSWORD), eightyEightPay, payme, home,
                notificationSigningKey, eightyEightPayAccounts, paymeAccounts, notificationSigningKeys,
                maxNotificationBodyBytes, allowInsecureHttp, mercadoPagoAccounts, routes);
    }

    /**
     * The routes {@code COBRO_ROUTES_<COUNTRY>} give, by country in alphabetical order. Whether each
     * provider is configured is checked when Cobro is built, which knows a host's own providers too.
     */
    private static Map<String, List<String>> routes(Map<String, String> env, Reader r, List<String> problems) {
        Map<String, List<String>> routes = new LinkedHashMap<>();
        for (String name : new TreeSet<>(env.keySet())) {
            if (!name.startsWith(ROUTES_PREFIX) || r.optional(name) == null) {
                continue;
            }
            String country = name.substring(ROUTES_PREFIX.length());
            if (!country.matches("[A-Z]{3}")) {
                problems.add(name + ": the name must end with an ISO alpha-3 country code (e.g. " + ROUTES_PREFIX
                        + "MEX)");
                continue;
            }
            List<String> providers = r.list(name);
            if (providers.isEmpty() || !providers.stream().allMatch(p -> p.matches("[a-z0-9][a-z0-9_-]{0,31}"))) {
                problems.add(name + " must list provider ids separated by commas, in the order to try them"
                        + " (e.g. 88pay,mercadopago)");
            } else if (Set.copyOf(providers).size() != providers.size()) {
                problems.add(name + " lists a provider twice");
            } else {
                routes.put(country, providers);
            }
        }
        return routes;
    }

    private static final String EP_PREFIX = "COBRO_88PAY_";
    private static final List<String> EP_SUFFIXES = List.of("BASE_URL", "API_KEY", "MERCHANT_ID", "CONNECT_TIMEOUT_MS",
            "READ_TIMEOUT_MS", "WEBHOOK_SECRET", "COUNTRIES", "PREVIOUS_API_KEYS");
    private static final String MP_PREFIX = "COBRO_MERCADOPAGO_";
    private static final List<String> MP_SUFFIXES = List.of("BASE_URL", "ACCESS_TOKEN", "WEBHOOK_SECRET", "COUNTRIES",
            "CONNECT_TIMEOUT_MS", "READ_TIMEOUT_MS", "SUCCESS_URL", "PENDING_URL", "FAILURE_URL");
    private static final String PM_PREFIX = "COBRO_PAYME_";
    private static final List<String> PM_SUFFIXES = List.of("AUTH_URL", "API_URL", "CLIENT_ID", "CLIENT_SECRET",
            "AUDIENCE", "SCOPE", "CONNECT_TIMEOUT_MS", "READ_TIMEOUT_MS");

    /**
     * The named accounts the environment configures: {@code <prefix><ACCOUNT>_<SUFFIX>}, the account
     * id the lower-case {@code ACCOUNT} (letters, digits, '_'). {@code DEFAULT} is refused: the
     * default account is the one of the variables without an account.
     */
    private static List<String> accounts(Map<String, String> env, String prefix, List<String> suffixes,
                                         List<String> problems) {
        Set<String> found = new TreeSet<>();
        for (String name : env.keySet()) {
            if (!name.startsWith(prefix)) {
                continue;
            }
            for (String suffix : suffixes) {
                String tail = "_" + suffix;
                if (name.endsWith(tail) && name.length() > prefix.length() + tail.length()) {
                    String account = name.substring(prefix.length(), name.length() - tail.length());
                    if (!account.matches("[A-Z0-9_]{1,32}")) {
                        continue;
                    }
                    if (account.equals("DEFAULT")) {
                        problems.add(name + ": the default account is configured by " + prefix + suffix);
                    } else {
                        found.add(account.toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
        return List.copyOf(found);
    }

    /** One 88Pay account from {@code <prefix>BASE_URL} and its siblings, or null when none of them is set. */
    private static EightyEightPaySettings eightyEightPay(Reader r, String prefix, String what) {
        String baseName = prefix + "BASE_URL";
        String keyName = prefix + "API_KEY";
        String merchantName = prefix + "MERCHANT_ID";
        String connectName = prefix + "CONNECT_TIMEOUT_MS";
        String readName = prefix + "READ_TIMEOUT_MS";
        String secretName = prefix + "WEBHOOK_SECRET";
        String previousName = prefix + "PREVIOUS_API_KEYS";
        if (!r.anySet(baseName, keyName, merchantName, connectName, readName, secretName, prefix + "COUNTRIES",
                previousName)) {
            return null;
        }
        String base = r.url(baseName);
        String key = r.required(keyName);
        String merchant = r.required(merchantName);
        Duration connect = r.millis(connectName, DEFAULT_CONNECT);
        Duration read = r.millis(readName, DEFAULT_88PAY_READ);
        String webhookSecret = r.optional(secretName);
        List<String> previousApiKeys = r.list(previousName);
        if (base != null && key != null && merchant != null && connect != null && read != null) {
            return r.build(what, () -> new EightyEightPaySettings(base, key, merchant,
                    new HttpTimeouts(connect, read), Duration.ZERO, webhookSecret, previousApiKeys));
        }
        return null;
    }

    /**
     * One Mercado Pago account from {@code <prefix>ACCESS_TOKEN} and its siblings, or null when none of
     * them is set; the base URL defaults to Mercado Pago's production API.
     */
    private static MercadoPagoSettings mercadoPago(Reader r, String prefix, String what) {
        String baseName = prefix + "BASE_URL";
        String tokenName = prefix + "ACCESS_TOKEN";
        String secretName = prefix + "WEBHOOK_SECRET";
        String connectName = prefix + "CONNECT_TIMEOUT_MS";
        String readName = prefix + "READ_TIMEOUT_MS";
        String successName = prefix + "SUCCESS_URL";
        String pendingName = prefix + "PENDING_URL";
        String failureName = prefix + "FAILURE_URL";
        if (!r.anySet(baseName, tokenName, secretName, connectName, readName, prefix + "COUNTRIES", successName,
                pendingName, failureName)) {
            return null;
        }
        String base = r.optional(baseName) == null ? MercadoPagoSettings.PRODUCTION_BASE_URL : r.url(baseName);
        String token = r.required(tokenName);
        Duration connect = r.millis(connectName, DEFAULT_CONNECT);
        Duration read = r.millis(readName, DEFAULT_MERCADOPAGO_READ);
        String secret = r.optional(secretName);
        String success = r.optional(successName);
        String pending = r.optional(pendingName);
        String failure = r.optional(failureName);
        if (base != null && token != null && connect != null && read != null) {
            return r.build(what, () -> new MercadoPagoSettings(base, token, secret, new HttpTimeouts(connect, read),
                    success, pending, failure));
        }
        return null;
    }

    /** One Pay-me account from {@code <prefix>AUTH_URL} and its siblings, or null when none of them is set. */
    private static PaymeSettings payme(Reader r, String prefix, String what) {
        String authName = prefix + "AUTH_URL";
        String apiName = prefix + "API_URL";
        String clientName = prefix + "CLIENT_ID";
        String secretName = prefix + "CLIENT_SECRET";
        String audienceName = prefix + "AUDIENCE";
        String scopeName = prefix + "SCOPE";
        String connectName = prefix + "CONNECT_TIMEOUT_MS";
        String readName = prefix + "READ_TIMEOUT_MS";
        if (!r.anySet(authName, apiName, clientName, secretName, audienceName, scopeName, connectName, readName)) {
            return null;
        }
        String auth = r.url(authName);
        String api = r.url(apiName);
        String client = r.required(clientName);
        String secret = r.required(secretName);
        Duration connect = r.millis(connectName, DEFAULT_CONNECT);
        Duration read = r.millis(readName, DEFAULT_PAYME_READ);
        if (auth != null && api != null && client != null && secret != null && connect != null && read != null) {
            PaymeSettings defaults = r.build(what, () -> PaymeSettings.defaults(auth, api, client, secret));
            if (defaults != null) {
                String audience = Optional.ofNullable(r.optional(audienceName)).orElse(defaults.audience());
                String scope = Optional.ofNullable(r.optional(scopeName)).orElse(defaults.scope());
                return r.build(what, () -> new PaymeSettings(auth, api, client, secret, audience, scope,
                        new HttpTimeouts(connect, read)));
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "CobroConfiguration[db=" + (dbUrl == null ? "embedded in " + home : dbUrl)
                + ", 88pay=" + (eightyEightPay == null ? "not configured" : "configured")
                + ", payme=" + (payme == null ? "not configured" : "configured")
                + (eightyEightPayAccounts.isEmpty() ? "" : ", 88pay accounts=" + eightyEightPayAccounts.keySet())
                + (paymeAccounts.isEmpty() ? "" : ", payme accounts=" + paymeAccounts.keySet())
                + (mercadoPagoAccounts.isEmpty() ? "" : ", mercadopago accounts=" + mercadoPagoAccounts.keySet())
                + ", notificationSigningKey=" + (notificationSigningKey == null ? "derived" : "***")
                + (notificationSigningKeys.isEmpty() ? "" : ", notificationSigningKeys=" + notificationSigningKeys.stream()
                .map(NotificationSigner.Key::id).toList())
                + ", maxNotificationBodyBytes=" + maxNotificationBodyBytes
                + (allowInsecureHttp ? ", allowInsecureHttp" : "")
                + (routes.isEmpty() ? "" : ", routes=" + routes) + "]";
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

        /** Comma-separated values, each trimmed, blanks dropped; empty when unset. Never quoted. */
        List<String> list(String name) {
            String value = optional(name);
            if (value == null) {
                return List.of();
            }
            return java.util.Arrays.stream(value.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
        }

        /** Comma-separated ISO alpha-3 country codes, upper-cased; empty when unset. */
        List<String> countries(String name) {
            String value = optional(name);
            if (value == null) {
                return List.of();
            }
            List<String> countries = new ArrayList<>();
            for (String part : value.split(",")) {
                String country = part.trim().toUpperCase(Locale.ROOT);
                if (!country.matches("[A-Z]{3}")) {
                    problems.add(name + " must list ISO alpha-3 country codes separated by commas (e.g. COL,MEX)");
                    return List.of();
                }
                countries.add(country);
            }
            return countries;
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
