package dev.cobro.testkit;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.AESEncrypter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cobro.testkit.SandboxResponse.Reply;

import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * 88Pay as the seed pages describe it: short-lived tokens bound to a session, hosted-checkout
 * charges, and the webhook to {@code notification_url}. Paths are relative to {@code /88pay}.
 */
final class EightyEightPaySimulator {

    /** "expires_in: Token lifetime in seconds. Always 60". */
    static final Duration TOKEN_LIFETIME = Duration.ofSeconds(60);
    /** The receiver "must answer 200 within 5 s" (webhooks guide). */
    private static final Duration WEBHOOK_TIMEOUT = Duration.ofSeconds(5);
    private static final DateTimeFormatter WEBHOOK_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private static final List<String> TEXT_FIELDS = List.of("flow", "method_code", "method_category", "country",
            "currency", "description", "customer_id", "notification_url", "return_url");
    private static final Pattern ALPHA3 = Pattern.compile("[A-Z]{3}");
    /** method_code by method_category (88Pay's documentation, flows and methods). */
    private static final Map<String, Set<String>> METHODS = Map.of(
            "CARD", Set.of("CARDS"),
            "WALLET", Set.of("NEQUI", "DAVIPLATA", "PAYPAL", "MERCADOPAGO"),
            "CASH", Set.of("CASH", "OXXO"),
            "BANK", Set.of("BANK_TRANSFER", "PSE", "SPEI"),
            "CRYPTO", Set.of("USDT"));

    /** The merchants' API keys by merchant id: 88Pay issues one merchant id per country. */
    private final Map<String, String> apiKeys;
    /** The default webhook secret: 88Pay encrypts each webhook's bearer token with its merchant's. */
    private final String webhookSecret;
    /** The merchants' own webhook secrets by merchant id, where they differ from the default one. */
    private final Map<String, String> webhookSecrets;
    private final Clock clock;
    private final String publicBaseUrl;
    private final HttpClient webhookClient;

    private final Map<String, TokenRateLimiter> limiters = new ConcurrentHashMap<>();
    private final Map<String, IssuedToken> tokens = new ConcurrentHashMap<>();
    private final Map<String, Charge> chargesById = new ConcurrentHashMap<>();
    private final AtomicLong chargeSequence = new AtomicLong();

    final AtomicLong tokenRequests = new AtomicLong();
    /** Token requests by the x-merchant-id they named (any answer). */
    final Map<String, AtomicLong> tokenRequestsByMerchant = new ConcurrentHashMap<>();
    /** Charges accepted under a token of each merchant. */
    final Map<String, AtomicLong> chargesByMerchant = new ConcurrentHashMap<>();
    final AtomicLong chargeRequests = new AtomicLong();

    private record IssuedToken(String merchantId, String sessionId, Instant expiresAt) {
    }

    /** What a charge leaves behind for the checkout page and the webhook. */
    record Charge(String id, String merchantId, long sequence, String sessionId, BigDecimal amount, String currency, String customerId,
                  String description, String methodCategory, String methodCode, String notificationUrl) {
    }

