package dev.cobro.application.fakes;

import dev.cobro.application.port.in.AuthorizationView;
import dev.cobro.application.port.out.AttemptLogPort;
import dev.cobro.application.port.out.AuthorizationCall;
import dev.cobro.application.port.out.AuthorizationStorePort;
import dev.cobro.application.port.out.CardAuthorizationProviderPort;
import dev.cobro.application.port.out.PreparedCall;
import dev.cobro.application.port.out.ProviderExchange;
import dev.cobro.application.port.out.ProviderOutcome;
import dev.cobro.application.port.out.ProviderUnavailableException;
import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.authorization.Authorization;
import dev.cobro.domain.authorization.Authorization.ProviderResponse;
import dev.cobro.domain.authorization.AuthorizationId;
import dev.cobro.domain.authorization.AuthorizationStatus;
import dev.cobro.domain.authorization.CardSecret;
import dev.cobro.domain.authorization.OperationNumber;
import dev.cobro.domain.shared.ProviderId;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A scripted card provider. Each {@code willX()} scripts the next authorization and each
 * {@code willXReversing()} the next reversal; unscripted ones are approved / reversed. Every call is
 * recorded with what the store held at that moment. The card data handed to it is only looked at
 * (kind, CVV present); nothing of it is kept but the masked form.
 */
public final class FakeCardProvider implements CardAuthorizationProviderPort {

    /** What a prepared call of this fake holds: never the PAN, the CVV or the token. */
    public record FakePreparedCall(String operation, AuthorizationId authorizationId, OperationNumber operationNumber,
                                   CardSecret.Kind cardKind, boolean cvvGiven, String redactedRequest)
            implements PreparedCall {
    }

    /** One call sent (authorize or reverse), and what the store held for the authorization meanwhile. */
    public record Call(FakePreparedCall prepared, Optional<Authorization> storedAuthorization,
                       List<ProviderAttempt> storedAttempts) {

        public AuthorizationStatus storedStatus() {
            return storedAuthorization.map(Authorization::status).orElse(null);
        }
    }

    private final ProviderId id;
    private final AuthorizationStorePort store;
    private final AttemptLogPort attempts;
    private final Deque<Supplier<ProviderOutcome<ProviderResponse>>> authorizeScript = new ArrayDeque<>();
    private final Deque<Supplier<ProviderOutcome<Void>>> reverseScript = new ArrayDeque<>();
    private final Deque<RuntimeException> prepareFailures = new ArrayDeque<>();
    private final List<FakePreparedCall> prepared = new ArrayList<>();
    private final List<Call> authorizeCalls = new ArrayList<>();
    private final List<Call> reverseCalls = new ArrayList<>();
    private volatile Runnable duringReverse = () -> { };
    private volatile Runnable beforePrepare = () -> { };
    private volatile Runnable duringAuthorize = () -> { };
    private int transactions;

    public FakeCardProvider(ProviderId id) {
        this(id, null, null);
    }

    /** A provider that records, on every call, what {@code store} and {@code attempts} held for the authorization. */
    public FakeCardProvider(ProviderId id, AuthorizationStorePort store, AttemptLogPort attempts) {
        this.id = Objects.requireNonNull(id, "id");
        this.store = store;
        this.attempts = attempts;
    }

    // ----- script: authorizations -----

    public synchronized FakeCardProvider willApprove() {
        authorizeScript.add(this::approve);
        return this;
    }

    /** A decline with Pay-me's response code, e.g. {@code "51"} insufficient funds. */
    public synchronized FakeCardProvider willDecline(String code, String message) {
        authorizeScript.add(() -> ProviderOutcome.declined(
                new ProviderResponse(nextTransaction(), null, code, message, "es_PE", null), "declined: " + code,
                new ProviderExchange(200, code, message, "{\"success\":\"false\"}")));
        return this;
    }

    public synchronized FakeCardProvider willReject(String reason) {
        authorizeScript.add(() -> ProviderOutcome.rejected(reason,
                new ProviderExchange(400, null, reason, "{\"validations\":{}}")));
        return this;
    }

    /** The read times out after the request was sent. */
    public synchronized FakeCardProvider willTimeOut() {
        authorizeScript.add(() -> ProviderOutcome.unknown("read timed out after 45 s", ProviderExchange.nothing()));
        return this;
    }

    /** The connection is refused: nothing reached the provider. */
    public synchronized FakeCardProvider willFailBeforeSending() {
        authorizeScript.add(() -> ProviderOutcome.notSent("connection refused", ProviderExchange.nothing()));
        return this;
    }

    /** The next prepare (authorize or reverse) cannot reach the provider (no token). */
    public synchronized FakeCardProvider willBeUnreachableWhenPreparing() {
        prepareFailures.add(new ProviderUnavailableException("Pay-me token endpoint unreachable"));
        return this;
    }

    // ----- script: reversals -----

    public synchronized FakeCardProvider willReverse() {
        reverseScript.add(this::reversed);
        return this;
    }

    /** Pay-me's failed reversal: success "false", code 01. */
    public synchronized FakeCardProvider willFailReversing() {
        reverseScript.add(() -> ProviderOutcome.declined(null, "the reversal failed: code 01",
                new ProviderExchange(200, "01", "Ocurrio un problema durante el proceso", "{\"success\":\"false\"}")));
        return this;
    }

    public synchronized FakeCardProvider willTimeOutReversing() {
        reverseScript.add(() -> ProviderOutcome.unknown("read timed out after 45 s", ProviderExchange.nothing()));
        return this;
    }

