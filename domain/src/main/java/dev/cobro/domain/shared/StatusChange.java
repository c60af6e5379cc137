package dev.cobro.domain.shared;

import java.time.Instant;
import java.util.Objects;

/** One transition of an aggregate's status, kept with its time and reason. {@code from} is null for creation. */
public record StatusChange<S extends Enum<S>>(S from, S to, String reason, Instant at) {

    public StatusChange {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(at, "at");
        reason = reason == null ? "" : reason;
    }
}