    EightyEightPaySimulator(Map<String, String> apiKeys, String webhookSecret, Map<String, String> webhookSecrets,
                            Clock clock, String publicBaseUrl) {
        this.apiKeys = Map.copyOf(apiKeys);
        this.webhookSecret = webhookSecret;
        this.webhookSecrets = Map.copyOf(webhookSecrets);
        this.clock = clock;
        this.publicBaseUrl = publicBaseUrl;
        this.webhookClient = HttpClient.newBuilder()
                .connectTimeout(WEBHOOK_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    SandboxResponse handle(SandboxRequest request) {
        if (request.is("POST", "/api/auth/token")) {
            tokenRequests.incrementAndGet();
            String merchant = request.header("x-merchant-id");
            tokenRequestsByMerchant.computeIfAbsent(merchant == null ? "" : merchant.trim(), m -> new AtomicLong())
                    .incrementAndGet();
            return token(request);
        }
        if (request.is("POST", "/api/transactions/charges")) {
            chargeRequests.incrementAndGet();
            return charge(request);
        }
        if (request.is("POST", "/sandbox/notify")) {
            return notifyControl(request).undelayed();
        }
        if (request.is("POST", "/sandbox/notification")) {
            return notificationControl(request).undelayed();
        }
        if (request.method().equalsIgnoreCase("GET") && request.path().startsWith("/checkout/")) {
            return checkoutPage(request.path().substring("/checkout/".length())).undelayed();
        }
        return error(404, "Not Found");
    }

    // --- POST /api/auth/token ------------------------------------------------------------------

    private Reply token(SandboxRequest request) {
        // x-api-key and x-merchant-id: header names are case-insensitive (the seed writes X-Merchant-Id).
        String givenMerchant = request.header("x-merchant-id");
        String apiKey = givenMerchant == null ? null : apiKeys.get(givenMerchant.trim());
        if (apiKey == null || !SandboxJson.sameSecret(request.header("x-api-key"), apiKey)) {
            return error(401, "Invalid API key or merchant ID");
        }
        Instant now = clock.instant();
        TokenRateLimiter.Decision decision = limiters.computeIfAbsent(givenMerchant, m -> new TokenRateLimiter())
                .tryAcquire(now);
        Map<String, String> rateHeaders = new LinkedHashMap<>();
        rateHeaders.put("X-RateLimit-Limit", Integer.toString(decision.limit()));
        rateHeaders.put("X-RateLimit-Remaining", Integer.toString(decision.remaining()));
        rateHeaders.put("X-RateLimit-Reset", Long.toString(decision.reset().getEpochSecond()));
        if (!decision.allowed()) {
            rateHeaders.put("Retry-After", Long.toString(decision.retryAfterSeconds()));
            ObjectNode body = envelope("Error", 429, "Rate limit exceeded. Please try again later.");
            body.put("retry_after", decision.retryAfterSeconds());
            return Reply.json(429, SandboxJson.bytes(body)).withHeaders(rateHeaders);
        }
        purgeExpiredTokens(now);
        String accessToken = jwtShapedToken();
        String sessionId = "sess_" + UUID.randomUUID();
        tokens.put(accessToken, new IssuedToken(givenMerchant.trim(), sessionId, now.plus(TOKEN_LIFETIME)));
        ObjectNode body = envelope("Success", 200, "Token generated successfully");
        body.putObject("data")
                .put("access_token", accessToken)
                .put("expires_in", TOKEN_LIFETIME.toSeconds())
                .put("session_id", sessionId);
        return Reply.json(200, SandboxJson.bytes(body)).withHeaders(rateHeaders);
    }

    /** Shaped like the seed's JWT ("eyJhbGciOiJFQ0RILU...") but opaque: nothing may parse it. */
    private static String jwtShapedToken() {
        String header = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"sandbox\"}".getBytes(StandardCharsets.UTF_8));
        return header + "." + SandboxJson.randomToken(24) + "." + SandboxJson.randomToken(16);
    }

    private void purgeExpiredTokens(Instant now) {
        tokens.values().removeIf(token -> !now.isBefore(token.expiresAt()));
    }

    // --- POST /api/transactions/charges --------------------------------------------------------

    private Reply charge(SandboxRequest request) {
        String accessToken = request.bearerToken();
        String sessionId = request.header("x-session-id");
        if (accessToken == null || sessionId == null || sessionId.isBlank()) {
            // Troubleshooting "401 errors": "Verify both Authorization and x-session-id headers are included".
            return error(401, "Unauthorized: Authorization and x-session-id headers are required");
        }
        IssuedToken token = tokens.get(accessToken);
        if (token == null) {
            return error(401, "Unauthorized: invalid token");
        }
        if (!clock.instant().isBefore(token.expiresAt())) {
            return error(401, "Unauthorized: token expired");
        }
        if (!token.sessionId().equals(sessionId.trim())) {
            return error(401, "Unauthorized: session does not match the token");
        }
        JsonNode body = SandboxJson.read(request.body());
        if (body == null || !body.isObject()) {
            return error(400, "Invalid request: the body must be a JSON object");
        }
        List<String> problems = new ArrayList<>();
        for (String field : TEXT_FIELDS) {
            JsonNode value = body.get(field);
            if (value == null || value.isNull()) {
                problems.add(field + " is required");
            } else if (!value.isTextual()) {
                problems.add(field + " must be a string");
            } else if (value.asText().isBlank()) {
                problems.add(field + " must not be empty");
            }
        }
        JsonNode amountNode = body.get("amount");
        if (amountNode == null || amountNode.isNull()) {
            problems.add("amount is required");
        } else if (!amountNode.isNumber()) {
            problems.add("amount must be a number");
        } else if (amountNode.decimalValue().signum() <= 0) {
            problems.add("amount must be greater than zero");
        }
        if (problems.isEmpty()) {
            checkFormats(body, problems);
        }
        if (!problems.isEmpty()) {
            return error(400, "Invalid request: " + String.join("; ", problems));
        }
        String category = body.get("method_category").asText();
        String code = body.get("method_code").asText();
        // "flow": only PAYIN is published; the error guide lists 422 "Method Not Available".
        if (!"PAYIN".equals(body.get("flow").asText())
                || !METHODS.getOrDefault(category, Set.of()).contains(code)) {
            return error(422, "Method Not Available");
        }
        Charge charge = remember(token.merchantId(), sessionId.trim(), body);
        ObjectNode envelope = envelope("Success", 200, "Method processed");
        envelope.putObject("data")
                .put("urlCheckout", checkoutUrl(charge, body.get("return_url").asText()))
                // 88Pay echoes 100 for 100.00.
                .put("amount", echoed(charge.amount()))
                .put("currency", charge.currency())
                .put("reference", "");
        return Reply.json(200, SandboxJson.bytes(envelope));
    }

    private static void checkFormats(JsonNode body, List<String> problems) {
        if (!ALPHA3.matcher(body.get("country").asText()).matches()) {
            problems.add("country must be an ISO 3166-1 alpha-3 code");
        }
        if (!ALPHA3.matcher(body.get("currency").asText()).matches()) {
            problems.add("currency must be an ISO 4217 code");
        }
        for (String field : List.of("notification_url", "return_url")) {
            if (!isHttpUrl(body.get(field).asText())) {
                problems.add(field + " must be an absolute http(s) URL");
            }
        }
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return uri.isAbsolute() && uri.getHost() != null && (scheme.equals("http") || scheme.equals("https"));
        } catch (Exception notAUri) {
            return false;
        }
    }

