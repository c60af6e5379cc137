package dev.cobro.application.port.in;

import dev.cobro.domain.authorization.Authorization;

/**
 * The answer to an authorization request. Its status says how it went (AUTHORIZED, DECLINED with
 * the response code, REJECTED, NOT_SENT, UNKNOWN); the type says whether this call sent it.
 */
public sealed interface AuthorizationResult {

    Authorization authorization();

    record Created(Authorization authorization) implements AuthorizationResult {
    }

    record Replayed(Authorization authorization) implements AuthorizationResult {
    }

    record InProgress(Authorization authorization) implements AuthorizationResult {
    }
}
