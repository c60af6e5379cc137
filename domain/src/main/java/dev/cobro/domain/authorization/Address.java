package dev.cobro.domain.authorization;

import dev.cobro.domain.shared.Countries;
import dev.cobro.domain.shared.Text;
import dev.cobro.domain.shared.Violations;

/**
 * Pay-me's {@code address.billing} / {@code address.shipping}, with the seed's lengths. Every
 * billing field except {@code id} is required; a shipping address may leave any out.
 */
public record Address(String id, String firstName, String lastName, String email, String phoneCountryCode,
                      String phoneSubscriber, String line1, String line2, String city, String state,
                      String country, String zipCode) {

    public Address {
        Violations v = new Violations();
        Text.optional(v, "id", id, 50);
        Text.optional(v, "first_name", firstName, 50);
        Text.optional(v, "last_name", lastName, 50);
        Text.optional(v, "phone.country_code", phoneCountryCode, 5);
        Text.optional(v, "phone.subscriber", phoneSubscriber, 20);
        Text.optional(v, "location.line_1", line1, 50);
        Text.optional(v, "location.line_2", line2, 50);
        Text.optional(v, "location.city", city, 30);
        Text.optional(v, "location.state", state, 30);
        Text.optional(v, "location.zip_code", zipCode, 10);
        // Text.email checks the length too: checking it here as well would report it twice.
        if (email != null && !email.isBlank()) {
            Text.email(v, "email", email, 60);
        } else {
            Text.optional(v, "email", email, 60);
        }
        if (country != null && !Countries.isAlpha2(country)) {
            v.add("location.country", "must be an ISO 3166-1 alpha-2 code such as PE", country);
        }
        v.throwIfAny();
    }

    /** A billing address: the seed marks every field but {@code id} as required. */
    public static Address billing(String id, String firstName, String lastName, String email, String phoneCountryCode,
                                  String phoneSubscriber, String line1, String line2, String city, String state,
                                  String country, String zipCode) {
        Violations v = new Violations();
        Address address = v.field("", () -> new Address(id, firstName, lastName, email, phoneCountryCode,
                phoneSubscriber, line1, line2, city, state, country, zipCode));
        requirePresent(v, "first_name", firstName);
        requirePresent(v, "last_name", lastName);
        requirePresent(v, "email", email);
        requirePresent(v, "phone.country_code", phoneCountryCode);
        requirePresent(v, "phone.subscriber", phoneSubscriber);
        requirePresent(v, "location.line_1", line1);
        requirePresent(v, "location.line_2", line2);
        requirePresent(v, "location.city", city);
        requirePresent(v, "location.state", state);
        requirePresent(v, "location.country", country);
        requirePresent(v, "location.zip_code", zipCode);
        v.throwIfAny();
        return address;
    }

    private static void requirePresent(Violations v, String field, String value) {
        if (value == null) {
            v.add(field, "is required", null);
        }
    }
}
