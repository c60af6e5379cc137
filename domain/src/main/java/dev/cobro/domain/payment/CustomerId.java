package dev.cobro.domain.payment;

import dev.cobro.domain.shared.Text;
import dev.cobro.domain.shared.Violations;

/** The host's id of its customer (88Pay {@code customer_id}). */
public record CustomerId(String value) {

    public static final int MAX = 64;

    public CustomerId {
        Violations v = new Violations();
        Text.required(v, "customer_id", value, MAX);
        v.throwIfAny();
    }

    @Override
    public String toString() {
        return value;
    }
}
