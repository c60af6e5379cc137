package dev.cobro.domain.authorization;

import dev.cobro.domain.shared.Aggregate;
import dev.cobro.domain.shared.Lifecycle;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.ProviderId;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

import static dev.cobro.domain.authorization.AuthorizationStatus.*;

/**
 * One card authorization (Pay-me). Created REQUESTED before the provider is called; a decline is
 * an outcome, kept with its response code and message.
 */
public final class Authorization extends Aggregate<AuthorizationId, AuthorizationStatus> {

    private final OperationNumber operationNumber;
    private final AuthorizationDetails details;
    private ProviderResponse response;
    private int failedReversals;

    /** What the provider last answered about the authorization itself. */
    public record ProviderResponse(String providerTransactionId, String authorizationCode, String responseCode,
                                   String message, String locale, String providerMaskedPan) {
        public static final ProviderResponse NONE = new ProviderResponse(null, null, null, null, null, null);
    }

    private Authorization(AuthorizationId id, ProviderId provider, AccountId account, OperationNumber operationNumber,
                          AuthorizationDetails details, String fingerprint, Instant createdAt,
                          Lifecycle<AuthorizationStatus> lifecycle, ProviderResponse response, int failedReversals,
                          long version) {
        super(id, provider, account, fingerprint, createdAt, lifecycle, SEND, version);
        this.operationNumber = Objects.requireNonNull(operationNumber, "operationNumber");
        this.details = Objects.requireNonNull(details, "details");
        this.response = response == null ? ProviderResponse.NONE : response;
        this.failedReversals = failedReversals;
    }

    public static Authorization request(AuthorizationId id, ProviderId provider, OperationNumber operationNumber,
                                        AuthorizationDetails details, String fingerprint, Clock clock) {
        return request(id, provider, AccountId.DEFAULT, operationNumber, details, fingerprint, clock);
    }

    /** A new authorization through one account of the provider, REQUESTED, not yet sent. */
    public static Authorization request(AuthorizationId id, ProviderId provider, AccountId account,
                                        OperationNumber operationNumber, AuthorizationDetails details,
                                        String fingerprint, Clock clock) {
        return new Authorization(id, provider, account, operationNumber, details, fingerprint, clock.instant(),
                Lifecycle.start(TRANSITIONS, REQUESTED, "requested", clock), ProviderResponse.NONE, 0, 0);
    }

    /** An authorization as it was stored. */
    public static Authorization restore(AuthorizationSnapshot s) {
        return new Authorization(s.id(), s.provider(), s.account(), s.operationNumber(), s.details(), s.fingerprint(),
                s.createdAt(), Lifecycle.restore(TRANSITIONS, s.status(), s.statusChanges(), s.updatedAt()),
                s.response(), s.failedReversals(), s.version());
    }

    /** The authorization's whole state, as a store keeps it and {@link #restore} takes it back. */
    public AuthorizationSnapshot snapshot() {
        return new AuthorizationSnapshot(id(), provider(), account(), operationNumber, details, fingerprint(), status(),
                response, failedReversals, createdAt(), updatedAt(), statusChanges(), version());
    }

    /** Response code 00/000: approved, from REQUESTED or (later evidence) UNKNOWN. */
    public void authorize(ProviderResponse response, Clock clock) {
        lifecycle().move(AUTHORIZED, "approved, code " + response.responseCode(), clock);
        this.response = response;
    }

    /** Any other response code: declined. A normal outcome, not an error. */
    public void decline(ProviderResponse response, Clock clock) {
        lifecycle().move(DECLINED, "declined, code " + response.responseCode()
                + (response.message() != null ? ": " + response.message() : ""), clock);
        this.response = response;
    }





    public void reverse(String reason, Clock clock) {
        lifecycle().move(REVERSED, reason, clock);
    }

    /** A reversal that the provider refused (code 01): the authorization stays as it was. */
    public void reversalFailed(Clock clock) {
        failedReversals++;
        lifecycle().touch(clock);
    }

    /** The resolver gave up reversing an UNKNOWN authorization: a person must look. */
    public void needsReview(String reason, Clock clock) {
        lifecycle().move(NEEDS_REVIEW, reason, clock);
    }

    public OperationNumber operationNumber() {
        return operationNumber;
    }

    public AuthorizationDetails details() {
        return details;
    }

    public ProviderResponse response() {
        return response;
    }

    public int failedReversals() {
        return failedReversals;
    }

    @Override
    public String toString() {
        return "Authorization[" + id() + " " + provider() + " op " + operationNumber + " " + details.money() + " "
                + details.instrument().masked() + " " + status() + "]";
    }
}
