package dev.cobro.domain.shared;

import java.util.Objects;

/**
 * Where a call to the provider lands an aggregate when it brings no answer of the aggregate's own:
 * waiting to be sent, refused by the provider, never sent, or sent with no answer. Every aggregate a
 * provider call creates has these four, so {@link Aggregate} moves them alike.
 */
public record SendStatuses<S extends Enum<S>>(S requested, S rejected, S notSent, S unknown) {

    public SendStatuses {
        Objects.requireNonNull(requested, "requested");
        Objects.requireNonNull(rejected, "rejected");
        Objects.requireNonNull(notSent, "notSent");
        Objects.requireNonNull(unknown, "unknown");
    }
}
