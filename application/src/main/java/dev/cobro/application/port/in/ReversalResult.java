package dev.cobro.application.port.in;

/** How a reversal went. Only {@link Reversed} changes the authorization's status. */
public sealed interface ReversalResult {

    AuthorizationView authorization();

    /** Reversed now, or already before (a repeated request is answered from the record). */
    record Reversed(AuthorizationView authorization) implements ReversalResult {
    }

    /** The provider refused to reverse (Pay-me code 01): the authorization stays as it was. */
    record Failed(AuthorizationView authorization, String code, String message) implements ReversalResult {
    }

    /** No answer: the resolver sends the reversal again (Pay-me's DELETE is idempotent). */
    record Unknown(AuthorizationView authorization, String reason) implements ReversalResult {
    }

    /** Nothing reached the provider: safe to ask again. */
    record NotSent(AuthorizationView authorization, String reason) implements ReversalResult {
    }

    /**
     * Not sent: another call of this authorization is unfinished, or someone changed it meanwhile
     * (a resolver on another instance, a second request). The stored authorization; ask again later.
     */
    record InProgress(AuthorizationView authorization) implements ReversalResult {
    }

    /** The provider refused the request before processing it. */
    record Rejected(AuthorizationView authorization, String reason) implements ReversalResult {
    }
}
