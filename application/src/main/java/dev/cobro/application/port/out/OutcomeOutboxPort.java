package dev.cobro.application.port.out;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The outcome events the stores write with every status change (same transaction), and their
 * delivery. Safe on any number of instances: the claim is the database's (PostgreSQL: {@code FOR
 * UPDATE SKIP LOCKED}).
 */
public interface OutcomeOutboxPort {

    /** What became of one delivery; decided by the caller while the event is claimed. */
    sealed interface Delivery {

        /** The listener took it: marked delivered in the claim's transaction. */
        record Delivered() implements Delivery {
        }

        /** The listener threw: kept pending, tried again not before {@code retryAt}. */
        record Failed(String error, Instant retryAt) implements Delivery {
        }
    }

    /**
     * What one claim did: {@code claimed} counts every event it took, those it kept back untouched (a
     * subject's events after one that failed or that another dispatcher holds) included; {@code more}:
     * it was full, so a claim right after it may find more of the run's events.
     */
    record Claim(int claimed, int delivered, int failed, boolean more) {
    }

    /**
     * In one transaction: claims up to {@code limit} due events with an id up to {@code upTo}, in id
     * order, none held by another dispatcher and none whose subject has an earlier event waiting for
     * its retry; hands each to {@code delivery} in id order, records what it returns, and commits. A
     * subject's event is handed on only after its earlier pending event was delivered in the same claim;
     * one whose earlier event failed, was kept back or is another dispatcher's stays pending as it was,
     * not handed on and no try counted. So delivery keeps each subject's order. A crash before the commit
     * leaves them all pending: they come again.
     */
    Claim deliverDue(int limit, long upTo, Instant now, Function<OutcomeEvent, Delivery> delivery);

    /** The highest id an event was stored with so far (0 when there is none): the bound of a delivery run. */
    long newestEventId();

    /** Events with an id above {@code afterId} in id order, only pending ones if asked. */
    List<OutcomeEvent> list(boolean pendingOnly, long afterId, int limit);

    /** Deletes delivered events delivered before {@code before}; returns how many. Pending ones stay. */
    long pruneDeliveredBefore(Instant before);

    /** How many events are pending, and when the oldest of them occurred. */
    Backlog backlog();

    record Backlog(long pending, Optional<Instant> oldestPendingOccurredAt) {
    }
}
