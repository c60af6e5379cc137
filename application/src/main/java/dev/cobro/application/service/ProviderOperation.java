package dev.cobro.application.service;

import dev.cobro.application.port.out.AttemptLogPort;
import dev.cobro.application.port.out.ConcurrentUpdateException;
import dev.cobro.application.port.out.DuplicateKeyException;
import dev.cobro.application.port.out.PreparedCall;
import dev.cobro.application.port.out.ProviderExchange;
import dev.cobro.application.port.out.StoreUnavailableException;
import dev.cobro.domain.attempt.AttemptOperation;
import dev.cobro.domain.attempt.AttemptStatus;
import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.TransactionKind;

import java.time.Clock;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The write-ahead sequence, written once for every provider call (Kill Bill's
 * {@code PaymentOperation} is the model): prepare the request and its redacted form, write ahead
 * (the subject and a REQUESTED attempt in one store call), call the provider, map its outcome to
 * a status, record it in a second store call. Each use case supplies only what differs, as
 * {@link Steps}. The guards of several instances on one database live here, so no use case can
 * forget them:
 * <ul>
 *   <li>nothing is called when the write-ahead fails;</li>
 *   <li>a write-ahead refused because the subject already has an unfinished call (another
 *       instance, a resolver, a retry racing the first call), because its key is taken or because
 *       someone saved the subject meanwhile is {@link Ran.Refused}: the caller answers from the
 *       record, the provider is not called;</li>
 *   <li>the outcome is recorded over the attempt only while it is still REQUESTED (the store's
 *       guarded update); when that write fails the attempt stays REQUESTED for the resolver and
 *       the caller gets a {@link StoreUnavailableException} saying so.</li>
 * </ul>
 * No database transaction is open during the call: each store call is atomic on its own.
 */
final class ProviderOperation {

    private final AttemptLogPort attempts;
    private final Supplier<UUID> ids;
    private final Clock clock;

    ProviderOperation(AttemptLogPort attempts, Supplier<UUID> ids, Clock clock) {
        this.attempts = Objects.requireNonNull(attempts, "attempts");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The payment or authorization a call is about. {@code isNew}: the write-ahead inserts it. */
    record Subject(TransactionKind kind, UUID id, ProviderId provider, AccountId account, boolean isNew,
                   String name) {
    }

    /** How a call ended for the attempt row. */
    record Settlement(AttemptStatus status, ProviderExchange exchange) {
    }

    /**
     * What one kind of call supplies. {@code P}: the prepared call; {@code O}: the provider's outcome.
     */
    interface Steps<P extends PreparedCall, O> {

        /** Builds the request and its redacted form. Nothing is recorded yet; may throw. */
        P prepare();

        /** The write-ahead: one store call that records the subject and {@code attempt} (REQUESTED). */
        void writeAhead(ProviderAttempt attempt);

        /** The provider call. Never throws for a provider's answer: every answer is an outcome. */
        O call(P prepared);

        /** Applies the outcome to the subject (its status changes) and says how the attempt ended. */
        Settlement settle(P prepared, O outcome);

        /** The outcome's store call: the subject and the finished attempt. */
        void record(ProviderAttempt attempt);
    }

    /** What came of {@link #run}. */
    sealed interface Ran<O> {

        /** The call was made; its outcome is applied and recorded. */
        record Sent<O>(O outcome, AttemptStatus status) implements Ran<O> {
        }

        /**
         * The write-ahead was refused ({@link dev.cobro.application.port.out.AttemptInProgressException}, {@link DuplicateKeyException}
         * or {@link ConcurrentUpdateException}): nothing was recorded and nothing was sent. The caller
         * answers from the record.
         */
        record Refused<O>(RuntimeException why) implements Ran<O> {
        }
    }

    <P extends PreparedCall, O> Ran<O> run(Subject subject, AttemptOperation operation, Steps<P, O> steps) {
        P prepared = steps.prepare();
        int number = subject.isNew() ? 1 : attempts.attemptsOf(subject.id()).size() + 1;
        ProviderAttempt attempt = ProviderAttempt.start(ids.get(), subject.kind(), subject.id(), subject.provider(),
                subject.account(), operation, number, prepared.redactedRequest(), clock);
        try {
            steps.writeAhead(attempt);
        } catch (DuplicateKeyException | ConcurrentUpdateException refused) {
            // AttemptInProgressException is a ConcurrentUpdateException: the subject has an unfinished call.
            return new Ran.Refused<>(refused);
        }
        O outcome = steps.call(prepared);
        Settlement settlement = steps.settle(prepared, outcome);
        ProviderExchange exchange = settlement.exchange() == null ? ProviderExchange.nothing() : settlement.exchange();
        attempt.finish(settlement.status(), exchange.httpStatus(), exchange.providerCode(), exchange.providerMessage(),
                exchange.redactedResponse(), clock);
        try {
            steps.record(attempt);
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("the " + operation.code() + " of " + subject.name() + " was sent to "
                    + subject.provider() + " and ended " + settlement.status() + ", but that outcome could not be"
                    + " recorded; its attempt stays REQUESTED and resolve-unknown will settle it", e);
        }
        return new Ran.Sent<>(outcome, settlement.status());
    }
}
