package dev.cobro.adapters.persistence;

import jakarta.persistence.Embeddable;

/**
 * A billing or shipping address. Its columns take the attribute's name as prefix
 * ({@code billing_first_name}, {@code shipping_city}): see {@link HibernateSetup}'s naming.
 */
@Embeddable
class AddressColumns {

    public String id;
    public String firstName;
    public String lastName;
    public String email;
    public String phoneCountryCode;
    public String phoneSubscriber;
    public String line1;
    public String line2;
    public String city;
    public String state;
    public String country;
    public String zipCode;

    AddressColumns() {
    }
}
