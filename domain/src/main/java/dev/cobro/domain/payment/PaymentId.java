package dev.cobro.domain.payment;

import java.util.Objects;
import java.util.UUID;

/** Cobro's own id of a checkout payment. */
public record PaymentId(UUID value) {

    public PaymentId {
        Objects.requireNonNull(value, "payment id");
    }

    public static PaymentId of(String value) {
        try {
            return new PaymentId(UUID.fromString(value));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw dev.cobro.domain.shared.ValidationException.of("id", "must be a UUID", value);
        }
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