    public synchronized FakeCardProvider willFailBeforeSendingReversal() {
        reverseScript.add(() -> ProviderOutcome.notSent("connection refused", ProviderExchange.nothing()));
        return this;
    }

    public synchronized FakeCardProvider willRejectReversing(String reason) {
        reverseScript.add(() -> ProviderOutcome.rejected(reason, new ProviderExchange(404, null, reason, null)));
        return this;
    }

    /** Runs at the start of every prepare, outside any lock of this fake (e.g. a latch). */
    public FakeCardProvider beforePrepare(Runnable hook) {
        this.beforePrepare = Objects.requireNonNull(hook);
        return this;
    }

    /** Runs inside every {@code authorize}, after the store state was recorded and before the answer. */
    public FakeCardProvider duringAuthorize(Runnable hook) {
        this.duringAuthorize = Objects.requireNonNull(hook);
        return this;
    }

    // ----- the port -----

    @Override
    public ProviderId providerId() {
        return id;
    }

    @Override
    public PreparedCall prepareAuthorize(AuthorizationCall call) {
        beforePrepare.run();
        AuthorizationView a = call.authorization();
        CardSecret secret = call.cardSecret();
        synchronized (this) {
            failIfScripted();
            // The body as an adapter would store it: the card masked, the CVV starred.
            String body = "{\"channel\":\"" + a.details().channel().code() + "\",\"card\":\""
                    + a.details().instrument().masked() + "\",\"security_code\":\""
                    + (secret != null && secret.hasCvv() ? "***" : "") + "\",\"amount\":\""
                    + a.details().money().toFiveDecimalUnits() + "\",\"currency\":\""
                    + a.details().money().numericCurrencyCode() + "\",\"internal_operation_number\":\""
                    + a.operationNumber() + "\"}";
            FakePreparedCall p = new FakePreparedCall("authorize", a.id(), a.operationNumber(),
                    secret == null ? null : secret.kind(), secret != null && secret.hasCvv(), body);
            prepared.add(p);
            return p;
        }
    }

    @Override
    public ProviderOutcome<ProviderResponse> authorize(PreparedCall preparedCall) {
        FakePreparedCall p = (FakePreparedCall) preparedCall;
        Call call = observe(p);
        Supplier<ProviderOutcome<ProviderResponse>> answer;
        synchronized (this) {
            authorizeCalls.add(call);
            answer = authorizeScript.isEmpty() ? this::approve : authorizeScript.poll();
        }
        duringAuthorize.run();
        synchronized (this) {
            return answer.get();
        }
    }

    @Override
    public PreparedCall prepareReverse(AuthorizationView authorization) {
        beforePrepare.run();
        synchronized (this) {
            failIfScripted();
            FakePreparedCall p = new FakePreparedCall("reverse", authorization.id(), authorization.operationNumber(),
                    null, false, "DELETE /charges/" + authorization.operationNumber());
            prepared.add(p);
            return p;
        }
    }

    /** Runs inside every {@code reverse}, after the call was counted and before the answer, outside this fake's lock. */
    public FakeCardProvider duringReverse(Runnable hook) {
        this.duringReverse = Objects.requireNonNull(hook);
        return this;
    }

    @Override
    public ProviderOutcome<Void> reverse(PreparedCall preparedCall) {
        Call call = observe((FakePreparedCall) preparedCall);
        synchronized (this) {
            reverseCalls.add(call);
        }
        duringReverse.run();
        synchronized (this) {
            return (reverseScript.isEmpty() ? (Supplier<ProviderOutcome<Void>>) this::reversed : reverseScript.poll()).get();
        }
    }

    // ----- what happened -----

    public synchronized List<Call> authorizeCalls() {
        return List.copyOf(authorizeCalls);
    }

    public synchronized List<Call> reverseCalls() {
        return List.copyOf(reverseCalls);
    }

    public synchronized int authorizeCount() {
        return authorizeCalls.size();
    }

    public synchronized int reverseCount() {
        return reverseCalls.size();
    }

    /** Every call prepared, authorize and reverse (a prepared call need not have been sent). */
    public synchronized List<FakePreparedCall> preparedCalls() {
        return List.copyOf(prepared);
    }

    // ----- inside -----

    private Call observe(FakePreparedCall p) {
        Optional<Authorization> stored = store == null ? Optional.empty() : store.findById(p.authorizationId());
        List<ProviderAttempt> storedAttempts = attempts == null ? List.of()
                : attempts.attemptsOf(p.authorizationId().value());
        return new Call(p, stored, storedAttempts);
    }

    private void failIfScripted() {
        RuntimeException failure = prepareFailures.poll();
        if (failure != null) {
            throw failure;
        }
    }

    private String nextTransaction() {
        return "tx-" + (++transactions);
    }

    private ProviderOutcome<ProviderResponse> approve() {
        String tx = nextTransaction();
        return ProviderOutcome.succeeded(
                new ProviderResponse(tx, String.format("%06d", transactions), "00", "Aprobado", "es_PE", null),
                new ProviderExchange(200, "00", "Aprobado", "{\"success\":\"true\",\"id\":\"" + tx + "\"}"));
    }

    private ProviderOutcome<Void> reversed() {
        return ProviderOutcome.succeeded(null, new ProviderExchange(200, "00", "Reversa exitosa",
                "{\"action\":\"reverse\",\"success\":\"true\"}"));
    }
}
