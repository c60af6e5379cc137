package dev.cobro.application.port.out;

import dev.cobro.domain.authorization.Authorization.ProviderResponse;

/** How a card authorization call ended. A decline is an outcome like any other. */
public sealed interface AuthorizeOutcome {

    ProviderExchange exchange();

    /** Response code 00 or 000. */
    record Approved(ProviderResponse response, ProviderExchange exchange) implements AuthorizeOutcome {
    }

    /** Any other response code. */
    record Declined(ProviderResponse response, ProviderExchange exchange) implements AuthorizeOutcome {
    }

    /** Refused before processing: validation errors (kept in the exchange), 4xx. */
    record Rejected(String reason, ProviderExchange exchange) implements AuthorizeOutcome {
    }

    /** Nothing reached the provider: the same key may send again. */
    record NotSent(String reason, ProviderExchange exchange) implements AuthorizeOutcome {
    }

    /** No answer after sending: resolved later by a reversal. */
    record Unknown(String reason, ProviderExchange exchange) implements AuthorizeOutcome {
    }
}
