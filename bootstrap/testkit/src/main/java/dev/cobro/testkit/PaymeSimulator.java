package dev.cobro.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cobro.testkit.SandboxResponse.NoAnswer;
import dev.cobro.testkit.SandboxResponse.Reply;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Pay-me (Alignet), API version 1618440906, as its published API pages describe
 * it: a client-credentials token, card or token authorization with the outcome chosen by test
 * card, and reversal by internal operation number. Paths are relative to {@code /payme}.
 */
final class PaymeSimulator {

    static final String API_VERSION = "1618440906";
    /** Pay-me's merchant in the README's reverse example. */
    private static final String COMMERCE_ID = "9011";
    private static final Set<String> ALL_SCOPES = Set.of("create:token", "post:charges", "delete:charges");
    private static final Pattern OPERATION_NUMBER = Pattern.compile("[0-9]{1,9}");
    private static final String CHARGES_PREFIX = "/api/charges/";

    /** Response codes (codigos-de-respuesta): only 00 approves; the rest are declines. */
    private enum Outcome {
        APPROVED("00", "Operacion Autorizada"),
        NOT_ACCEPTED("05", "Operacion Denegada"),
        INSUFFICIENT_FUNDS("51", "Fondos Insuficientes"),
        INVALID_CARD("14", "Tarjeta Invalida"),
        /** Approved at Pay-me, but the answer never reaches the merchant (a timeout-reversal case). */
        NO_ANSWER("00", "Operacion Autorizada");

        final String code;
        final String message;

        Outcome(String code, String message) {
            this.code = code;
            this.message = message;
        }
    }

    private record IssuedToken(Instant expiresAt, Set<String> scopes) {
    }

    /** One internal_operation_number as Pay-me remembers it; no answer for a NO_ANSWER one. */
    private record Operation(Outcome outcome, byte[] answer) {
    }

    private final String clientId;
    private final String clientSecret;
    private final Duration tokenLifetime;
    private final Clock clock;

    private final Map<String, IssuedToken> tokens = new ConcurrentHashMap<>();
    private final Map<String, Operation> operations = new HashMap<>();
    private final Object operationsLock = new Object();
    private final AtomicLong transactionIds = new AtomicLong(500_000);

    final AtomicLong tokenRequests = new AtomicLong();
    final AtomicLong authorizationRequests = new AtomicLong();
    final AtomicLong reversalRequests = new AtomicLong();

