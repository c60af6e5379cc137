package dev.cobro.application.port.out;

import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.shared.Aggregate;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What every store of an aggregate a provider call creates does alike: the write-ahead, the save over
 * the version read, the read by id and the sweep's read by status. {@link PaymentStorePort} and
 * {@link AuthorizationStorePort} say each one's keys and guards.
 *
 * @param <A> the aggregate
 * @param <I> its id
 * @param <S> its status
 */
public interface AggregateStorePort<A extends Aggregate<I, S>, I, S extends Enum<S>> {

    /** The write-ahead: the new REQUESTED aggregate and its REQUESTED attempt in one transaction. */
    void insertRequested(A aggregate, ProviderAttempt attempt);

    /** The aggregate's new state over the version it was read at, and {@code attempt} (may be null). */
    void save(A aggregate, ProviderAttempt attempt);

    Optional<A> findById(I id);

    /** Aggregates in one of {@code statuses} whose status last changed before {@code before}, oldest first. */
    List<A> findByStatusUpdatedBefore(Set<S> statuses, Instant before, int limit);
}
