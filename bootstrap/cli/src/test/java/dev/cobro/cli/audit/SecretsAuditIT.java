package dev.cobro.cli.audit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import dev.cobro.adapters.http.eightyeightpay.EightyEightPaySettings;
import dev.cobro.adapters.http.payme.PaymeSettings;
import dev.cobro.adapters.http.support.HttpTimeouts;
import dev.cobro.application.port.in.AuthorizationResult;
import dev.cobro.application.port.in.AuthorizeCardCommand;
import dev.cobro.application.port.in.AuthorizeCardCommand.CardData;
import dev.cobro.application.port.in.CheckoutPaymentResult;
import dev.cobro.application.port.in.RecordPaymentNotificationCommand;
import dev.cobro.application.port.in.ResolutionReport;
import dev.cobro.application.port.in.ResolveUnknownOutcomesCommand;
import dev.cobro.application.port.in.ReverseAuthorizationCommand;
import dev.cobro.application.port.in.StartCheckoutPaymentCommand;
import dev.cobro.application.service.ResolverSettings;
import dev.cobro.bootstrap.Cobro;
import dev.cobro.cli.CobroCli;
import dev.cobro.cli.ExitCodes;
import dev.cobro.bench.BenchCommand;
import dev.cobro.testkit.ProviderSandbox;
import dev.cobro.testkit.SandboxNotification;
import dev.cobro.domain.payment.NotificationOutcome;
import dev.cobro.domain.payment.PaymentNotification;
import dev.cobro.db.testing.TestDatabase;
import dev.cobro.domain.authorization.Address;
import dev.cobro.domain.authorization.AuthorizationStatus;
import dev.cobro.domain.authorization.CardHolder;
import dev.cobro.domain.authorization.Channel;
import dev.cobro.domain.payment.CustomerId;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.Money;
import dev.cobro.domain.shared.ProviderId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In one JVM: every log line (root logger at DEBUG), a small bench of both providers, the demo's
 * flows (two 88Pay accounts, each with its own webhook secret and a previous API key), a timeout
 * resolved, a few faults, the CLI's health with a key ring that no longer holds an open payment's key;
 * then every column of every row of schema cobro. Not one card number, CVV, card token, API key
 * (current or previous), client secret, webhook secret, signing key or access token may be found in
 * any of it.
 */
class SecretsAuditIT {

    private static final String CVV = "365";
    /** The bench's CVV (BenchWorkload.CVV). */
    private static final String BENCH_CVV = "123";
    private static final String BAD_PAN = "4111111111111112";
    private static final String CARD_ON_FILE_TOKEN = "7c9f1a2b3c4d5e6f0051";
    /** The default account's API key before the current one: its derived signing key still verifies. */
    private static final String PREVIOUS_API_KEY = "sk_test_audit_previous_key_7731";
    /** A second 88Pay account (COL) with its own API key, previous API key and webhook secret. */
    private static final String COL_MERCHANT = "MCH-COL-AUDIT-4Q7";
    private static final String COL_API_KEY = "sk_test_audit_col_key_5521";
    private static final String COL_PREVIOUS_API_KEY = "sk_test_audit_col_previous_4409";
    /** COL's API key after a rotation that forgot to list {@link #COL_API_KEY} as previous. */
    private static final String COL_ROTATED_API_KEY = "sk_test_audit_col_rotated_8812";
    private static final String COL_WEBHOOK_SECRET = "whsec_col_audit_0123456789abcdef";
    /** The keys of Cobro's signature ring (COBRO_NOTIFICATION_SIGNING_KEYS), as text and as configured (base64). */
    private static final String RING_KEY_NEW = "audit-ring-key-new-0123456789abc";
    private static final String RING_KEY_OLD = "audit-ring-key-old-0123456789abc";
    private static final String RING = "audit-new:" + base64(RING_KEY_NEW) + ",audit-old:" + base64(RING_KEY_OLD);
    /** The bearer token of the sandbox webhook the demo flows fed in. */
    private String webhookBearer;
    /** The bearer token of the COL account's webhook, encrypted with that account's own secret. */
    private String colWebhookBearer;
    /** Columns where a provider session id belongs: the one it is matched on, and the notification's own. */
    private static final Pattern SESSION_COLUMNS =
            Pattern.compile("(checkout_payment\\.provider_session_id|payment_notification\\.session_id)#\\d+");

