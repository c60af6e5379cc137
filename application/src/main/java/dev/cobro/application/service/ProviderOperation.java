package dev.cobro.application.service;

import dev.cobro.application.port.in.IdempotencyConflictException;
import dev.cobro.application.port.out.AggregateStorePort;
import dev.cobro.application.port.out.AttemptLogPort;
import dev.cobro.application.port.out.ConcurrentUpdateException;
import dev.cobro.application.port.out.DuplicateKeyException;
import dev.cobro.application.port.out.MetricsPort;
import dev.cobro.application.port.out.PreparedCall;
import dev.cobro.application.port.out.ProviderExchange;
import dev.cobro.application.port.out.ProviderOutcome;
import dev.cobro.application.port.out.StoreUnavailableException;
import dev.cobro.application.port.out.TransactionStatus;
import dev.cobro.domain.attempt.AttemptOperation;
import dev.cobro.domain.attempt.AttemptStatus;
import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.Aggregate;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.TransactionKind;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The write-ahead sequence, written once for every provider call (Kill Bill's
 * {@code PaymentOperation} is the model): prepare the request and its redacted form, write ahead
 * (the subject and a REQUESTED attempt in one store call), call the provider (timed, with its
 * outcome, in the {@link MetricsPort}), apply its {@link ProviderOutcome} to the subject, map it to
 * the attempt's status ({@link #statusOf}, the one settle table) and record it in a second store
 * call. A use case supplies only what differs, as a {@link Call}: prepare, send, apply. The guards of
 * several instances on one database live here, so no use case can forget them:
 * <ul>
 *   <li>nothing is called when the write-ahead fails;</li>
 *   <li>a write-ahead refused because the subject already has an unfinished call (another
 *       instance, a resolver, a retry racing the first call), because its key is taken or because
 *       someone saved the subject meanwhile is {@link Ran.Refused}: the caller answers from the
 *       record ({@link #answerFromRecord}), the provider is not called;</li>
 *   <li>the outcome is recorded over the attempt only while it is still REQUESTED (the store's
 *       guarded update); when that write fails the attempt stays REQUESTED for the resolver and
 *       the caller gets a {@link StoreUnavailableException} saying so.</li>
 * </ul>
 * No database transaction is open during the call: each store call is atomic on its own.
 */
final class ProviderOperation {

    private final AttemptLogPort attempts;
    private final MetricsPort metrics;
    private final Supplier<UUID> ids;
    private final Clock clock;

    ProviderOperation(AttemptLogPort attempts, MetricsPort metrics, Supplier<UUID> ids, Clock clock) {
        this.attempts = Objects.requireNonNull(attempts, "attempts");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The payment or authorization a call is about, and its two store calls: {@code insert} writes a
     * new subject with its first attempt (its key's unique constraint is the guard), {@code save}
     * writes it with an attempt, REQUESTED or finished (its version is the guard).
     */
    record Subject(TransactionKind kind, UUID id, ProviderId provider, AccountId account, String name,
                   Consumer<ProviderAttempt> insert, Consumer<ProviderAttempt> save) {

        /**
         * An aggregate as its store keeps it: inserted with its first attempt, saved with the others.
         * {@code id} is the aggregate's id as the attempt log keys it; {@code name} names it in errors.
         */
        static <A extends Aggregate<I, S>, I, S extends Enum<S>> Subject of(TransactionKind kind, A aggregate,
                                                                           UUID id, String name,
                                                                           AggregateStorePort<A, I, S> store) {
            return new Subject(kind, id, aggregate.provider(), aggregate.account(), name,
                    attempt -> store.insertRequested(aggregate, attempt), attempt -> store.save(aggregate, attempt));
        }
    }

    /**
     * What one kind of call supplies. {@code P}: the prepared call; {@code S}: what an answer carries.
     *
     * @param prepare builds the request and its redacted form; nothing is recorded yet; may throw
     * @param send    the provider call; never throws for a provider's answer: every answer is an outcome
     * @param apply   moves the subject as the outcome says; its attempt's status is the settle table's
     */
    record Call<P extends PreparedCall, S>(Supplier<P> prepare, Function<P, ProviderOutcome<S>> send,
                                           BiConsumer<P, ProviderOutcome<S>> apply) {
    }

    /** What came of {@link #run}. */
    sealed interface Ran<S> {

        /** The call was made; its outcome is applied and recorded. */
        record Sent<S>(ProviderOutcome<S> outcome, AttemptStatus status) implements Ran<S> {
        }

        /**
         * The write-ahead was refused ({@link dev.cobro.application.port.out.AttemptInProgressException},
         * {@link DuplicateKeyException} or {@link ConcurrentUpdateException}): nothing was recorded and
         * nothing was sent. The caller answers from the record.
         */
        record Refused<S>(RuntimeException why) implements Ran<S> {
        }
    }

    /**
     * The one settle table: how an outcome ends its attempt. A reversal or a refund the provider
     * answers as failed is FAILED (nothing to decline there); a declined card is DECLINED.
     */
    static AttemptStatus statusOf(AttemptOperation operation, ProviderOutcome<?> outcome) {
        if (outcome instanceof ProviderOutcome.Succeeded) {
            return AttemptStatus.SUCCEEDED;
        }
        if (outcome instanceof ProviderOutcome.Declined) {
            return operation == AttemptOperation.REVERSE || operation == AttemptOperation.REFUND ? AttemptStatus.FAILED
                    : AttemptStatus.DECLINED;
        }
        if (outcome instanceof ProviderOutcome.Rejected) {
            return AttemptStatus.REJECTED;
        }
        if (outcome instanceof ProviderOutcome.NotSent) {
            return AttemptStatus.NOT_SENT;
        }
        return AttemptStatus.UNKNOWN;
    }

    /**
     * An outcome's name on the provider-call timer: a success by what it did ({@code accepted},
     * {@code approved}, {@code reversed}, {@code refunded}; {@code succeeded} for an operation not
     * named here), any other by its attempt status in lower case ({@code declined}, {@code failed},
     * {@code rejected}, {@code not_sent}, {@code unknown}). A closed set, never a value from the answer.
     */
    static String outcomeTag(AttemptOperation operation, AttemptStatus status) {
        if (status != AttemptStatus.SUCCEEDED) {
            return status.name().toLowerCase(Locale.ROOT);
        }
        switch (operation) {
            case CHARGE:
                return "accepted";
            case AUTHORIZE:
                return "approved";
            case REVERSE:
                return "reversed";
            case REFUND:
                return "refunded";
            default:
                return "succeeded";
        }
    }

    /** Finishes {@code attempt} as {@code outcome} says, through the settle table. */
    static void finish(ProviderAttempt attempt, ProviderOutcome<?> outcome, Clock clock) {
        ProviderExchange exchange = outcome.exchange() == null ? ProviderExchange.nothing() : outcome.exchange();
        attempt.finish(statusOf(attempt.operation(), outcome), exchange.httpStatus(), exchange.providerCode(),
                exchange.providerMessage(), exchange.redactedResponse(), clock);
    }

    <P extends PreparedCall, S> Ran<S> run(Subject subject, boolean isNew, AttemptOperation operation,
                                           Call<P, S> call) {
        P prepared = call.prepare().get();
        int number = isNew ? 1 : attempts.attemptsOf(subject.id()).size() + 1;
        ProviderAttempt attempt = ProviderAttempt.start(ids.get(), subject.kind(), subject.id(), subject.provider(),
                subject.account(), operation, number, prepared.redactedRequest(), clock);
        try {
            (isNew ? subject.insert() : subject.save()).accept(attempt);
        } catch (DuplicateKeyException | ConcurrentUpdateException refused) {
            // AttemptInProgressException is a ConcurrentUpdateException: the subject has an unfinished call.
            return new Ran.Refused<>(refused);
        }
        ProviderOutcome<S> outcome = timed(subject, operation, () -> call.send().apply(prepared));
        call.apply().accept(prepared, outcome);
        finish(attempt, outcome, clock);
        try {
            subject.save().accept(attempt);
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("the " + operation.code() + " of " + subject.name() + " was sent to "
                    + subject.provider() + " and ended " + attempt.status() + ", but that outcome could not be"
                    + " recorded; its attempt stays REQUESTED and resolve-unknown will settle it", e);
        }
        return new Ran.Sent<>(outcome, attempt.status());
    }

    /** Times one provider call; a call that throws is counted with outcome {@code error}. */
    private <S> ProviderOutcome<S> timed(Subject subject, AttemptOperation operation,
                                         Supplier<ProviderOutcome<S>> call) {
        if (metrics == MetricsPort.NONE) {
            return call.get();
        }
        long started = System.nanoTime();
        String outcome = "error";
        try {
            ProviderOutcome<S> result = call.get();
            outcome = outcomeTag(operation, statusOf(operation, result));
            return result;
        } finally {
            metrics.providerCall(subject.provider(), subject.account().value(), operation, outcome,
                    Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /**
     * How a use case answers from its record, for requests under an idempotency key (a merchant
     * reference, an operation number). What every aggregate has (its id, fingerprint and status, and
     * its store's read by id) is taken from the {@link Aggregate} and its {@link AggregateStorePort};
     * a use case supplies what is its own. {@code A}: the stored aggregate; {@code R}: the use case's result.
     *
     * @param store      reads a stored aggregate again by its id
     * @param byKey      the aggregate stored under the same key as the given one
     * @param conflict   the message when the key was used for another request
     * @param inProgress the answer while its call is unfinished
     * @param replayed   the answer for a settled one
     */
    record Answers<A extends Aggregate<I, S>, I, S extends Enum<S>, R>(
            AggregateStorePort<A, I, S> store, Function<A, Optional<A>> byKey, Function<A, String> conflict,
            Function<A, R> inProgress, Function<A, R> replayed) {
    }

    /**
     * A refused write-ahead of {@code subject}, answered from the record. A new subject's key was
     * taken: the stored one is a repeated request, a conflict with another fingerprint, in progress
     * while its call is unfinished, sent again ({@code resend}) when NOT_SENT (the one status the same
     * key may send again), else replayed. A stored subject's own write-ahead lost to another call of
     * it: in progress. The refusal itself is thrown when the record holds nothing.
     */
    static <A extends Aggregate<I, S>, I, S extends Enum<S>, R> R answerFromRecord(
            Ran.Refused<?> refused, A subject, boolean isNew, String fingerprint, Answers<A, I, S, R> answers,
            Function<A, R> resend) {
        A stored = (isNew ? answers.byKey().apply(subject) : answers.store().findById(subject.id()))
                .orElseThrow(refused::why);
        if (!isNew) {
            return answers.inProgress().apply(stored);
        }
        if (!stored.fingerprint().equals(fingerprint)) {
            throw new IdempotencyConflictException(answers.conflict().apply(stored));
        }
        // Every aggregate's status has its namesake among the transaction statuses.
        TransactionStatus status = TransactionStatus.valueOf(stored.status().name());
        if (status == TransactionStatus.REQUESTED) {
            return answers.inProgress().apply(stored);
        }
        return status == TransactionStatus.NOT_SENT ? resend.apply(stored) : answers.replayed().apply(stored);
    }
}
