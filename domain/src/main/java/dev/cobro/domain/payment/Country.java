package dev.cobro.domain.payment;

import dev.cobro.domain.shared.Countries;
import dev.cobro.domain.shared.ValidationException;

/** 88Pay's {@code country}: ISO 3166-1 alpha-3 ("MEX", "COL"). */
public record Country(String alpha3) {

    public Country {
        if (!Countries.isAlpha3(alpha3)) {
            throw ValidationException.of("country", "must be an ISO 3166-1 alpha-3 code such as MEX", alpha3);
        }
    }

    @Override
    public String toString() {
        return alpha3;
    }
}