    private Charge remember(String merchantId, String sessionId, JsonNode body) {
        long sequence = chargeSequence.incrementAndGet();
        chargesByMerchant.computeIfAbsent(merchantId, m -> new AtomicLong()).incrementAndGet();
        Charge charge = new Charge("chk_" + UUID.randomUUID(), merchantId, sequence, sessionId, body.get("amount").decimalValue(),
                body.get("currency").asText(), body.get("customer_id").asText(), body.get("description").asText(),
                body.get("method_category").asText(), body.get("method_code").asText(),
                body.get("notification_url").asText());
        // Several charges may share a session: each has its own webhook, to its own notification_url.
        chargesById.put(charge.id(), charge);
        return charge;
    }

    private static BigDecimal echoed(BigDecimal amount) {
        BigDecimal stripped = amount.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    /** The seed's urlCheckout query (amount, currency, customer_id, description, return_url, notification_url). */
    private String checkoutUrl(Charge charge, String returnUrl) {
        return publicBaseUrl + "/checkout/" + charge.id()
                + "?amount=" + echoed(charge.amount()).toPlainString()
                + "&currency=" + encode(charge.currency())
                + "&customer_id=" + encode(charge.customerId())
                + "&description=" + encode(charge.description())
                + "&return_url=" + encode(returnUrl)
                + "&notification_url=" + encode(charge.notificationUrl());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private Reply checkoutPage(String chargeId) {
        Charge charge = chargesById.get(chargeId);
        if (charge == null) {
            return error(404, "Not Found");
        }
        return Reply.text(200, "88Pay sandbox checkout " + charge.id() + "\n"
                + "amount: " + echoed(charge.amount()).toPlainString() + " " + charge.currency() + "\n"
                + "The customer does not pay here: POST /88pay/sandbox/notification {\"checkout_url\", \"status\"}"
                + " for the webhook of the outcome (or /88pay/sandbox/notify to have it posted to the notification_url).\n");
    }

    // --- the webhook ---------------------------------------------------------------------------

    /**
     * The webhook (webhooks guide, snake_case body) for one charge, named by its checkout URL or
     * id: posted to the charge's notification_url with {@code Authorization: Bearer <JWE>}, the
     * token encrypted with the merchant's webhook secret (A256KW, A256GCM) over the body's
     * transaction_id and transaction_amount and its issue time, as 88Pay documents its check.
     */
    SandboxNotification webhook(String checkoutUrlOrId, String status, BigDecimal amountOverride) {
        Charge charge = chargeFor(checkoutUrlOrId);
        if (status == null || status.isBlank()) {
            throw new IllegalArgumentException("status is required (COMPLETED, canceled, ...)");
        }
        String amount = echoed(amountOverride != null ? amountOverride : charge.amount()).toPlainString();
        ObjectNode body = SandboxJson.object()
                .put("transaction_date", WEBHOOK_DATE.format(clock.instant().atZone(clock.getZone())))
                .put("transaction_status", status)
                // transaction_id carries the session id in 88Pay's published payload ("sess_4e91a5c1-...").
                .put("transaction_id", charge.sessionId())
                .put("transaction_amount", amount)
                .put("transaction_payment_method", paymentMethod(charge));
        ObjectNode claims = SandboxJson.object()
                .put("transaction_id", charge.sessionId())
                .put("transaction_amount", amount)
                .put("iat", clock.instant().getEpochSecond());
        return new SandboxNotification(charge.notificationUrl(), SandboxJson.string(body),
                Map.of("Content-Type", "application/json", "Authorization", "Bearer " + bearer(SandboxJson.string(claims),
                        webhookSecrets.getOrDefault(charge.merchantId(), webhookSecret))));
    }

    private static String bearer(String claims, String webhookSecret) {
        try {
            JWEObject jwe = new JWEObject(new JWEHeader(JWEAlgorithm.A256KW, EncryptionMethod.A256GCM),
                    new Payload(claims));
            jwe.encrypt(new AESEncrypter(new SecretKeySpec(webhookSecret.getBytes(StandardCharsets.UTF_8), "AES")));
            return jwe.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("88Pay sandbox: the webhook secret is no AES key (16, 24 or 32 bytes)", e);
        }
    }

    /** Posts the webhook of one charge to its notification_url and returns the receiver's HTTP status. */
    int notifyPayment(String checkoutUrlOrId, String status, BigDecimal amountOverride) {
        SandboxNotification webhook = webhook(checkoutUrlOrId, status, amountOverride);
        HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(webhook.url()))
                .timeout(WEBHOOK_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString(webhook.body(), StandardCharsets.UTF_8));
        webhook.headers().forEach(post::header);
        try {
            return webhookClient.send(post.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException("88Pay sandbox: the notification receiver did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("88Pay sandbox: interrupted while notifying", e);
        }
    }

    /** A charge by its id ({@code chk_...}) or by the checkout URL the charge answered ({@code .../checkout/<id>?...}). */
    private Charge chargeFor(String checkoutUrlOrId) {
        String id = checkoutUrlOrId == null ? null : checkoutUrlOrId.trim();
        if (id != null && id.contains("/checkout/")) {
            id = id.substring(id.indexOf("/checkout/") + "/checkout/".length());
            int end = id.indexOf('?');
            id = end < 0 ? id : id.substring(0, end);
        }
        Charge charge = id == null ? null : chargesById.get(id);
        if (charge == null) {
            throw new IllegalArgumentException("88Pay sandbox: no charge has this checkout URL or id");
        }
        return charge;
    }

    boolean knowsCharge(String checkoutUrlOrId) {
        try {
            chargeFor(checkoutUrlOrId);
            return true;
        } catch (IllegalArgumentException unknown) {
            return false;
        }
    }

    /** CREDIT_CARD is the published value for cards; other methods are named by their method_code. */
    private static String paymentMethod(Charge charge) {
        return "CARD".equals(charge.methodCategory()) ? "CREDIT_CARD" : charge.methodCode();
    }

    /**
     * POST /88pay/sandbox/notification {"checkout_url", "status", "amount"?}: the webhook the sandbox
     * would send, handed over instead of delivered ({"url", "authorization", "body"}), so that a person
     * trying Cobro locally, with no endpoint of their own, can feed it to {@code cobro notify}.
     */
    private Reply notificationControl(SandboxRequest request) {
        JsonNode body = SandboxJson.read(request.body());
        if (body == null || !body.path("checkout_url").isTextual() || !body.path("status").isTextual()) {
            return error(400, "Invalid request: checkout_url and status are required strings");
        }
        String checkout = body.get("checkout_url").asText();
        if (!knowsCharge(checkout)) {
            return error(404, "No charge has this checkout URL");
        }
        BigDecimal amount;
        try {
            amount = body.hasNonNull("amount") ? new BigDecimal(body.get("amount").asText()) : null;
        } catch (NumberFormatException e) {
            return error(400, "Invalid request: amount must be a number");
        }
        SandboxNotification webhook = webhook(checkout, body.get("status").asText(), amount);
        ObjectNode out = SandboxJson.object().put("url", webhook.url())
                .put("authorization", webhook.headers().get("Authorization")).put("body", webhook.body());
        return Reply.json(200, SandboxJson.bytes(out));
    }

    /** POST /88pay/sandbox/notify {"checkout_url", "status", "amount"?}: the sandbox's own control endpoint. */
    private Reply notifyControl(SandboxRequest request) {
        JsonNode body = SandboxJson.read(request.body());
        if (body == null || !body.path("checkout_url").isTextual() || !body.path("status").isTextual()) {
            return error(400, "Invalid request: checkout_url and status are required strings");
        }
        BigDecimal amount = null;
        JsonNode amountNode = body.get("amount");
        if (amountNode != null && !amountNode.isNull()) {
            try {
                amount = amountNode.isNumber() ? amountNode.decimalValue() : new BigDecimal(amountNode.asText());
            } catch (NumberFormatException e) {
                return error(400, "Invalid request: amount must be a number");
            }
        }
        String checkout = body.get("checkout_url").asText();
        if (!knowsCharge(checkout)) {
            return error(404, "No charge has this checkout URL");
        }
        int receiverStatus;
        try {
            receiverStatus = notifyPayment(checkout, body.get("status").asText(), amount);
        } catch (UncheckedIOException unreachable) {
            return error(502, "Notification receiver unreachable");
        }
        ObjectNode envelope = envelope("Success", 200, "Notification sent");
        envelope.putObject("data").put("receiver_status", receiverStatus);
        return Reply.json(200, SandboxJson.bytes(envelope));
    }

    // --- envelopes -----------------------------------------------------------------------------

    private static ObjectNode envelope(String status, int code, String message) {
        return SandboxJson.object().put("status", status).put("code", code).put("message", message);
    }

    /** The error guide's envelope: {status:"Error", code, message}. */
    static Reply error(int code, String message) {
        return Reply.json(code, SandboxJson.bytes(envelope("Error", code, message)));
    }
}
