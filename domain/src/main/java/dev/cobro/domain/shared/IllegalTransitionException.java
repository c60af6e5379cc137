package dev.cobro.domain.shared;

/** A state change that the aggregate's transition table forbids. */
public class IllegalTransitionException extends IllegalStateException {

    private final String from;
    private final String to;

    public IllegalTransitionException(String aggregate, Enum<?> from, Enum<?> to) {
        super(aggregate + " cannot go from " + from + " to " + to);
        this.from = from.name();
        this.to = to.name();
    }

    public String from() {
        return from;
    }

    public String to() {
        return to;
    }
}
