package dev.cobro.adapters.http.payme;

import dev.cobro.adapters.http.support.PreparedRequest;
import dev.cobro.adapters.http.support.ProviderAccountAdapter;
import dev.cobro.application.port.in.AuthorizationView;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.cobro.adapters.http.support.CobroJson;
import dev.cobro.adapters.http.support.FeignClients;
import dev.cobro.adapters.http.support.RedactingFeignLogger;
import dev.cobro.adapters.http.support.Redaction;
import dev.cobro.adapters.http.support.HttpExchange;
import dev.cobro.adapters.http.support.TokenRenewal;
import dev.cobro.application.port.out.MetricsPort;
import dev.cobro.application.port.out.AuthorizationCall;
import dev.cobro.application.port.out.CardAuthorizationProviderPort;
import dev.cobro.application.port.out.PreparedCall;
import dev.cobro.application.port.out.ProviderConfigurationException;
import dev.cobro.application.port.out.ProviderExchange;
import dev.cobro.application.port.out.ProviderOutcome;
import dev.cobro.application.port.out.ProviderUnavailableException;
import dev.cobro.domain.authorization.Authorization.ProviderResponse;
import dev.cobro.domain.authorization.AuthorizationDetails;
import dev.cobro.domain.authorization.CardSecret;
import dev.cobro.domain.authorization.Channel;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.ValidationException;
import dev.cobro.domain.shared.Money;
import feign.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Pay-me (Alignet) card authorization and reversal, API version {@value #API_VERSION}.
 * {@code POST {api}/charges} authorizes with a card (channel 1), a token and its CVV (channel 1) or a
 * token alone (channel 3); {@code DELETE {api}/charges/{internal_operation_number}} reverses. Every
 * call carries an OAuth access token from {@code POST {auth}/token}, reused while it lives.
 * <p>
 * Response code {@code 00}/{@code 000} approves; any other code is a decline (an outcome, not an
 * error). A timeout or a 5xx after sending is UNKNOWN, never retried here: the resolver reverses it.
 */
public final class PaymeCardAuthorizationAdapter extends ProviderAccountAdapter implements CardAuthorizationProviderPort {

    /** Pay-me's {@code ALG-API-VERSION}, on every call. */
    static final String API_VERSION = "1618440906";

    /**
     * What never leaves the adapter in clear: the PAN (first 6 / last 4 shown), both CVVs
     * ({@code security_code}), the token id ({@code token.id}, last 4), the client secret and the
     * access token. Pay-me's {@code masked_pan} is already masked and stays readable.
     */
    static final Redaction REDACTION = new Redaction(Map.of(
            "pan", Redaction.Mask.PAN,
            "security_code", Redaction.Mask.FULL,
            "token.id", Redaction.Mask.LAST4,
            "client_secret", Redaction.Mask.FULL,
            "access_token", Redaction.Mask.FULL,
            "refresh_token", Redaction.Mask.FULL,
            "id_token", Redaction.Mask.FULL),
            Set.of("Authorization"));

    private static final Logger log = LoggerFactory.getLogger(PaymeCardAuthorizationAdapter.class);
    /** Made once: a reader keeps the answer's type and deserializer, which the mapper would resolve per answer. */
    private static final ObjectReader CHARGE_ANSWER = CobroJson.mapper().readerFor(PaymeChargeResponse.class);

    private final PaymeSettings settings;
    private final PaymeAccessTokens tokens;
    private final PaymeChargesApi charges;

    public PaymeCardAuthorizationAdapter(PaymeSettings settings, Clock clock) {
        this(settings, clock, MetricsPort.NONE);
    }

    /** With the metrics its token requests are counted in. */
    public PaymeCardAuthorizationAdapter(PaymeSettings settings, Clock clock, MetricsPort metrics) {
        this(AccountId.DEFAULT, settings, clock, metrics);
    }

    /** One Pay-me merchant of several: its own credentials and OAuth token. */
    public PaymeCardAuthorizationAdapter(AccountId account, PaymeSettings settings, Clock clock, MetricsPort metrics) {
        super(ProviderId.PAYME, account);
        this.settings = Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(clock, "clock");
        REDACTION.rememberCredential(settings.clientSecret());
        RedactingFeignLogger wireLog = new RedactingFeignLogger(PaymeCardAuthorizationAdapter.class.getName()
                + ".http", REDACTION);
        this.tokens = new PaymeAccessTokens(
                FeignClients.build(PaymeAuthApi.class, settings.authUrl(), settings.timeouts(), wireLog),
                settings, clock, Objects.requireNonNull(metrics, "metrics"), account.value());
        this.charges = FeignClients.build(PaymeChargesApi.class, settings.apiUrl(), settings.timeouts(), wireLog);
    }

    /** How many token requests this adapter has sent (each is one {@code POST /token}). */
    public long tokenRequests() {
        return tokens.requests();
    }

    /**
     * Builds and serializes the body once, and makes sure there is an access token: an auth host that
     * cannot be reached, or refuses the credentials, fails here, before anything is recorded.
     *
     * @throws ProviderUnavailableException   Pay-me's auth host did not answer
     * @throws ProviderConfigurationException Pay-me refused the client credentials
     */
    @Override
    public PreparedCall prepareAuthorize(AuthorizationCall call) {
        Objects.requireNonNull(call, "call");
        tokens.current();
        AuthorizationView authorization = call.authorization();
        PaymeChargeRequest request = chargeRequest(authorization, call.cardSecret());
        // Serialized once: the attempt row holds the redacted copy of exactly these bytes, made in the same pass.
        Redaction.Serialized body = serialize(request, authorization);
        return new PreparedAuthorization(new PreparedRequest(body), authorization.operationNumber().value(),
                request.transaction().amount(), request.transaction().currency());
    }

    @Override
    public ProviderOutcome<ProviderResponse> authorize(PreparedCall prepared) {
        PreparedAuthorization authorization = PreparedRequest.ours(prepared, PreparedAuthorization.class, "Pay-me", "authorizations");
        String body = authorization.request().takeBody();
        ProviderOutcome<ProviderResponse> outcome = authorizeOutcome(
                send("charge", token -> charges.authorize(token, body)), authorization);
        log.info("Pay-me authorize of operation {}: {} (HTTP {}, code {})", authorization.operationNumber(),
                outcome.getClass().getSimpleName(), outcome.exchange().httpStatus(), outcome.exchange().providerCode());
        return outcome;
    }

    /**
     * Makes sure there is an access token, as {@link #prepareAuthorize} does: the resolver leaves an
     * unreachable Pay-me for its next run instead of recording a reversal that never left.
     */
    @Override
    public PreparedCall prepareReverse(AuthorizationView authorization) {
        Objects.requireNonNull(authorization, "authorization");
        tokens.current();
        return new PreparedReversal(authorization.operationNumber().value());
    }

    @Override
    public ProviderOutcome<Void> reverse(PreparedCall prepared) {
        PreparedReversal reversal = PreparedRequest.ours(prepared, PreparedReversal.class, "Pay-me", "reversals");
        ProviderOutcome<Void> outcome = reverseOutcome(
                send("reversal", token -> charges.reverse(token, reversal.operationNumber())));
        log.info("Pay-me reverse of operation {}: {} (HTTP {}, code {})", reversal.operationNumber(),
                outcome.getClass().getSimpleName(), outcome.exchange().httpStatus(), outcome.exchange().providerCode());
        return outcome;
    }

    @Override
    public String toString() {
        return "PaymeCardAuthorizationAdapter[" + settings + "]";
    }

    // ---- the request ---------------------------------------------------------------------------

    /**
     * The seed's body. Channel 3 (card on file) sends the token only; channel 1 a card with its CVV,
     * or a token with its CVV. {@code card} and {@code token} are arrays of one, as the seed shows.
     */
    private static PaymeChargeRequest chargeRequest(AuthorizationView authorization, CardSecret secret) {
        AuthorizationDetails details = authorization.details();
        Channel channel = details.channel();
        if (secret == null) {
            throw new IllegalArgumentException("payment_method: the card data of operation "
                    + authorization.operationNumber() + " is missing");
        }
        if (secret.kind() != details.instrument().kind()) {
            throw new IllegalArgumentException("payment_method: the card data (" + secret.kind()
                    + ") is not the instrument of operation " + authorization.operationNumber() + " ("
                    + details.instrument().kind() + ")");
        }
        PaymeChargeRequest.PaymentMethod paymentMethod;
        if (secret.kind() == CardSecret.Kind.CARD) {
            if (channel == Channel.CARD_ON_FILE) {
                throw new IllegalArgumentException("payment_method: channel 3 (card on file) takes a token only");
            }
            paymentMethod = new PaymeChargeRequest.PaymentMethod(
                    List.of(new PaymeChargeRequest.Card(secret.pan(), secret.expiry(), secret.cvv())), null);
        } else {
            // payment_method.token.security_code: "only required if Channel is 1"; channel 3 sends the token alone.
            String cvv = channel == Channel.ECOMMERCE ? secret.cvv() : null;
            if (channel == Channel.ECOMMERCE && cvv == null) {
                throw new IllegalArgumentException("payment_method.token.security_code: channel 1 (eCommerce) needs the CVV");
            }
            paymentMethod = new PaymeChargeRequest.PaymentMethod(null,
                    List.of(new PaymeChargeRequest.Token(secret.tokenId(), cvv)));
        }
        Map<String, String> additionalFields = details.additionalFields().isEmpty() ? null
                : new LinkedHashMap<>(details.additionalFields().values());
        PaymeChargeRequest.Transaction transaction = new PaymeChargeRequest.Transaction(
                details.money().numericCurrencyCode(),
                fiveDecimalUnits(details.money()),
                new PaymeChargeRequest.Meta(authorization.operationNumber().value(),
                        details.description() == null ? null : details.description().value(), additionalFields));
        PaymeMapper mapper = PaymeMapper.INSTANCE;
        PaymeChargeRequest.AddressBlock address = new PaymeChargeRequest.AddressBlock(
                mapper.address(details.billing()),
                details.shipping() == null ? null : mapper.address(details.shipping()));
        return new PaymeChargeRequest("authorize", channel.code(), paymentMethod, transaction, address,
                List.of(mapper.cardHolder(details.cardHolder())));
    }

    /**
     * transaction.amount: "String (N) 15", the last five digits decimals. An amount that does not
     * fit is bad input for Pay-me, refused before anything is recorded or sent.
     */
    private static String fiveDecimalUnits(Money money) {
        try {
            return money.toFiveDecimalUnits();
        } catch (ArithmeticException tooLarge) {
            throw ValidationException.of("transaction.amount",
                    "is too large for Pay-me's 15-digit amount (at most 9999999999.99999)", money.toString());
        }
    }

    private static Redaction.Serialized serialize(PaymeChargeRequest request, AuthorizationView authorization) {
        try {
            return REDACTION.serialize(request);
        } catch (JsonProcessingException e) {
            // Not e's message: Jackson may quote the value it choked on, which could be card data.
            throw new IllegalStateException("the Pay-me authorization of operation "
                    + authorization.operationNumber() + " could not be serialized");
        }
    }

    // ---- the call ------------------------------------------------------------------------------

    /**
     * Sends with the current token, through the adapters' one renewal: on a 401 (an invalid or expired
     * token, so Pay-me processed nothing) one fresh token, one more send.
     */
    private <S> Judged<S> send(String what, Function<String, Response> call) {
        PaymeAccessTokens.AccessToken token;
        try {
            token = tokens.current();
        } catch (ProviderUnavailableException | ProviderConfigurationException e) {
            return new Verdict<>(ProviderOutcome.notSent("not sent: no Pay-me access token: " + e.getMessage(),
                    ProviderExchange.nothing()));
        }
        TokenRenewal.Sent<PaymeAccessTokens.AccessToken> sent = TokenRenewal.send(token, tokens::renew,
                fresh -> HttpExchange.of(() -> call.apply(fresh.value())));
        if (sent instanceof TokenRenewal.NotRenewed<PaymeAccessTokens.AccessToken> notRenewed) {
            ProviderExchange exchange = exchange(notRenewed.unauthorized(), null,
                    REDACTION.body(notRenewed.unauthorized().body()));
            String reason = "Pay-me answered HTTP 401 and no fresh access token could be had: "
                    + notRenewed.problem().getMessage();
            return new Verdict<>(notRenewed.problem() instanceof ProviderConfigurationException
                    ? ProviderOutcome.rejected(reason, exchange) : ProviderOutcome.notSent(reason, exchange));
        }
        return judge(((TokenRenewal.Exchanged<PaymeAccessTokens.AccessToken>) sent).exchange(), what, settings);
    }

    // ---- the answers ---------------------------------------------------------------------------

    /** A call's answer: either already judged, or a readable Pay-me response to judge by its codes. */
    private sealed interface Judged<S> permits Verdict, Readable {
    }

    private record Verdict<S>(ProviderOutcome<S> outcome) implements Judged<S> {
    }

    private record Readable<S>(PaymeChargeResponse response, ProviderExchange exchange) implements Judged<S> {
    }

    /**
     * What every Pay-me call shares before its own codes are read: no connection, no answer, a
     * refusal by status, an unreadable body, validations.
     */
    private static <S> Judged<S> judge(HttpExchange result, String what, PaymeSettings settings) {
        if (result instanceof HttpExchange.Failed failed) {
            return new Verdict<>(failed.outcome("Pay-me", what, REDACTION.text(failed.reason()),
                    ProviderExchange.nothing()));
        }
        HttpExchange.Answered answered = (HttpExchange.Answered) result;
        // One parse of the answer for both its typed reading and its redacted copy.
        Redaction.Read<PaymeChargeResponse> read = REDACTION.read(answered.body(), CHARGE_ANSWER);
        PaymeChargeResponse response = read.value();
        ProviderExchange exchange = exchange(answered, response, read.redacted());
        int status = answered.status();
        String refusal = refusal(status, settings);
        if (refusal != null) {
            return new Verdict<>(ProviderOutcome.rejected(refusal, exchange));
        }
        if (status >= 500 || status == 408) {
            return new Verdict<>(ProviderOutcome.unknown("Pay-me answered HTTP " + status + " after receiving the "
                    + what, exchange));
        }
        if (status == 429) {
            return new Verdict<>(ProviderOutcome.notSent("Pay-me refused to serve the " + what
                    + " for now (HTTP 429)", exchange));
        }
        if (status >= 400) {
            return new Verdict<>(ProviderOutcome.rejected("Pay-me refused the " + what + " (HTTP " + status + ")"
                    + validationsNote(response), exchange));
        }
        if (!answered.isSuccessful()) {
            return new Verdict<>(ProviderOutcome.unknown("Pay-me answered HTTP " + status + " to the " + what,
                    exchange));
        }
        if (response == null) {
            return new Verdict<>(ProviderOutcome.unknown("Pay-me's answer to the " + what + " (HTTP " + status
                    + ") could not be read", exchange));
        }
        if (response.hasValidations()) {
            // validations: "the results of the validations performed"; non-null means the request was
            // refused, unless the answer also approves (code 00/000): contradictory evidence is UNKNOWN,
            // never a final refusal of what may have been approved.
            if (response.statusCode() != null && isApproval(response.statusCode())) {
                return new Verdict<>(ProviderOutcome.unknown("Pay-me answered code " + response.statusCode()
                        + " with validations to the " + what + "; it may have been approved", exchange));
            }
            return new Verdict<>(ProviderOutcome.rejected("Pay-me's validations refused the " + what, exchange));
        }
        return new Readable<>(response, exchange);
    }

    private ProviderOutcome<ProviderResponse> authorizeOutcome(Judged<ProviderResponse> judged,
                                                               PreparedAuthorization request) {
        if (judged instanceof Verdict<ProviderResponse> verdict) {
            return verdict.outcome();
        }
        Readable<ProviderResponse> readable = (Readable<ProviderResponse>) judged;
        PaymeChargeResponse response = readable.response();
        ProviderExchange exchange = readable.exchange();
        String mismatch = echoMismatch(response, request);
        if (mismatch != null) {
            // An answer that does not match the request is not believed (another operation's
            // stored answer, e.g. two databases that reused one operation number): UNKNOWN, flagged in its
            // reason and the log, never recorded as this request's outcome. The resolver reverses it.
            log.warn("Pay-me's answer to operation {} does not echo the request ({}): recorded as UNKNOWN",
                    request.operationNumber(), mismatch);
            return ProviderOutcome.unknown(ECHO_MISMATCH + ": Pay-me's answer does not match the request ("
                    + mismatch + "); not believed", exchange);
        }
        String code = response.statusCode();
        if (code == null || code.isBlank()) {
            return ProviderOutcome.unknown("Pay-me's answer has no transaction.meta.status.code", exchange);
        }
        ProviderResponse providerResponse = PaymeMapper.INSTANCE.providerResponse(response);
        if (isApproval(code)) {
            if (Boolean.FALSE.equals(response.successFlag())) {
                // Contradictory evidence (code 00, success "false"): resolved by the timeout reversal, not guessed.
                return ProviderOutcome.unknown("Pay-me answered code " + code + " with success false", exchange);
            }
            return ProviderOutcome.succeeded(providerResponse, exchange);
        }
        return ProviderOutcome.declined(providerResponse, "Pay-me declined the card (code " + code + ")", exchange);
    }

    /** The flag a mismatched echo's reason starts with, for a person or a query to find. */
    static final String ECHO_MISMATCH = "ECHO_MISMATCH";

    /**
     * Pay-me echoes {@code transaction.amount}, {@code transaction.currency} and
     * {@code transaction.meta.internal_operation_number}: each one present must equal the request's
     * (numerically: leading zeros do not count). Returns what differs, or null.
     */
    private static String echoMismatch(PaymeChargeResponse response, PreparedAuthorization request) {
        PaymeChargeResponse.Transaction echoed = response.transaction();
        if (echoed == null) {
            return null;
        }
        List<String> differs = new java.util.ArrayList<>();
        if (echoed.amount() != null && !sameNumber(echoed.amount(), request.amount())) {
            differs.add("amount " + echoed.amount() + " for " + request.amount());
        }
        if (echoed.currency() != null && !sameNumber(echoed.currency(), request.currency())) {
            differs.add("currency " + echoed.currency() + " for " + request.currency());
        }
        String operation = echoed.meta() == null ? null : echoed.meta().internalOperationNumber();
        if (operation != null && !sameNumber(operation, request.operationNumber())) {
            differs.add("operation number " + operation + " for " + request.operationNumber());
        }
        return differs.isEmpty() ? null : String.join(", ", differs);
    }

    /**
     * Whether the echoed number (at most 20 digits, spaces around it ignored) is the one sent, leading
     * zeros aside. Compared digit by digit: this runs on every answer, and parsing both into
     * {@code BigInteger}s showed in its profile.
     */
    static boolean sameNumber(String echoed, String sent) {
        String a = echoed.trim();
        if (a.isEmpty() || a.length() > 20) {
            return false;
        }
        int i = firstSignificant(a);
        int j = firstSignificant(sent);
        if (i < 0 || j < 0 || a.length() - i != sent.length() - j) {
            return false;
        }
        for (; i < a.length(); i++, j++) {
            if (Character.digit(a.charAt(i), 10) != Character.digit(sent.charAt(j), 10)) {
                return false;
            }
        }
        return true;
    }

    /** The index of the first digit that is not a zero (the length when all are zeros); -1 when a character is no digit. */
    private static int firstSignificant(String digits) {
        int first = digits.length();
        for (int i = digits.length() - 1; i >= 0; i--) {
            int digit = Character.digit(digits.charAt(i), 10);
            if (digit < 0) {
                return -1;
            }
            if (digit != 0) {
                first = i;
            }
        }
        return first;
    }

    private ProviderOutcome<Void> reverseOutcome(Judged<Void> judged) {
        if (judged instanceof Verdict<Void> verdict) {
            return verdict.outcome();
        }
        Readable<Void> readable = (Readable<Void>) judged;
        PaymeChargeResponse response = readable.response();
        ProviderExchange exchange = readable.exchange();
        String code = response.statusCode();
        Boolean success = response.successFlag();
        if (Boolean.TRUE.equals(success) && code != null && isApproval(code)) {
            return ProviderOutcome.succeeded(null, exchange);
        }
        if (Boolean.FALSE.equals(success) || (code != null && !code.isBlank())) {
            // Code 01 with success "false" is the documented failed reversal: the authorization stays as it was.
            return ProviderOutcome.declined(null, "Pay-me answered that the reversal failed (code " + code + ")", exchange);
        }
        return ProviderOutcome.unknown("Pay-me's answer to the reversal has neither success nor a status code",
                exchange);
    }

    /** 401 after a fresh token, or 403 (a missing scope): the configuration, not the request, is wrong. */
    private static String refusal(int status, PaymeSettings settings) {
        if (status == 401) {
            return "Pay-me refused the access token of client id " + settings.clientId()
                    + " twice (HTTP 401), a fresh one included: check the client credentials and the audience "
                    + settings.audience();
        }
        if (status == 403) {
            return "Pay-me refused client id " + settings.clientId() + " (HTTP 403): the access token lacks a scope;"
                    + " configured scope '" + settings.scope() + "'";
        }
        return null;
    }

    private static String validationsNote(PaymeChargeResponse response) {
        return response != null && response.hasValidations() ? "; see its validations in the response" : "";
    }

    private static ProviderExchange exchange(HttpExchange.Answered answered, PaymeChargeResponse response,
                                             String redactedBody) {
        return new ProviderExchange(answered.status(), response == null ? null : response.statusCode(),
                response == null ? null : response.statusMessage(), redactedBody);
    }

    private static boolean isApproval(String code) {
        // Only 00, or 000 from external processors, approves (Pay-me's published response codes).
        return "00".equals(code) || "000".equals(code);
    }

}
