package dev.cobro.domain.attempt;

import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.TransactionKind;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One call to a provider, recorded REQUESTED before it is made (with the redacted request) and
 * finished after it returns (status, HTTP status, provider code and message, redacted response,
 * latency). A call whose outcome was never recorded stays REQUESTED until the resolver settles it.
 */
public final class ProviderAttempt {

    private final UUID id;
    private final TransactionKind subjectKind;
    private final UUID subjectId;
    private final ProviderId provider;
    private final AccountId account;
    private final AttemptOperation operation;
    private final int number;
    private final Instant startedAt;
    private final String request;
    private AttemptStatus status;
    private Instant finishedAt;
    private Integer httpStatus;
    private String providerCode;
    private String providerMessage;
    private String response;

    private ProviderAttempt(UUID id, TransactionKind subjectKind, UUID subjectId, ProviderId provider,
                            AccountId account, AttemptOperation operation, int number, Instant startedAt, String request,
                            AttemptStatus status, Instant finishedAt, Integer httpStatus, String providerCode,
                            String providerMessage, String response) {
        this.id = Objects.requireNonNull(id, "id");
        this.subjectKind = Objects.requireNonNull(subjectKind, "subjectKind");
        this.subjectId = Objects.requireNonNull(subjectId, "subjectId");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.account = Objects.requireNonNull(account, "account");
        this.operation = Objects.requireNonNull(operation, "operation");
        if (number < 1) {
            throw new IllegalArgumentException("attempt number " + number + " must be 1 or more");
        }
        this.number = number;
        this.startedAt = Objects.requireNonNull(startedAt, "startedAt");
        this.request = request;
        this.status = Objects.requireNonNull(status, "status");
        this.finishedAt = finishedAt;
        this.httpStatus = httpStatus;
        this.providerCode = providerCode;
        this.providerMessage = providerMessage;
        this.response = response;
    }

    /** A call about to be made. {@code redactedRequest} holds no card data and no credential. */
    public static ProviderAttempt start(UUID id, TransactionKind subjectKind, UUID subjectId, ProviderId provider,
                                        AttemptOperation operation, int number, String redactedRequest, Clock clock) {
        return start(id, subjectKind, subjectId, provider, AccountId.DEFAULT, operation, number, redactedRequest,
                clock);
    }

    /** A call about to be made through one account of the provider. */
    public static ProviderAttempt start(UUID id, TransactionKind subjectKind, UUID subjectId, ProviderId provider,
                                        AccountId account, AttemptOperation operation, int number,
                                        String redactedRequest, Clock clock) {
        return new ProviderAttempt(id, subjectKind, subjectId, provider, account, operation, number, clock.instant(),
                redactedRequest, AttemptStatus.REQUESTED, null, null, null, null, null);
    }

    /** An attempt as it was recorded. */
    public static ProviderAttempt restore(AttemptSnapshot s) {
        return new ProviderAttempt(s.id(), s.subjectKind(), s.subjectId(), s.provider(), s.account(), s.operation(),
                s.number(), s.startedAt(), s.request(), s.status(), s.finishedAt(), s.httpStatus(), s.providerCode(),
                s.providerMessage(), s.response());
    }

    /** The attempt's whole state, as the attempt log keeps it and {@link #restore} takes it back. */
    public AttemptSnapshot snapshot() {
        return new AttemptSnapshot(id, subjectKind, subjectId, provider, account, operation, number, startedAt, request,
                status, finishedAt, httpStatus, providerCode, providerMessage, response);
    }

    /** Records how the call ended. An attempt finishes once. */
    public void finish(AttemptStatus outcome, Integer httpStatus, String providerCode, String providerMessage,
                       String redactedResponse, Clock clock) {
        if (status != AttemptStatus.REQUESTED) {
            throw new IllegalStateException("attempt " + id + " already finished as " + status);
        }
        if (outcome == AttemptStatus.REQUESTED) {
            throw new IllegalArgumentException("an attempt cannot finish as REQUESTED");
        }
        this.status = Objects.requireNonNull(outcome, "outcome");
        this.finishedAt = clock.instant();
        this.httpStatus = httpStatus;
        this.providerCode = providerCode;
        this.providerMessage = providerMessage;
        this.response = redactedResponse;
    }

    public boolean isFinished() {
        return status != AttemptStatus.REQUESTED;
    }

    public UUID id() {
        return id;
    }

    public TransactionKind subjectKind() {
        return subjectKind;
    }

    public UUID subjectId() {
        return subjectId;
    }

    public ProviderId provider() {
        return provider;
    }

    public AccountId account() {
        return account;
    }

    public AttemptOperation operation() {
        return operation;
    }

    public int number() {
        return number;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public String request() {
        return request;
    }

    public AttemptStatus status() {
        return status;
    }

    public Instant finishedAt() {
        return finishedAt;
    }

    /** Time from start to finish, or null while the attempt has no outcome. */
    public Duration latency() {
        return finishedAt == null ? null : Duration.between(startedAt, finishedAt);
    }

    public Integer httpStatus() {
        return httpStatus;
    }

    public String providerCode() {
        return providerCode;
    }

    public String providerMessage() {
        return providerMessage;
    }

    public String response() {
        return response;
    }

    @Override
    public String toString() {
        return "ProviderAttempt[" + provider + " " + operation.code() + " #" + number + " " + status + "]";
    }
}
