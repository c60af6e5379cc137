package dev.cobro.domain.authorization;

import dev.cobro.domain.shared.ValidationException;

import java.util.Objects;
import java.util.UUID;

/** Cobro's own id of a card authorization (what {@code reverse --id} takes). */
public record AuthorizationId(UUID value) {

    public AuthorizationId {
        Objects.requireNonNull(value, "authorization id");
    }

    public static AuthorizationId of(String value) {
        try {
            return new AuthorizationId(UUID.fromString(value));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ValidationException.of("id", "must be a UUID", value);
        }
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
