package dev.cobro.application.port.out;

/** How a reversal call ended. */
public sealed interface ReverseOutcome {

    ProviderExchange exchange();

    record Reversed(ProviderExchange exchange) implements ReverseOutcome {
    }

    /** The provider answered that the reversal failed (Pay-me code 01, success "false"). */
    record Failed(String code, String message, ProviderExchange exchange) implements ReverseOutcome {
    }

    record Rejected(String reason, ProviderExchange exchange) implements ReverseOutcome {
    }

    record NotSent(String reason, ProviderExchange exchange) implements ReverseOutcome {
    }

    record Unknown(String reason, ProviderExchange exchange) implements ReverseOutcome {
    }
}