    private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();
    private static ch.qos.logback.classic.Logger root;
    private static Level rootLevel;
    private static Level cobroLevel;
    private static final List<Appender<ILoggingEvent>> DETACHED = new ArrayList<>();

    /** Exceptions, stdout and stderr of everything the audit ran: they are output too. */
    private final StringBuilder outputs = new StringBuilder();

    @BeforeAll
    static void captureEveryLogLine() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        rootLevel = root.getLevel();
        cobroLevel = context.getLogger("dev.cobro").getLevel();
        // The console would print every DEBUG line into the build's output; the list keeps them all.
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            DETACHED.add(it.next());
        }
        DETACHED.forEach(root::detachAppender);
        LOGS.setContext(context);
        LOGS.start();
        root.addAppender(LOGS);
        root.setLevel(Level.DEBUG);
        context.getLogger("dev.cobro").setLevel(Level.DEBUG);
    }

    @AfterAll
    static void restoreLogging() {
        root.detachAppender(LOGS);
        LOGS.stop();
        DETACHED.forEach(root::addAppender);
        root.setLevel(rootLevel);
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("dev.cobro").setLevel(cobroLevel);
    }

    @Test
    void noCardNumberCvvTokenKeyOrSecretReachesALogLineAnOutputOrAColumn() throws Exception {
        TestDatabase.Handle db = TestDatabase.freshDatabase();
        List<String> accessTokens;
        List<String> sessions;
        // The no-answer card is held far past Pay-me's read timeout below, which no answer nears on a loaded machine.
        try (ProviderSandbox sandbox = ProviderSandbox.builder().noAnswerHold(Duration.ofSeconds(30))
                .eightyEightPayMerchant(COL_API_KEY, COL_MERCHANT, COL_WEBHOOK_SECRET).start();
             TokenRecordingProxy proxy = new TokenRecordingProxy(sandbox.baseUrl())) {
            runTheDemoFlows(db, sandbox, proxy);
            runTheFaults(db);
            runTheBenches(db, proxy);
            runHealthWithTheRing(db, proxy);
            accessTokens = List.copyOf(proxy.tokens());
            sessions = List.copyOf(proxy.sessions());
        }

        // Nothing here is vacuous: tokens were issued, lines were logged, rows were written.
        assertThat(accessTokens).hasSizeGreaterThanOrEqualTo(4);
        assertThat(sessions).isNotEmpty();
        List<String> logLines = logLines();
        assertThat(logLines).hasSizeGreaterThan(100);
        Map<String, String> columns = everyColumnOfEveryRow(db);
        assertThat(columns).hasSizeGreaterThan(1000);

        Map<String, Pattern> secrets = secrets(accessTokens);
        secrets.put("the webhook's bearer token", literal(webhookBearer));
        secrets.put("the COL webhook's bearer token", literal(colWebhookBearer));
        List<String> findings = new ArrayList<>();
        // A session id names every payment of its token's window: stored only in its column.
        for (int i = 0; i < sessions.size(); i++) {
            String name = "88Pay session #" + (i + 1);
            Pattern session = literal(sessions.get(i));
            logLines.stream().filter(line -> session.matcher(line).find())
                    .forEach(line -> findings.add("log line: " + name + " in '" + head(line, secrets) + "'"));
            columns.forEach((where, value) -> {
                if (!SESSION_COLUMNS.matcher(where).matches() && session.matcher(value).find()) {
                    findings.add("database " + where + ": " + name);
                }
            });
            if (session.matcher(outputs).find()) {
                findings.add("command output, toString or exception: " + name);
            }
        }
        for (Map.Entry<String, Pattern> secret : secrets.entrySet()) {
            for (String line : logLines) {
                if (secret.getValue().matcher(line).find()) {
                    findings.add("log line: " + secret.getKey() + " in '" + head(line, secrets) + "'");
                }
            }
            columns.forEach((where, value) -> {
                if (secret.getValue().matcher(value).find()) {
                    findings.add("database " + where + ": " + secret.getKey());
                }
            });
            if (secret.getValue().matcher(outputs).find()) {
                findings.add("command output or exception: " + secret.getKey());
            }
        }
        assertThat(findings).as("secrets found (their values are not repeated here)").isEmpty();
    }

    // --- what runs ---------------------------------------------------------------------------------

    private void runTheDemoFlows(TestDatabase.Handle db, ProviderSandbox sandbox, TokenRecordingProxy proxy) {
        try (Cobro cobro = Cobro.builder()
                .dataSource(db.dataSource())
                .eightyEightPay(EightyEightPaySettings.defaults(proxy.url() + "/88pay",
                        ProviderSandbox.DEFAULT_88PAY_API_KEY, ProviderSandbox.DEFAULT_88PAY_MERCHANT_ID)
                        .withWebhookSecret(ProviderSandbox.DEFAULT_88PAY_WEBHOOK_SECRET)
                        .withPreviousApiKeys(PREVIOUS_API_KEY))
                .eightyEightPay("col", EightyEightPaySettings.defaults(proxy.url() + "/88pay", COL_API_KEY,
                                COL_MERCHANT).withWebhookSecret(COL_WEBHOOK_SECRET)
                        .withPreviousApiKeys(COL_PREVIOUS_API_KEY), "COL")
                .payme(new PaymeSettings(proxy.url() + "/payme/auth", proxy.url() + "/payme/api",
                        ProviderSandbox.DEFAULT_PAYME_CLIENT_ID, ProviderSandbox.DEFAULT_PAYME_CLIENT_SECRET,
                        "https://api.dev.alignet.io", PaymeSettings.DEFAULT_SCOPE,
                        new HttpTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10))))
                .resolverSettings(new ResolverSettings(Duration.ZERO, Duration.ofMinutes(5), 5, Duration.ofHours(72)))
                .build()) {
            CheckoutPaymentResult checkout = cobro.checkoutPayments().start(StartCheckoutPaymentCommand.builder()
                    .provider("88pay")
                    .merchantReference("audit-" + UUID.randomUUID())
                    .customerId("audit-customer")
                    .amount(new BigDecimal("100.00"))
                    .currency("MXN")
                    .country("MEX")
                    .method("CARDS", "CARD")
                    .description("Compra #3")
                    .notificationUrl("https://merchant.example.com/notify")
                    .returnUrl("https://merchant.example.com/return")
                    .build());
            assertThat(checkout.payment().status()).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
            SandboxNotification webhook = sandbox.notification(checkout.payment().checkoutUrl(), "COMPLETED");
            webhookBearer = webhook.headers().get("Authorization").substring("Bearer ".length());
            PaymentNotification applied = cobro.notifications().record(new RecordPaymentNotificationCommand(
                    ProviderId.EIGHTY_EIGHT_PAY, webhook.url(), webhook.body(), webhook.headers()));
            assertThat(applied.outcome()).isEqualTo(NotificationOutcome.APPLIED);
            // A forged one (no signature) and a repeat are stored too.
            PaymentNotification forged = cobro.notifications().record(new RecordPaymentNotificationCommand(
                    ProviderId.EIGHTY_EIGHT_PAY, webhook.body(), Map.of()));
            PaymentNotification repeat = cobro.notifications().record(new RecordPaymentNotificationCommand(
                    ProviderId.EIGHTY_EIGHT_PAY, webhook.url(), webhook.body(), webhook.headers()));
            assertThat(forged.outcome()).isEqualTo(NotificationOutcome.UNVERIFIED);
            assertThat(repeat.outcome()).isEqualTo(NotificationOutcome.DUPLICATE);
            // The COL account's payment is proven by COL's own webhook secret; a second one stays open,
            // signed with the key derived from COL's API key, for the health check below.
            CheckoutPaymentResult col = cobro.checkoutPayments().start(colCheckout());
            CheckoutPaymentResult colOpen = cobro.checkoutPayments().start(colCheckout());
            SandboxNotification colWebhook = sandbox.notification(col.payment().checkoutUrl(), "COMPLETED");
            colWebhookBearer = colWebhook.headers().get("Authorization").substring("Bearer ".length());
            PaymentNotification colApplied = cobro.notifications().record(new RecordPaymentNotificationCommand(
                    ProviderId.EIGHTY_EIGHT_PAY, colWebhook.url(), colWebhook.body(), colWebhook.headers()));
            assertThat(colApplied.outcome()).isEqualTo(NotificationOutcome.APPLIED);
            assertThat(colOpen.payment().status()).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
            outputs.append(col).append('\n').append(colWebhook).append('\n').append(colApplied).append('\n')
                    .append(colOpen).append('\n');
            // Their texts are outputs too: a host logs them.
            outputs.append(checkout).append('\n').append(checkout.payment()).append('\n').append(webhook).append('\n')
                    .append(applied).append('\n').append(forged).append('\n').append(repeat).append('\n')
                    .append(cobro.history().findById(checkout.payment().id().value()).orElseThrow()).append('\n');

            AuthorizationResult approved = cobro.cardAuthorizations().authorize(card(ProviderSandbox.CARD_APPROVED_MASTERCARD));
            AuthorizationResult visa = cobro.cardAuthorizations().authorize(card(ProviderSandbox.CARD_APPROVED_VISA));
            AuthorizationResult declined = cobro.cardAuthorizations().authorize(card(ProviderSandbox.CARD_DECLINED));
            AuthorizationResult onFile = cobro.cardAuthorizations().authorize(command(Channel.CARD_ON_FILE,
                    CardData.token(CARD_ON_FILE_TOKEN, null)));
            assertThat(approved.authorization().status()).isEqualTo(AuthorizationStatus.AUTHORIZED);
            assertThat(visa.authorization().status()).isEqualTo(AuthorizationStatus.AUTHORIZED);
            assertThat(declined.authorization().status()).isEqualTo(AuthorizationStatus.DECLINED);
            assertThat(onFile.authorization().status()).isEqualTo(AuthorizationStatus.AUTHORIZED);
            cobro.reversals().reverse(new ReverseAuthorizationCommand(visa.authorization().id()));

            AuthorizationResult timedOut = cobro.cardAuthorizations().authorize(card(ProviderSandbox.CARD_NO_ANSWER));
            assertThat(timedOut.authorization().status()).isEqualTo(AuthorizationStatus.UNKNOWN);
            ResolutionReport resolved = cobro.resolver().resolve(ResolveUnknownOutcomesCommand.DEFAULT);
            assertThat(resolved.changes()).isNotEmpty();
        }
    }

    private static StartCheckoutPaymentCommand colCheckout() {
        return StartCheckoutPaymentCommand.builder()
                .provider("88pay")
                .merchantReference("audit-col-" + UUID.randomUUID())
                .customerId("audit-customer")
                .amount(new BigDecimal("45000.00"))
                .currency("COP")
                .country("COL")
                .method("CARDS", "CARD")
                .description("Compra #5")
                .notificationUrl("https://merchant.example.com/notify")
                .returnUrl("https://merchant.example.com/return")
                .build();
    }

    private void runTheFaults(TestDatabase.Handle db) throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String nowhere = "http://127.0.0.1:" + closedPort;
        try (Cobro cobro = Cobro.builder()
                .dataSource(db.dataSource())
                .eightyEightPay(EightyEightPaySettings.defaults(nowhere + "/88pay",
                        ProviderSandbox.DEFAULT_88PAY_API_KEY, ProviderSandbox.DEFAULT_88PAY_MERCHANT_ID))
                .payme(PaymeSettings.defaults(nowhere + "/payme/auth", nowhere + "/payme/api",
                        ProviderSandbox.DEFAULT_PAYME_CLIENT_ID, ProviderSandbox.DEFAULT_PAYME_CLIENT_SECRET))
                .build()) {
            record(() -> cobro.cardAuthorizations().authorize(card(BAD_PAN)));
            record(() -> cobro.cardAuthorizations().authorize(card("41111111")));
            record(() -> cobro.cardAuthorizations().authorize(card(ProviderSandbox.CARD_APPROVED_MASTERCARD)));
            record(() -> cobro.checkoutPayments().start(StartCheckoutPaymentCommand.builder()
                    .provider("88pay")
                    .merchantReference("audit-refused-" + UUID.randomUUID())
                    .customerId("audit-customer")
                    .amount(new BigDecimal("12.00"))
                    .currency("MXN")
                    .country("MEX")
                    .method("CARDS", "CARD")
                    .description("Compra #4")
                    .notificationUrl("https://merchant.example.com/notify")
                    .returnUrl("https://merchant.example.com/return")
                    .build()));
        }
    }

    private void runTheBenches(TestDatabase.Handle db, TokenRecordingProxy proxy) {
        Map<String, String> database = Map.of("COBRO_DB_URL", db.jdbcUrl(), "COBRO_DB_USER", db.user(),
                "COBRO_DB_PASSWORD", db.password());
        // Configured providers behind the recording proxy: the tokens the bench gets are known here.
        Map<String, String> configured = new HashMap<>(database);
        configured.put("COBRO_88PAY_BASE_URL", proxy.url() + "/88pay");
        configured.put("COBRO_88PAY_API_KEY", ProviderSandbox.DEFAULT_88PAY_API_KEY);
        configured.put("COBRO_88PAY_MERCHANT_ID", ProviderSandbox.DEFAULT_88PAY_MERCHANT_ID);
        configured.put("COBRO_PAYME_AUTH_URL", proxy.url() + "/payme/auth");
        configured.put("COBRO_PAYME_API_URL", proxy.url() + "/payme/api");
        configured.put("COBRO_PAYME_CLIENT_ID", ProviderSandbox.DEFAULT_PAYME_CLIENT_ID);
        configured.put("COBRO_PAYME_CLIENT_SECRET", ProviderSandbox.DEFAULT_PAYME_CLIENT_SECRET);
        configured.putAll(theNewSecrets(proxy, COL_API_KEY));
        for (String provider : List.of("88pay", "payme")) {
            assertThat(bench(configured, "--provider", provider, "--count", "10", "--concurrency", "2")).isZero();
            // And once on the bench's own sandbox, whose tokens stay unknown: keys, cards and CVVs are still checked.
            assertThat(bench(database, "--provider", provider, "--count", "10", "--concurrency", "2",
                    "--format", "table")).isZero();
        }
    }

    /**
     * The CLI's health, verbose, with the ring, the previous API keys and COL's API key rotated without
     * its old key listed as previous: the open COL payment's signing key is no longer configured, so
     * health is unhealthy and says so, and its start-up warns.
     */
    private void runHealthWithTheRing(TestDatabase.Handle db, TokenRecordingProxy proxy) {
        Map<String, String> env = new HashMap<>(Map.of("COBRO_DB_URL", db.jdbcUrl(), "COBRO_DB_USER", db.user(),
                "COBRO_DB_PASSWORD", db.password(),
                "COBRO_88PAY_BASE_URL", proxy.url() + "/88pay",
                "COBRO_88PAY_API_KEY", ProviderSandbox.DEFAULT_88PAY_API_KEY,
                "COBRO_88PAY_MERCHANT_ID", ProviderSandbox.DEFAULT_88PAY_MERCHANT_ID));
        env.putAll(theNewSecrets(proxy, COL_ROTATED_API_KEY));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            code = CobroCli.execute(new String[] {"health", "--verbose"}, env,
                    new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
        } finally {
            // The CLI sets its own levels; the audit keeps every line.
            root.setLevel(Level.DEBUG);
            ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("dev.cobro").setLevel(Level.DEBUG);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        outputs.append(printed).append('\n').append(err.toString(StandardCharsets.UTF_8));
        assertThat(code).as("health with an open payment whose key left the ring").isEqualTo(ExitCodes.INFRASTRUCTURE);
        assertThat(printed).contains("payments_without_signing_key").contains("1 open payment(s)");
    }

    /** The ring, the previous API keys and the COL account with its own webhook secret, as the environment says them. */
    private static Map<String, String> theNewSecrets(TokenRecordingProxy proxy, String colApiKey) {
        Map<String, String> env = new HashMap<>();
        env.put("COBRO_NOTIFICATION_SIGNING_KEYS", RING);
        env.put("COBRO_88PAY_WEBHOOK_SECRET", ProviderSandbox.DEFAULT_88PAY_WEBHOOK_SECRET);
        env.put("COBRO_88PAY_PREVIOUS_API_KEYS", PREVIOUS_API_KEY);
        env.put("COBRO_88PAY_COL_BASE_URL", proxy.url() + "/88pay");
        env.put("COBRO_88PAY_COL_API_KEY", colApiKey);
        env.put("COBRO_88PAY_COL_MERCHANT_ID", COL_MERCHANT);
        env.put("COBRO_88PAY_COL_COUNTRIES", "COL");
        env.put("COBRO_88PAY_COL_WEBHOOK_SECRET", COL_WEBHOOK_SECRET);
        env.put("COBRO_88PAY_COL_PREVIOUS_API_KEYS", COL_PREVIOUS_API_KEY);
        return env;
    }

    private static String base64(String key) {
        return Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    private int bench(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = BenchCommand.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        outputs.append(out.toString(StandardCharsets.UTF_8)).append('\n').append(err.toString(StandardCharsets.UTF_8));
        return code;
    }

    /** Runs a fault and keeps what it threw, stack trace and causes included. */
    private void record(Supplier<?> fault) {
        try {
            outputs.append(fault.get()).append('\n');
        } catch (RuntimeException e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            outputs.append(trace).append('\n');
        }
    }

    private static AuthorizeCardCommand card(String pan) {
        String expiry = YearMonth.now().plusYears(3).format(DateTimeFormatter.ofPattern("MMyy"));
        return command(Channel.ECOMMERCE, CardData.card(pan, expiry, CVV));
    }

    private static AuthorizeCardCommand command(Channel channel, CardData card) {
        return new AuthorizeCardCommand(ProviderId.PAYME, null, channel, Money.of("25.00", "PEN"), card,
                new CardHolder("Juan Diego", "Perez Sanchez", "juan.perez@email.com", "PER", "DNI", "87654321"),
                Address.billing(null, "Juan Diego", "Perez Sanchez", "juan.perez@gmail.com", "51", "987654321",
                        "Mi casa", "Mi casa", "LIMA", "LIMA", "PE", "18"),
                null, null, null, new CustomerId("audit-customer"));
    }

    // --- what is searched ----------------------------------------------------------------------------

    /** What must never be found, by a name that does not repeat it. */
    private static Map<String, Pattern> secrets(List<String> accessTokens) {
        Map<String, Pattern> secrets = new LinkedHashMap<>();
        for (String pan : List.of(ProviderSandbox.CARD_APPROVED_MASTERCARD, ProviderSandbox.CARD_APPROVED_VISA,
                ProviderSandbox.CARD_DECLINED, ProviderSandbox.CARD_NO_ANSWER, BAD_PAN)) {
            secrets.put("the PAN " + pan.substring(0, 6) + "…" + pan.substring(pan.length() - 4), literal(pan));
        }
        for (String cvv : List.of(CVV, BENCH_CVV)) {
            secrets.put("a CVV in its JSON field", Pattern.compile("\"security_code\"\\s*:\\s*\"?" + cvv + "\\b"));
        }
        secrets.put("the card-on-file token id", literal(CARD_ON_FILE_TOKEN));
        secrets.put("88Pay's API key", literal(ProviderSandbox.DEFAULT_88PAY_API_KEY));
        secrets.put("Pay-me's client secret", literal(ProviderSandbox.DEFAULT_PAYME_CLIENT_SECRET));
        secrets.put("88Pay's webhook secret", literal(ProviderSandbox.DEFAULT_88PAY_WEBHOOK_SECRET));
        secrets.put("88Pay's previous API key", literal(PREVIOUS_API_KEY));
        secrets.put("the COL account's API key", literal(COL_API_KEY));
        secrets.put("the COL account's previous API key", literal(COL_PREVIOUS_API_KEY));
        secrets.put("the COL account's rotated API key", literal(COL_ROTATED_API_KEY));
        secrets.put("the COL account's webhook secret", literal(COL_WEBHOOK_SECRET));
        Map.of("the ring's signing key", RING_KEY_NEW, "the ring's older key", RING_KEY_OLD).forEach((name, key) -> {
            secrets.put(name + " as configured (base64)", literal(base64(key)));
            secrets.put(name + " decoded", literal(key));
        });
        for (int i = 0; i < accessTokens.size(); i++) {
            secrets.put("access token #" + (i + 1) + " issued by the sandbox", literal(accessTokens.get(i)));
        }
        return secrets;
    }

    private static Pattern literal(String secret) {
        return Pattern.compile(Pattern.quote(secret));
    }

    private static List<String> logLines() {
        List<String> lines = new ArrayList<>();
        synchronized (LOGS) {
            for (ILoggingEvent event : LOGS.list) {
                String line = event.getLoggerName() + " " + event.getFormattedMessage();
                if (event.getThrowableProxy() != null) {
                    line += "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy());
                }
                lines.add(line);
            }
        }
        return lines;
    }

    /** "table.column#row" to the value as text, for every table of schema cobro. */
    private static Map<String, String> everyColumnOfEveryRow(TestDatabase.Handle db) throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("select table_name from information_schema.tables"
                    + " where table_schema = 'cobro' and table_type = 'BASE TABLE' order by table_name")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            assertThat(tables).contains("checkout_payment", "card_authorization", "provider_attempt",
                    "status_change", "payment_notification", "token_request");
            for (String table : tables) {
                try (ResultSet rs = st.executeQuery("select * from cobro." + table)) {
                    ResultSetMetaData meta = rs.getMetaData();
                    int row = 0;
                    while (rs.next()) {
                        row++;
                        for (int col = 1; col <= meta.getColumnCount(); col++) {
                            String value = rs.getString(col);
                            if (value != null) {
                                values.put(table + "." + meta.getColumnName(col) + "#" + row, value);
                            }
                        }
                    }
                }
            }
        }
        return values;
    }

    /** The start of a line, enough to find it, with every secret in it hidden: a failure repeats none. */
    private static String head(String line, Map<String, Pattern> secrets) {
        String hidden = line;
        for (Pattern secret : secrets.values()) {
            hidden = secret.matcher(hidden).replaceAll("<hidden>");
        }
        return hidden.length() > 160 ? hidden.substring(0, 160) + "…" : hidden;
    }
}