    PaymeSimulator(String clientId, String clientSecret, Duration tokenLifetime, Clock clock) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.tokenLifetime = tokenLifetime;
        this.clock = clock;
    }

    SandboxResponse handle(SandboxRequest request) {
        if (request.is("POST", "/auth/token")) {
            tokenRequests.incrementAndGet();
            return token(request);
        }
        if (request.is("POST", "/api/charges")) {
            authorizationRequests.incrementAndGet();
            return authorize(request);
        }
        if (request.method().equalsIgnoreCase("DELETE") && request.path().startsWith(CHARGES_PREFIX)) {
            reversalRequests.incrementAndGet();
            return reverse(request, request.path().substring(CHARGES_PREFIX.length()));
        }
        return Reply.json(404, SandboxJson.bytes(SandboxJson.object()
                .put("success", "false").put("message", "Not Found")));
    }

    // --- POST /auth/token ----------------------------------------------------------------------

    private Reply token(SandboxRequest request) {
        if (!API_VERSION.equals(request.header("ALG-API-VERSION"))) {
            return tokenFailure(400, "Cabecera ALG-API-VERSION requerida: " + API_VERSION);
        }
        JsonNode body = SandboxJson.read(request.body());
        if (body == null || !body.isObject()) {
            return tokenFailure(400, "Cuerpo de la solicitud invalido");
        }
        if (!"client_credentials".equals(body.path("grant_type").asText(null))) {
            return tokenFailure(400, "grant_type no soportado");
        }
        if (!SandboxJson.sameSecret(body.path("client_id").asText(null), clientId)
                || !SandboxJson.sameSecret(body.path("client_secret").asText(null), clientSecret)) {
            return tokenFailure(401, "Credenciales invalidas");
        }
        Instant now = clock.instant();
        tokens.values().removeIf(token -> !now.isBefore(token.expiresAt()));
        String accessToken = SandboxJson.randomToken(32);
        tokens.put(accessToken, new IssuedToken(now.plus(tokenLifetime), scopes(body.get("scope"))));
        ObjectNode answer = SandboxJson.object()
                .put("action", "authorize")
                // The token endpoint's success is a boolean; the charges endpoints use a string.
                .put("success", true)
                .put("access_token", accessToken)
                .put("expires_in", tokenLifetime.toSeconds())
                .put("token_type", "Bearer");
        answer.putObject("authorization").putObject("meta").set("status",
                status("00", "Access Token creado"));
        return Reply.json(200, SandboxJson.bytes(answer));
    }

    /** No scope asked for: every scope; otherwise only those asked (a missing one answers 403). */
    private static Set<String> scopes(JsonNode scope) {
        if (scope == null || !scope.isTextual() || scope.asText().isBlank()) {
            return ALL_SCOPES;
        }
        return Set.of(scope.asText().trim().split("\\s+"));
    }

    private static Reply tokenFailure(int httpStatus, String message) {
        ObjectNode answer = SandboxJson.object().put("action", "authorize").put("success", false);
        answer.putObject("authorization").putObject("meta").set("status", status("01", message));
        return Reply.json(httpStatus, SandboxJson.bytes(answer));
    }

    // --- POST /api/charges ---------------------------------------------------------------------

    private SandboxResponse authorize(SandboxRequest request) {
        Reply refused = checkAccess(request, "authorize", "post:charges");
        if (refused != null) {
            return refused;
        }
        JsonNode body = SandboxJson.read(request.body());
        Map<String, String> violations = PaymeAuthorizeValidator.validate(body);
        if (!violations.isEmpty()) {
            ObjectNode answer = SandboxJson.object().put("action", "authorize").put("success", "false");
            answer.putNull("transaction");
            ObjectNode validations = answer.putObject("validations");
            violations.forEach(validations::put);
            answer.putNull("token");
            return Reply.json(400, SandboxJson.bytes(answer));
        }
        String operationNumber = body.path("transaction").path("meta").path("internal_operation_number").asText();
        synchronized (operationsLock) {
            Operation known = operations.get(operationNumber);
            if (known == null) {
                Outcome outcome = outcomeFor(body.get("payment_method"));
                known = new Operation(outcome, outcome == Outcome.NO_ANSWER ? null : answer(body, outcome));
                operations.put(operationNumber, known);
            }
            // A repeated internal_operation_number gets the stored answer, never a second authorization.
            return known.answer() == null ? new NoAnswer() : Reply.json(200, known.answer());
        }
    }

    /** Test cards and tokens choose the outcome; any other valid card or token is approved. */
    private static Outcome outcomeFor(JsonNode paymentMethod) {
        JsonNode card = paymentMethod.path("card").path(0);
        if (!card.isMissingNode()) {
            String pan = card.path("pan").asText();
            switch (pan) {
                case ProviderSandbox.CARD_DECLINED:
                    return Outcome.NOT_ACCEPTED;
                case ProviderSandbox.CARD_INSUFFICIENT_FUNDS:
                    return Outcome.INSUFFICIENT_FUNDS;
                case ProviderSandbox.CARD_NO_ANSWER:
                    return Outcome.NO_ANSWER;
                default:
                    return luhn(pan) ? Outcome.APPROVED : Outcome.INVALID_CARD;
            }
        }
        String tokenId = paymentMethod.path("token").path(0).path("id").asText();
        if (tokenId.endsWith("0005")) {
            return Outcome.NOT_ACCEPTED;
        }
        if (tokenId.endsWith("9995")) {
            return Outcome.INSUFFICIENT_FUNDS;
        }
        if (tokenId.endsWith("0119")) {
            return Outcome.NO_ANSWER;
        }
        return Outcome.APPROVED;
    }

    /** The seed's response example: the transaction echoed, status and message_ilgn in es_PE. */
    private byte[] answer(JsonNode request, Outcome outcome) {
        JsonNode transaction = request.get("transaction");
        JsonNode meta = transaction.get("meta");
        boolean approved = outcome == Outcome.APPROVED;
        ObjectNode answer = SandboxJson.object()
                .put("action", "authorize")
                .put("id", Long.toString(transactionIds.incrementAndGet()))
                .put("success", approved ? "true" : "false");
        ObjectNode echoedTransaction = answer.putObject("transaction")
                .put("currency", transaction.get("currency").asText())
                .put("amount", transaction.get("amount").asText());
        ObjectNode echoedMeta = echoedTransaction.putObject("meta")
                .put("internal_operation_number", meta.get("internal_operation_number").asText());
        if (meta.hasNonNull("description")) {
            echoedMeta.put("description", meta.get("description").asText());
        }
        if (approved) {
            ObjectNode authorization = echoedMeta.putObject("processor").putObject("authorization")
                    .put("code", SandboxJson.randomDigits(6));
            JsonNode card = request.path("payment_method").path("card").path(0);
            if (!card.isMissingNode()) {
                // "Some responses add transaction.meta.processor.authorization.masked_pan".
                authorization.put("masked_pan", maskedPan(card.path("pan").asText()));
            }
        }
        JsonNode additional = meta.get("additional_fields");
        if (additional != null && additional.isObject()) {
            ObjectNode echoedFields = SandboxJson.object();
            // The seed's example echoes the merchant's own fields but not plan and cuota.
            for (Map.Entry<String, JsonNode> field : additional.properties()) {
                if (!field.getKey().equals("plan") && !field.getKey().equals("cuota")) {
                    echoedFields.set(field.getKey(), field.getValue());
                }
            }
            if (!echoedFields.isEmpty()) {
                echoedMeta.set("additional_fields", echoedFields);
            }
        }
        echoedMeta.set("status", status(outcome.code, outcome.message));
        answer.putNull("validations");
        answer.putNull("token");
        return SandboxJson.bytes(answer);
    }

    private static String maskedPan(String pan) {
        return pan.substring(0, 6) + "*".repeat(pan.length() - 10) + pan.substring(pan.length() - 4);
    }

    private static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    // --- DELETE /api/charges/{internal_operation_number} ---------------------------------------

    private Reply reverse(SandboxRequest request, String operationNumber) {
        Reply refused = checkAccess(request, "reverse", "delete:charges");
        if (refused != null) {
            return refused;
        }
        boolean reversed = false;
        if (OPERATION_NUMBER.matcher(operationNumber).matches()) {
            synchronized (operationsLock) {
                Operation operation = operations.get(operationNumber);
                // Only an approved authorization can be reversed; again is fine (the DELETE is idempotent).
                reversed = operation != null && operation.outcome().code.equals("00");
            }
        }
        ObjectNode answer = SandboxJson.object().put("action", "reverse").put("success", reversed ? "true" : "false");
        ObjectNode meta = answer.putObject("transaction").putObject("meta")
                .put("commerce_id", COMMERCE_ID)
                .put("internal_operation_number", operationNumber);
        meta.set("status", reversed
                ? status("00", "Operacion Reversada")
                : status("01", "Ocurrio un problema durante el proceso"));
        return Reply.json(200, SandboxJson.bytes(answer));
    }

    // --- shared --------------------------------------------------------------------------------

    /** ALG-API-VERSION (400), then the bearer token (401 invalid or expired), then its scope (403). */
    private Reply checkAccess(SandboxRequest request, String action, String scope) {
        if (!API_VERSION.equals(request.header("ALG-API-VERSION"))) {
            return failure(400, action, "ALG-API-VERSION header is required: " + API_VERSION);
        }
        String accessToken = request.bearerToken();
        IssuedToken token = accessToken == null ? null : tokens.get(accessToken);
        if (token == null || !clock.instant().isBefore(token.expiresAt())) {
            return failure(401, action, "Invalid or expired access token");
        }
        if (!token.scopes().contains(scope)) {
            return failure(403, action, "Insufficient scope: " + scope);
        }
        return null;
    }

    private static Reply failure(int httpStatus, String action, String message) {
        return Reply.json(httpStatus, SandboxJson.bytes(SandboxJson.object()
                .put("action", action).put("success", "false").put("message", message)));
    }

    private static ObjectNode status(String code, String message) {
        ObjectNode status = SandboxJson.object().put("code", code);
        status.set("message_ilgn", SandboxJson.messageIlgn(message));
        return status;
    }
}
