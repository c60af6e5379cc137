package dev.cobro.application.port.in;

import dev.cobro.domain.authorization.AuthorizationId;

import java.util.Objects;

/** Reverse an authorization, by Cobro's id. */
public record ReverseAuthorizationCommand(AuthorizationId authorizationId) {

    public ReverseAuthorizationCommand {
        Objects.requireNonNull(authorizationId, "authorizationId");
    }
}
