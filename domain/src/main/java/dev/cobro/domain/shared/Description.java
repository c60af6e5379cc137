package dev.cobro.domain.shared;

/** What the customer is paying for; at most 50 characters (Pay-me {@code transaction.meta.description}). */
public record Description(String value) {

    public static final int MAX = 50;

    public Description {
        Violations v = new Violations();
        Text.required(v, "description", value, MAX);
        v.throwIfAny();
    }

    @Override
    public String toString() {
        return value;
    }
}
