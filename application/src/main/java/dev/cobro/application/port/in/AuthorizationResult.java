package dev.cobro.application.port.in;

/**
 * The answer to an authorization request. Its status says how it went (AUTHORIZED, DECLINED with
 * the response code, REJECTED, NOT_SENT, UNKNOWN); the type says whether this call sent it.
 */
public sealed interface AuthorizationResult {

    AuthorizationView authorization();

    record Created(AuthorizationView authorization) implements AuthorizationResult {
    }

    record Replayed(AuthorizationView authorization) implements AuthorizationResult {
    }

    record InProgress(AuthorizationView authorization) implements AuthorizationResult {
    }
}
