package dev.cobro.application.port.in;

import dev.cobro.domain.shared.ValidationException;

/**
 * Which outcome events to list: those with an id above {@code afterId} (0: from the first), only
 * pending ones if {@code pendingOnly}, at most {@code limit} (1 to {@link #MAX_LIMIT}).
 */
public record ListOutcomeEventsCommand(boolean pendingOnly, long afterId, int limit) {

    public static final int MAX_LIMIT = 1000;
    public static final int DEFAULT_LIMIT = 100;

    public ListOutcomeEventsCommand {
        if (afterId < 0) {
            throw ValidationException.of("after", "must be 0 or an event id", Long.toString(afterId));
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ValidationException.of("limit", "must be 1 to " + MAX_LIMIT, Integer.toString(limit));
        }
    }

    /** The first {@link #DEFAULT_LIMIT} events, delivered or not. */
    public static ListOutcomeEventsCommand all() {
        return new ListOutcomeEventsCommand(false, 0, DEFAULT_LIMIT);
    }
}
